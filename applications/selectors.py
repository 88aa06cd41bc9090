"""Reads of applications, scoped to the role a request acts as."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role
from applications.models import ActionLog
from units.models import ReviewSession

from .models import Application, Status, VoidNotice
from .sections import ApplicationSections, section_snapshot, sections_for  # noqa: F401

# Reviewer role -> (application field naming its organisation, the review state of its level)
REVIEW_LEVEL = {
    Role.DEPARTMENT_STAFF: ("department", Status.DEPT_REVIEW),
    Role.OFFICE_STAFF: ("office", Status.OFFICE_REVIEW),
    Role.COMMITTEE_STAFF: ("committee", Status.COMMITTEE_REVIEW),
}


def _reached(state: str) -> Q:
    """The application is at ``state`` now or has been there (the action log says so)."""
    been_there = ActionLog.objects.filter(application=OuterRef("pk"), to_status=state)
    return Q(status=state) | Q(Exists(been_there))


def applications_visible_to(role_context, *, user=None):
    """Every application the acting role may see.

    Applicants see their own; unit staff their unit's once submitted; department, office and
    committee staff those routed to their organisation once they reached that level.
    """
    queryset = Application.objects.all()
    if role_context is None:
        return queryset.none()
    role = role_context.role
    if role == Role.APPLICANT:
        return queryset.filter(applicant=user) if user is not None else queryset.none()
    if role == Role.UNIT_STAFF:
        return queryset.filter(unit=role_context.organisation).exclude(status=Status.DRAFT)
    if role in REVIEW_LEVEL:
        field, state = REVIEW_LEVEL[role]
        return queryset.filter(_reached(state), **{field: role_context.organisation})
    return queryset.none()


def get_application_for(role_context, pk, *, user=None) -> Application:
    """One application within the acting role's scope; 404 for anything else."""
    application = (
        applications_visible_to(role_context, user=user)
        .select_related(
            "applicant",
            "series",
            "level",
            "qualification__series",
            "qualification__level",
            "specialty",
            "unit",
            "department",
            "office",
            "committee",
            "review_session",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def applications_of(user, kind: str):
    """The applicant's own applications of one kind, for the list cards."""
    return (
        Application.objects.filter(applicant=user, kind=kind)
        .select_related(
            "qualification__series",
            "qualification__level",
            "level",
            "office",
            "committee",
            "void_notice",
        )
        .order_by("-created_at", "-pk")
    )


def open_sessions(year: int, on: datetime.date | None = None):
    on = on or timezone.localdate()
    return ReviewSession.objects.filter(
        year=year, intake_closed_at__isnull=True, opens_on__lte=on, unit_deadline__gte=on
    )


def committees_for(*, unit, series, level, year: int, on: datetime.date | None = None):
    """Committees an applicant of ``unit`` may choose: (direct, entrusted).

    Only committees of the series and level with an open review session of the year are
    offered; those whose region scope does not cover the unit's region need an entrusted
    review (需委托评审). Each committee carries its ``session``.
    """
    from units.models import Committee

    if not (unit and series and level):
        return [], []
    sessions = {s.committee_id: s for s in open_sessions(year, on)}
    committees = (
        Committee.objects.filter(series=series, levels=level, is_active=True, pk__in=list(sessions))
        .select_related("region", "office")
        .prefetch_related("region_scope")
        .order_by("name")
        .distinct()
    )
    direct, entrusted = [], []
    for committee in committees:
        committee.session = sessions[committee.pk]
        (direct if committee.covers_region(unit.region) else entrusted).append(committee)
    return direct, entrusted


def running_void_notices(on: datetime.date | None = None):
    """Void notices in their publicity period (the public page)."""
    on = on or timezone.localdate()
    return VoidNotice.objects.filter(starts_on__lte=on, ends_on__gte=on).order_by(
        "-starts_on", "-pk"
    )


def latest_return(application):
    return (
        application.actions.filter(action="application.returned")
        .order_by("-created_at", "-pk")
        .first()
    )


__all__ = [
    "applications_of",
    "applications_visible_to",
    "committees_for",
    "get_application_for",
    "latest_return",
    "open_sessions",
    "running_void_notices",
    "section_snapshot",
    "sections_for",
]
