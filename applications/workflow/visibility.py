"""What each role may see: the one rule (``visible_to``) and what waits for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, QuerySet

from accounts.roles import Role, RoleContext
from applications.models import Application, ApplicationReach, OrganisationType, Status

from .levels import Level, level_of_role

if TYPE_CHECKING:
    from accounts.models import User


def reached_by(level: Level, organisation: models.Model, prefix: str = "") -> Q:
    """The application reached a step of ``organisation`` (it sees it from then on): its id
    among those the organisation's rows of ``ApplicationReach`` name (an index-only scan)."""
    reached = ApplicationReach.objects.filter(
        organisation_type=level.type, organisation_id=organisation.pk
    ).values("application_id")
    return Q(**{f"{prefix}pk__in": reached})


def visible_filter(role_context: RoleContext | None, prefix: str = "") -> Q | None:
    """The one rule of which applications a role may see, as a filter on ``prefix`` (empty
    for applications, ``application__`` for rows about one); None when it sees none.

    The applicant their own (drafts too); a reviewing organisation those that reached one of
    its steps, whatever their state now; nobody else any. Rows about applications are
    filtered through their own join rather than ``application__in`` a second copy of the
    table: with the planner reordering four tables at most (PG_JOIN_COLLAPSE_LIMIT) that copy
    kept the operation records from starting at the organisation's applications (90 ms
    instead of 10 at 10⁴)."""
    if role_context is None:
        return None
    if role_context.role == Role.APPLICANT:
        user = role_context.user
        return Q(**{f"{prefix}applicant": user}) if user is not None else None
    level = level_of_role(role_context.role)
    organisation = role_context.organisation
    if level is None or organisation is None:
        return None
    visible = ~Q(**{f"{prefix}status": Status.DRAFT}) & reached_by(level, organisation, prefix)
    if level.type == OrganisationType.UNIT:
        # The unit's step is always the application's unit (it is fixed before the route is):
        # saying so lets the database walk the unit's queue index instead of every row.
        visible &= Q(**{f"{prefix}unit": organisation})
    elif level.type == OrganisationType.COMMITTEE:
        # Likewise the committee's: the application names it while still a draft, the route's
        # committee step is that one, and fix_route takes reach away from any other. Saying so
        # lets a filtered queue walk the committee's (and year's) index; without it a committee
        # filtering by a year it hardly reviewed read the whole year's rows (1 s at 10⁶).
        visible &= Q(**{f"{prefix}committee": organisation})
    return visible


def visible_to(role_context: RoleContext | None) -> QuerySet[Application]:
    """The applications ``visible_filter`` lets the role see."""
    visible = visible_filter(role_context)
    if visible is None:
        return Application.objects.none()
    return Application.objects.filter(visible)


def own_applications(user: User | None) -> QuerySet[Application]:
    """The person's own applications: ``visible_to`` the applicant role of ``user``, for the
    pages about the person's own applications whichever role the request acts as."""
    return visible_to(RoleContext(Role.APPLICANT, user=user))


def waiting_for(role_context: RoleContext | None) -> QuerySet[Application]:
    """待办事项: what waits for this organisation's decision now."""
    level = level_of_role(role_context.role) if role_context is not None else None
    if level is None or role_context is None or role_context.organisation is None:
        return Application.objects.none()
    return Application.objects.filter(
        waiting_type=level.type, waiting_id=role_context.organisation.pk, status=level.state
    )
