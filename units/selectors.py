"""Reads about organisations, scoped to the organisation the request acts for.

Single objects of another organisation answer 404 (``get_<thing>_for``), never 403.
"""

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from reference.models import Level, Region, Series
from titleportal.validators import normalize_uscc

from .models import (
    Affiliation,
    Committee,
    Department,
    Membership,
    Office,
    OrganisationEvent,
    ReviewSession,
    StaffInvitation,
    Unit,
)

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


def unit_people(unit: Unit, *, query: str = "") -> QuerySet[Affiliation]:
    """单位用户: everyone who joined ``unit`` with its key, newest first, each knowing whether
    they are also on its staff; ``query`` is part of a name or a whole document number."""
    people = Affiliation.objects.filter(unit=unit).select_related("person")
    query = (query or "").replace("\x00", "").strip()[:50]
    if query:
        people = people.filter(
            Q(person__full_name__icontains=query) | Q(person__id_number=query.upper())
        )
    return people.annotate(
        is_staff=Exists(
            Membership.objects.filter(unit=unit, person=OuterRef("person_id"), is_enabled=True)
        )
    ).order_by("-joined_at", "-pk")


def get_unit_person_for(unit: Unit, pk: object) -> Affiliation:
    """One person of ``unit`` (by affiliation); anyone else's answers 404."""
    return get_object_or_404(Affiliation.objects.filter(unit=unit).select_related("person"), pk=pk)


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


# --- public: the committee directory (seed 004, 选择评委会) -----------------------------------


class SessionState:
    """工作状态 of a committee in the directory, from its current review session."""

    NONE = "none"
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def _current_session(committee: Committee, today: datetime.date) -> ReviewSession | None:
    """The committee's session of the latest year that has opened, else the next one."""
    sessions: list[ReviewSession] = committee.directory_sessions  # type: ignore[attr-defined]  # newest year first
    opened = [s for s in sessions if s.opens_on <= today]
    if opened:
        return opened[0]
    return sessions[-1] if sessions else None


def session_state(session: ReviewSession | None, today: datetime.date) -> str:
    if session is None:
        return SessionState.NONE
    if session.is_open(today):
        return SessionState.OPEN
    if session.intake_closed_at is None and today < session.opens_on:
        return SessionState.UPCOMING
    return SessionState.CLOSED


def public_committees(
    *, series: Series | None = None, level: Level | None = None
) -> QuerySet[Committee]:
    """Active committees with series, levels, region scope and their sessions prefetched."""
    committees = (
        Committee.objects.filter(is_active=True)
        .select_related("series", "region", "office")
        .prefetch_related(
            "levels",
            "region_scope",
            Prefetch(
                "sessions",
                queryset=ReviewSession.objects.order_by("-year", "-opens_on"),
                to_attr="directory_sessions",
            ),
        )
        .order_by("series__sort", "name", "pk")
    )
    if series is not None:
        committees = committees.filter(series=series)
    if level is not None:
        committees = committees.filter(levels=level)
    return committees


def committee_directory(
    *,
    series: Series | None = None,
    level: Level | None = None,
    today: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """The directory rows: each committee with its current session and that session's state."""
    today = today or timezone.localdate()
    rows = []
    for committee in public_committees(series=series, level=level):
        session = _current_session(committee, today)
        rows.append(
            {"committee": committee, "session": session, "state": session_state(session, today)}
        )
    return rows


def get_public_committee(pk: object, *, today: datetime.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    committee = get_object_or_404(public_committees(), pk=pk)
    session = _current_session(committee, today)
    return {"committee": committee, "session": session, "state": session_state(session, today)}
