"""Review routes: resolving an office's levels for an application, copying them onto it at
submission, where it waits now, where it goes next and where a return may go."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from applications.models import (
    Application,
    ApplicationReach,
    ApplicationStep,
    Kind,
    OfficeSource,
    OrganisationType,
    ReturnScope,
    RouteLevel,
    Status,
)
from titleportal.errors import DomainError

from .levels import BY_STATE, LEVELS

if TYPE_CHECKING:
    from units.models import Department, Office, Unit


# The route of an office that configured none (seed 001 and 002: unit → office; a competent
# department when the unit has one; the committee decides evaluations).
DEFAULT_LEVELS = [
    RouteLevel(position=0, organisation_type=OrganisationType.UNIT),
    RouteLevel(position=1, organisation_type=OrganisationType.DEPARTMENT, department_depth=1),
    RouteLevel(position=2, organisation_type=OrganisationType.OFFICE, may_decide=True),
    RouteLevel(position=3, organisation_type=OrganisationType.COMMITTEE, may_decide=True),
]


def configured_levels(office: Office | None, kind: str) -> list[RouteLevel]:
    """The levels of ``office``'s route for ``kind`` (its own, the office's general one, or the
    default), in order."""
    if office is not None:
        routes = {route.kind: route for route in office.review_routes.all()}
        route = routes.get(kind) or routes.get("")
        if route is not None:
            levels = sorted(route.levels.all(), key=lambda level: level.position)
            if levels:
                return levels
    return DEFAULT_LEVELS


def _department(unit: Unit | None, depth: int) -> Department | None:
    department = unit.department if unit is not None else None
    for _step in range(depth - 1):
        department = department.parent if department is not None else None
    return department


def _office(application: Application, level: RouteLevel) -> Office | None:
    if level.office_source == OfficeSource.FIXED:
        return level.office
    if level.office_source == OfficeSource.SUBORDINATE:
        region = application.unit.region
        for office in application.office.subordinates.filter(is_active=True).select_related(
            "region"
        ):
            if region.code.startswith(office.region.prefix):
                return office
        return None
    return application.office


def _organisation(application: Application, level: RouteLevel) -> models.Model | None:
    kind = level.organisation_type
    if kind == OrganisationType.UNIT:
        return application.unit
    if kind == OrganisationType.DEPARTMENT:
        return _department(application.unit, level.department_depth)
    if kind == OrganisationType.OFFICE:
        return _office(application, level)
    if application.kind != Kind.EVALUATION:
        return None  # only evaluations go to a committee
    return application.committee


@dataclass
class PlannedStep:
    level: RouteLevel
    organisation: models.Model = field(repr=False)

    @property
    def type(self) -> str:
        return self.level.organisation_type


def plan(application: Application) -> list[PlannedStep]:
    """The route resolved for ``application`` now: levels without an organisation (no
    competent department, no subordinate office for the unit's region, no committee for a
    recognition) are left out, and the same organisation is not visited twice in a row."""
    planned: list[PlannedStep] = []
    for level in configured_levels(application.office, application.kind):
        organisation = _organisation(application, level)
        if organisation is None:
            continue
        if planned and planned[-1].organisation == organisation:
            continue
        planned.append(PlannedStep(level, organisation))
    if not planned or planned[0].type != OrganisationType.UNIT:
        raise DomainError(gettext("The review route must start at the unit."), code="route")
    return planned


def fix_route(application: Application) -> ApplicationStep:
    """Copy the route onto the application (at submission, and when the unit changes the
    office); organisations that saw it before keep seeing it while they are on the route.
    Returns the unit's step."""
    reached = {
        (step.organisation_type, step.organisation_id): step.reached_at
        for step in application.steps.all()
        if step.reached_at is not None
    }
    wait_at(application, None)
    application.steps.all().delete()
    steps = []
    for position, planned in enumerate(plan(application)):
        level = planned.level
        step = ApplicationStep(
            application=application,
            position=position,
            organisation_type=planned.type,
            label=level.label or str(LEVELS[planned.type].title),
            may_decide=level.may_decide,
            return_scope=level.return_scope,
            waits_for_fee=level.waits_for_fee,
            reached_at=reached.get((planned.type, planned.organisation.pk)),
        )
        setattr(step, LEVELS[planned.type].field, planned.organisation)
        steps.append(step)
    ApplicationStep.objects.bulk_create(steps)
    dropped = set(reached) - {(step.organisation_type, step.organisation_id) for step in steps}
    if dropped:  # an organisation no longer on the route stops seeing it
        gone = Q()
        for organisation_type, organisation_id in dropped:
            gone |= Q(organisation_type=organisation_type, organisation_id=organisation_id)
        ApplicationReach.objects.filter(gone, application=application).delete()
    # The new steps stand in for a prefetch of them: the act reads them again (next step,
    # the log's route) without asking the database.
    fixed = application.steps.all()
    fixed._result_cache = steps
    fixed._prefetch_done = True  # type: ignore[attr-defined]
    application._prefetched_objects_cache = {"steps": fixed}  # type: ignore[attr-defined]
    return steps[0]


def mark_reached(
    application: Application, steps: list[ApplicationStep], at: datetime.datetime | None = None
) -> None:
    """The application has reached ``steps`` (at ``at``, default now): their organisations
    see it from now on. The one writer of ``reached_at`` and of ``ApplicationReach``."""
    at = at or timezone.now()
    fresh = [step for step in steps if step.reached_at is None]
    for step in steps:
        step.reached_at = step.reached_at or at
    if not fresh:
        return
    ApplicationStep.objects.filter(pk__in=[step.pk for step in fresh]).update(reached_at=at)
    ApplicationReach.objects.bulk_create(
        [
            ApplicationReach(
                application=application,
                organisation_type=step.organisation_type,
                organisation_id=step.organisation_id,
            )
            for step in fresh
        ],
        ignore_conflicts=True,  # a route visiting an organisation twice: one row
    )


def steps_of(application: Application) -> list[ApplicationStep]:
    cache = getattr(application, "_prefetched_objects_cache", {})
    if "steps" in cache:
        return list(cache["steps"])
    return list(application.steps.order_by("position"))


def enter(application: Application, step: ApplicationStep) -> str:
    """The application now waits at ``step``; its organisation sees it from now on. Returns
    the state for the fsm transition."""
    mark_reached(application, [step])
    wait_at(application, step)
    return LEVELS[step.organisation_type].state


def leave(application: Application) -> None:
    """Out of review (returned to the applicant, decided, withdrawn)."""
    wait_at(application, None)


def wait_at(application: Application, step: ApplicationStep | None) -> None:
    """The one writer of ``current_step`` and of the organisation it names (``waiting_type``,
    ``waiting_id``: what ``waiting_for`` reads). The caller saves the application."""
    application.current_step = step
    application.waiting_type = step.organisation_type if step is not None else ""
    application.waiting_id = step.organisation_id if step is not None else None


# Fields that ``wait_at`` sets, for saves that name their fields.
WAITING_FIELDS = ("current_step", "waiting_type", "waiting_id")


def current(application: Application) -> ApplicationStep | None:
    if application.current_step_id is None or application.status not in BY_STATE:
        return None
    return application.current_step


def next_step(application: Application) -> ApplicationStep | None:
    step = current(application)
    if step is None:
        return None
    later = [s for s in steps_of(application) if s.position > step.position]
    return later[0] if later else None


def step_value(step: ApplicationStep, steps: list[ApplicationStep]) -> str:
    """How a return target is named in forms: the state of its level, with the position
    when the route has several levels of that kind (two departments, two offices)."""
    state = LEVELS[step.organisation_type].state
    same = [s for s in steps if s.organisation_type == step.organisation_type]
    return state if len(same) == 1 else f"{state}@{step.position}"


def return_steps(application: Application) -> list[ApplicationStep]:
    """The earlier steps the current level may return to (its return scope)."""
    step = current(application)
    if step is None:
        return []
    earlier = [
        s for s in steps_of(application) if s.position < step.position and s.reached_at is not None
    ]
    if step.return_scope == ReturnScope.APPLICANT:
        return []
    if step.return_scope == ReturnScope.PREVIOUS:
        return earlier[-1:]
    return earlier


def return_targets(application: Application) -> list[tuple[str, str]]:
    """(value, label) of where the current level may return: the applicant, earlier levels."""
    steps = steps_of(application)
    targets = [(str(Status.RETURNED), gettext("the applicant (for revision)"))]
    for step in return_steps(application):
        targets.append((step_value(step, steps), f"{step.label} · {step.organisation}"))
    return targets


def return_step(application: Application, target: str) -> ApplicationStep | None:
    """The step a return ``target`` names (None: the applicant); DomainError if it is not one
    the current level may return to. A bare state means the nearest earlier step in it."""
    if target == Status.RETURNED:
        return None
    steps = steps_of(application)
    allowed = return_steps(application)
    for step in reversed(allowed):
        if target in (step_value(step, steps), LEVELS[step.organisation_type].state):
            return step
    raise DomainError(
        gettext("Choose where to return the application."), field="target", code="target"
    )
