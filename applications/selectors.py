"""Reads of applications, scoped to the role a request acts as."""

import datetime

from django.http import Http404
from django.utils import timezone

from units.models import ReviewSession

from . import workflow
from .models import Application, Status, VoidNotice
from .sections import ApplicationSections, section_snapshot, sections_for  # noqa: F401


def applications_visible_to(role_context):
    """Every application the acting role may see (``workflow.visible_to``, the one rule; the
    role context carries the acting user)."""
    return workflow.visible_to(role_context)


def get_application_for(role_context, pk) -> Application:
    """One application within the acting role's scope; 404 for anything else."""
    application = (
        applications_visible_to(role_context)
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
        workflow.own_applications(user)
        .filter(kind=kind)
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


def current_applications_of(user):
    """The applicant's applications still under way (draft to approved), newest first, with
    what the home page shows of each: the route step holding it, its session and void
    notice."""
    return (
        workflow.own_applications(user)
        .unfinished()
        .select_related(
            "qualification__series",
            "qualification__level",
            "office",
            "review_session",
            "void_notice",
            "current_step__unit",
            "current_step__department",
            "current_step__office",
            "current_step__committee",
        )
        .order_by("-created_at", "-pk")
    )


def with_last_returns(applications: list) -> list:
    """Give each returned application of ``applications`` its ``last_return`` (the action-log
    row with the reason and the 需更换的材料), in one query whatever their number."""
    from applications.models import ActionLog

    returned = [app for app in applications if app.status == Status.RETURNED]
    latest: dict[int, ActionLog] = {}
    if returned:
        rows = ActionLog.objects.filter(
            application__in=returned, action="application.returned"
        ).order_by("application_id", "-created_at", "-pk")
        for row in rows:
            latest.setdefault(row.application_id, row)
    for app in applications:
        app.last_return = latest.get(app.pk)
    return applications


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
    "current_applications_of",
    "get_application_for",
    "latest_return",
    "open_sessions",
    "running_void_notices",
    "section_snapshot",
    "sections_for",
]
