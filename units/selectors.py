"""Reads about organisations, scoped to the organisation the request acts for.

Single objects of another organisation answer 404 (``get_<thing>_for``), never 403.
"""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from reference.models import Region
from titleportal.validators import normalize_uscc

from .models import Department, Membership, Office, OrganisationEvent, StaffInvitation, Unit

SEARCH_LIMIT = 20


def search_units(query: str, *, limit: int = SEARCH_LIMIT) -> list[dict]:
    """Active units whose name contains ``query``, whose pinyin initials start with it
    (南宁蓝海 ← "nnlh") or whose USCC starts with it."""
    # NUL cannot go into a PostgreSQL query; nobody types a 50-character unit keyword.
    query = (query or "").replace("\x00", "").strip()[:50]
    if not query:
        return []
    condition = Q(name__icontains=query)
    if query.isascii():
        condition |= Q(name_initials__startswith=query.lower()) | Q(
            uscc__startswith=normalize_uscc(query)
        )
    units = (
        Unit.objects.filter(condition, is_active=True)
        .select_related("region")
        .order_by("name")[:limit]
    )
    return [
        {"id": unit.pk, "name": unit.name, "uscc": unit.uscc, "region": unit.region.full_name}
        for unit in units
    ]


def unit_for_key(key: str) -> Unit | None:
    key = (key or "").strip().upper()
    if not key:
        return None
    return Unit.objects.filter(key=key, is_active=True).first()


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")


def region_children(parent_code: str) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=parent_code).order_by("code")


def unit_staff(unit: Unit) -> QuerySet[Membership]:
    """The unit's staff memberships, people included, in the order they were added."""
    return (
        Membership.objects.filter(unit=unit, role=Role.UNIT_STAFF)
        .select_related("person")
        .order_by("created_at", "pk")
    )


def enabled_unit_staff(unit: Unit) -> QuerySet[Membership]:
    return unit_staff(unit).filter(is_enabled=True, person__is_active=True)


def recovery_staff(unit: Unit) -> QuerySet[Membership]:
    """The staff who can recover the unit's password: enabled, with a mobile number."""
    return enabled_unit_staff(unit).filter(person__phone__isnull=False)


def get_unit_membership_for(unit: Unit, pk: object) -> Membership:
    return get_object_or_404(unit_staff(unit), pk=pk)


DECLINED_SHOWN_DAYS = 30


def unit_invitations(unit: Unit) -> QuerySet[StaffInvitation]:
    """The unit's invitations still waiting for an answer, and those declined lately."""
    since = timezone.now() - datetime.timedelta(days=DECLINED_SHOWN_DAYS)
    return (
        StaffInvitation.objects.filter(unit=unit)
        .filter(
            Q(status=StaffInvitation.Status.PENDING)
            | Q(status=StaffInvitation.Status.DECLINED, answered_at__gte=since)
        )
        .select_related("person")
        .order_by("-created_at", "-pk")
    )


def get_unit_invitation_for(unit: Unit, pk: object) -> StaffInvitation:
    return get_object_or_404(StaffInvitation.objects.filter(unit=unit), pk=pk)


def get_invitation_for_person(person: User, pk: object) -> StaffInvitation:
    """An invitation addressed to ``person``; anyone else's answers 404."""
    return get_object_or_404(
        StaffInvitation.objects.filter(person=person).select_related("unit", "invited_by"),
        pk=pk,
    )


def unit_events(unit: Unit, *, limit: int = 50) -> QuerySet[OrganisationEvent]:
    return OrganisationEvent.objects.filter(unit=unit).select_related("subject")[:limit]


def unit_summary(unit: Unit) -> dict:
    counts = Membership.objects.filter(unit=unit, role=Role.UNIT_STAFF).aggregate(
        total=Count("pk"), enabled=Count("pk", filter=Q(is_enabled=True))
    )
    return {"staff_total": counts["total"], "staff_enabled": counts["enabled"]}


def departments_under(office: Office) -> QuerySet[Department]:
    """Competent departments under ``office``: its own and those of the offices below it."""
    return Department.objects.filter(Q(office=office) | Q(office__parent=office))


def departments_of_office(office: Office) -> QuerySet[Department]:
    """Competent departments under ``office``, each with its staff memberships."""
    return (
        departments_under(office)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role=Role.DEPARTMENT_STAFF)
                .select_related("person")
                .order_by("created_at", "pk"),
                to_attr="staff",
            )
        )
    )


def get_department_for(office: Office, pk: object) -> Department:
    return get_object_or_404(departments_under(office), pk=pk)


def get_department_membership_for(office: Office, pk: object) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(
            role=Role.DEPARTMENT_STAFF, department__in=departments_under(office)
        ).select_related("person", "department"),
        pk=pk,
    )
