"""The review workflow's one answer to every question about levels.

A review route is data: an office's ``ReviewRoute`` lists its levels (unit, zero or more
competent departments, offices, the committee), each with a label, whether it may decide and
where it may return to; an office without one uses ``DEFAULT_LEVELS``. At submission the route
is resolved for the application (which department, which office, which committee) and copied
onto it as ``ApplicationStep`` rows; ``Application.current_step`` is where it waits.

This module is the only place that maps a level to the role acting there, the organisation
field naming who that is and the words for it. Services ask it who acts now and where a return
may go; views and templates get booleans and labels from ``acts`` and ``progress``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import ORGANISATION_FIELD, Role, RoleContext
from titleportal.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import Department, Office, Unit

from .models import (
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


@dataclass(frozen=True)
class Level:
    """A kind of review level: who acts there and how the portal speaks of it."""

    type: str  # OrganisationType
    state: str  # the application's status while it waits there
    role: Role  # the staff role that acts there
    title: Promise  # 单位 (progress bar, route labels)
    whom: Promise  # "the unit" (return targets, sentences)
    review: Promise  # 单位审核 (the applicant's progress)

    @property
    def field(self) -> str:
        """The field of an application step (and of a membership) naming the organisation."""
        return ORGANISATION_FIELD[self.role]


LEVELS: dict[str, Level] = {
    OrganisationType.UNIT: Level(
        OrganisationType.UNIT,
        Status.UNIT_REVIEW,
        Role.UNIT_STAFF,
        _("Unit"),
        _("the unit"),
        _("Review by the unit"),
    ),
    OrganisationType.DEPARTMENT: Level(
        OrganisationType.DEPARTMENT,
        Status.DEPT_REVIEW,
        Role.DEPARTMENT_STAFF,
        _("Competent department"),
        _("the competent department"),
        _("Review by the competent department"),
    ),
    OrganisationType.OFFICE: Level(
        OrganisationType.OFFICE,
        Status.OFFICE_REVIEW,
        Role.OFFICE_STAFF,
        _("Title-reform office"),
        _("the office"),
        _("Review by the office"),
    ),
    OrganisationType.COMMITTEE: Level(
        OrganisationType.COMMITTEE,
        Status.COMMITTEE_REVIEW,
        Role.COMMITTEE_STAFF,
        _("Review committee"),
        _("the review committee"),
        _("Review by the committee"),
    ),
}
BY_STATE = {level.state: level for level in LEVELS.values()}
BY_ROLE = {level.role: level for level in LEVELS.values()}
DECIDED_STATES = (Status.APPROVED, Status.NOT_PASSED, Status.CERTIFIED)


def level_of_role(role: str | None) -> Level | None:
    return BY_ROLE.get(Role(role)) if role in Role.values else None


def level_of_state(state: str | None) -> Level | None:
    return BY_STATE.get(state or "")


def level_of_step(step: ApplicationStep) -> Level:
    return LEVELS[step.organisation_type]


# --- routes -----------------------------------------------------------------------------------

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


# --- who acts ---------------------------------------------------------------------------------


def acting_level(application: Application) -> Level | None:
    step = current(application)
    return LEVELS[step.organisation_type] if step is not None else None


def acts_here(application: Application, role_context: RoleContext | None) -> bool:
    """The role context is the organisation the application waits at now."""
    step = current(application)
    if step is None or role_context is None or role_context.organisation is None:
        return False
    level = LEVELS[step.organisation_type]
    return role_context.role == level.role and step.organisation_id == role_context.organisation.pk


def check_actor(
    *, actor: User | None, role_context: RoleContext | None, application: Application
) -> None:
    """The actor acts at the level the application waits at, for its organisation, as an
    enabled staff member of it, and is not the applicant."""
    from units.models import Membership

    from .policies import check_not_own

    if not acts_here(application, role_context):
        raise DomainError(
            gettext("This application is not waiting for your review; it is now: %(status)s.")
            % {"status": application.get_status_display()},
            code="stale",
        )
    level = acting_level(application)
    assert role_context is not None and level is not None  # acts_here said so
    organisation = role_context.organisation
    enabled = Membership.objects.filter(
        person=actor, role=level.role, is_enabled=True, **{level.field: organisation}
    ).exists()
    if not enabled:
        raise DomainError(
            gettext("You are not an enabled staff member of %(organisation)s.")
            % {"organisation": organisation},
            code="forbidden",
        )
    check_not_own(actor=actor, person_id=application.applicant_id)


def may_decide(application: Application) -> bool:
    """The current level approves: the committee for evaluations, a deciding level otherwise."""
    step = current(application)
    if step is None or not step.may_decide:
        return False
    is_committee = step.organisation_type == OrganisationType.COMMITTEE
    return is_committee == (application.kind == Kind.EVALUATION)


@dataclass(frozen=True)
class Acts:
    """What the acting role may do on an application now, for pages and templates."""

    opinions: bool = False  # 单位意见 (unit level)
    forward: bool = False
    approve: bool = False
    fail: bool = False
    accept: bool = False  # 受理 (committee)
    return_: bool = False
    reject: bool = False
    refusal: str = ""  # why nothing may be done, when it is the person's own application

    @property
    def any(self) -> bool:
        return any((self.opinions, self.forward, self.approve, self.fail, self.accept))

    @property
    def names(self) -> list[str]:
        names = [
            name
            for name in ("opinions", "forward", "accept", "approve", "fail")
            if getattr(self, name)
        ]
        return [*names, *(["return", "reject"] if self.return_ else [])]


def acts(
    application: Application, role_context: RoleContext | None, actor: User | None = None
) -> Acts:
    if not acts_here(application, role_context):
        return Acts()
    from .policies import own_case_refusal

    refusal = own_case_refusal(actor, application.applicant_id)
    if refusal:
        return Acts(refusal=refusal)
    step = current(application)
    assert step is not None  # acts_here said so
    committee = step.organisation_type == OrganisationType.COMMITTEE
    accepted = committee and hasattr(application, "acceptance")
    decides = may_decide(application)
    return Acts(
        opinions=step.organisation_type == OrganisationType.UNIT,
        forward=next_step(application) is not None and not committee,
        approve=decides and (accepted or not committee),
        fail=committee and accepted,
        accept=committee and not accepted,
        return_=True,
        reject=True,
    )


def may_withdraw(application: Application) -> bool:
    """撤回: only while it waits at the unit and the unit has not acted (seed 002)."""
    return application.status == Status.UNIT_REVIEW and application.unit_acted_at is None


# --- what each organisation sees --------------------------------------------------------------


def reached_by(level: Level, organisation: models.Model) -> Q:
    """The application reached a step of ``organisation`` (it sees it from then on): its id
    among those the organisation's rows of ``ApplicationReach`` name (an index-only scan)."""
    reached = ApplicationReach.objects.filter(
        organisation_type=level.type, organisation_id=organisation.pk
    ).values("application_id")
    return Q(pk__in=reached)


def visible_to(role_context: RoleContext | None) -> QuerySet[Application]:
    """The one rule of which applications a role may see: the applicant their own (drafts
    too); a reviewing organisation those that reached one of its steps, whatever their state
    now; nobody else any."""
    applications = Application.objects.all()
    if role_context is None:
        return applications.none()
    if role_context.role == Role.APPLICANT:
        user = role_context.user
        return applications.filter(applicant=user) if user is not None else applications.none()
    level = level_of_role(role_context.role)
    if level is None or role_context.organisation is None:
        return applications.none()
    visible = applications.exclude(status=Status.DRAFT).filter(
        reached_by(level, role_context.organisation)
    )
    if level.type == OrganisationType.UNIT:
        # The unit's step is always the application's unit (it is fixed before the route is):
        # saying so lets the database walk the unit's queue index instead of every row.
        visible = visible.filter(unit=role_context.organisation)
    return visible


def waiting_for(role_context: RoleContext | None) -> QuerySet[Application]:
    """待办事项: what waits for this organisation's decision now."""
    level = level_of_role(role_context.role) if role_context is not None else None
    if level is None or role_context is None or role_context.organisation is None:
        return Application.objects.none()
    return Application.objects.filter(
        waiting_type=level.type, waiting_id=role_context.organisation.pk, status=level.state
    )


# --- the progress bar -------------------------------------------------------------------------


def progress(application: Application) -> list[dict]:
    """The levels of the route, marked done / current (seed 002's 进度条)."""
    steps = steps_of(application)
    if not steps:
        return [
            {"label": str(LEVELS[planned.type].title), "css": ""}
            for planned in _planned_or_default(application)
        ]
    step = current(application)
    if step is not None:
        at = step.position
    elif application.status in DECIDED_STATES:
        at = len(steps)
    else:
        at = -1
    return [
        {
            "label": s.label,
            "css": "done" if s.position < at else ("current" if s.position == at else ""),
        }
        for s in steps
    ]


def review_words(step: ApplicationStep) -> str:
    """单位审核, or "市职改办审核" for a level with a label of its own."""
    level = LEVELS[step.organisation_type]
    if step.label == str(level.title):
        return str(level.review)
    return gettext("Review by %(level)s") % {"level": step.label}


def applicant_progress(application: Application) -> list[dict]:
    """The applicant's progress bar: 个人申报 → each level of the route → 办结."""
    steps = steps_of(application)
    bar: list[dict[str, Any]] = [{"label": gettext("Applicant submits")}]
    if steps:
        bar += [{"label": review_words(step)} for step in steps]
    else:
        bar += [{"label": str(LEVELS[p.type].review)} for p in _planned_or_default(application)]
    bar.append({"label": gettext("Finished")})
    step = current(application)
    if application.status in (Status.DRAFT, Status.RETURNED):
        at = 0
    elif step is not None:
        at = step.position + 1
    else:
        at = len(bar) - 1
    for index, item in enumerate(bar):
        item["done"] = index < at
        item["current"] = index == at
    return bar


def _planned_or_default(application: Application) -> list[PlannedStep]:
    try:
        return plan(application)
    except DomainError:
        return []


# --- who is told ------------------------------------------------------------------------------


def notify_applicant(
    application: Application, *, event: str, title: str, body: str = "", urgent: bool = False
) -> None:
    """A message to the applicant linking to their application (SMS and email when urgent)."""
    from titleportal.notifications import notify

    notify(
        application.applicant,
        event=event,
        title=title,
        body=body,
        link=reverse("applications:detail", kwargs={"pk": application.pk}),
        sms=urgent,
        email=urgent,
    )


def notify_staff(
    application: Application, step: ApplicationStep, *, event: str, title: str, body: str = ""
) -> int:
    """In-site message to the enabled staff of the organisation at ``step``, linking to the
    reviewer's page (their 待办事项 badge counts it too). The applicant is left out when they
    are one of those staff: they cannot review it."""
    from accounts.models import User
    from titleportal.notifications import notify

    level = LEVELS[step.organisation_type]
    staff = (
        User.objects.filter(
            memberships__role=level.role,
            memberships__is_enabled=True,
            **{f"memberships__{level.field}_id": step.organisation_id},
        )
        .exclude(pk=application.applicant_id)
        .distinct()
    )
    link = reverse("reviews:detail", kwargs={"pk": application.pk})
    sent = 0
    for person in staff:
        notify(person, event=event, title=title, body=body, link=link)
        sent += 1
    return sent
