"""Factories for review tests: people, and applications created directly in the state a test
needs, with the action-log rows of the way there written through ``reviews.actionlog.record``
(the applicant's forms are not part of these tests)."""

import datetime

import factory
from django.utils import timezone
from stdnum.cn import ric

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications.models import Application, Kind, Qualification, Status
from reviews import actionlog
from reviews.models import Acceptance, UnitOpinion
from units.models import Affiliation, Membership

LEVEL_ROLE = {
    Status.UNIT_REVIEW: (Role.UNIT_STAFF, "unit"),
    Status.DEPT_REVIEW: (Role.DEPARTMENT_STAFF, "department"),
    Status.OFFICE_REVIEW: (Role.OFFICE_STAFF, "office"),
    Status.COMMITTEE_REVIEW: (Role.COMMITTEE_STAFF, "committee"),
}


def resident_id(n: int) -> str:
    birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=n % 12000)
    body = f"450102{birth:%Y%m%d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    id_number = factory.Sequence(lambda n: resident_id(n + 5000))
    full_name = factory.Sequence(lambda n: f"申报人{n:03d}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = "Portal#2026demo"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def unit(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Affiliation.objects.update_or_create(person=self, defaults={"unit": extracted})


def staff_of(organisation, role: Role, **person) -> User:
    """A person with an enabled membership of ``organisation`` in ``role``."""
    field = {
        Role.UNIT_STAFF: "unit",
        Role.DEPARTMENT_STAFF: "department",
        Role.OFFICE_STAFF: "office",
        Role.COMMITTEE_STAFF: "committee",
    }[role]
    user = PersonFactory(**person)
    Membership.objects.create(person=user, role=role, is_enabled=True, **{field: organisation})
    return user


def _qualification(kind: str, level_code: str | None):
    code = level_code or ("intermediate" if kind == Kind.EVALUATION else "assistant")
    return Qualification.objects.filter(series__code="engineering", level__code=code).first()


class ApplicationFactory(factory.django.DjangoModelFactory):
    """``ApplicationFactory(applicant=…, unit=…, office=…, status=…)``; traits name the states.

    ``accepted=True`` adds the committee's acceptance; ``opinions=True`` fills the unit
    opinions (so that the unit can forward it).
    """

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        level_code = None
        at_unit = factory.Trait(status=Status.UNIT_REVIEW)
        at_department = factory.Trait(status=Status.DEPT_REVIEW)
        at_office = factory.Trait(status=Status.OFFICE_REVIEW)
        at_committee = factory.Trait(status=Status.COMMITTEE_REVIEW, kind=Kind.EVALUATION)
        returned = factory.Trait(status=Status.RETURNED)
        approved = factory.Trait(status=Status.APPROVED)

    applicant = factory.SubFactory(PersonFactory)
    kind = Kind.RECOGNITION
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    qualification = factory.LazyAttribute(lambda o: _qualification(o.kind, o.level_code))
    series = factory.LazyAttribute(lambda o: o.qualification.series)
    level = factory.LazyAttribute(lambda o: o.qualification.level)
    department = factory.LazyAttribute(lambda o: o.unit.department)
    committee = None
    review_session = None
    status = Status.UNIT_REVIEW
    submitted_at = factory.LazyFunction(timezone.now)
    last_submitted_at = factory.LazyFunction(timezone.now)

    @factory.lazy_attribute
    def unit_acted_at(self):
        return None if self.status == Status.UNIT_REVIEW else timezone.now()

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            write_history(self)

    @factory.post_generation
    def accepted(self, create, extracted, **kwargs):
        if create and extracted:
            Acceptance.objects.create(application=self, committee=self.committee)
            actionlog.record(
                application=self,
                action="application.accepted",
                role_context=_context(self, Status.COMMITTEE_REVIEW),
                from_status=self.status,
                to_status=self.status,
            )

    @factory.post_generation
    def opinions(self, create, extracted, **kwargs):
        if create and extracted:
            UnitOpinion.objects.create(
                application=self,
                appraisal_recommendation="考核合格，同意推荐。",
                term_appraisal_result="任职期间年度考核均为合格。",
                publicity="已在单位公示5个工作日，无异议。",
                panel_recommendation="" if self.level.is_junior else "审议小组一致同意推荐。",
                unit_leader="陈海",
            )


def _context(application, level) -> RoleContext:
    role, field = LEVEL_ROLE[level]
    return RoleContext(role, getattr(application, field))


def write_history(application) -> None:
    """Action-log rows of the way from submission to the application's current state."""
    status = application.status
    route = application.review_route()
    actionlog.record(
        application=application,
        action="application.submitted",
        actor=application.applicant,
        role_context=RoleContext(Role.APPLICANT),
        from_status=Status.DRAFT,
        to_status=Status.UNIT_REVIEW,
    )
    if status in route:
        reached = route.index(status)
    elif status in (Status.APPROVED, Status.NOT_PASSED, Status.CERTIFIED):
        reached = len(route) - 1
    else:
        reached = 0
    for index in range(reached):
        actionlog.record(
            application=application,
            action="application.forwarded",
            role_context=_context(application, route[index]),
            from_status=route[index],
            to_status=route[index + 1],
        )
    last = route[reached]
    final = {
        Status.RETURNED: "application.returned",
        Status.REJECTED: "application.rejected",
        Status.APPROVED: "application.approved",
        Status.NOT_PASSED: "application.failed",
    }.get(status)
    if final:
        actionlog.record(
            application=application,
            action=final,
            role_context=_context(application, last),
            from_status=last,
            to_status=status,
            opinion="材料不全" if status in (Status.RETURNED, Status.REJECTED) else "",
        )
