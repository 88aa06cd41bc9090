"""Applications in the state a test needs, one trait per state, reached through the services.

The draft is made directly (``application_start`` takes the person's unit and this year's
session; tests choose unit, office, committee and session themselves). From there every state
is reached by the acts that reach it in the portal: 同意并报送 by the applicant, the unit's
opinions, 报送 by each level, 退回修改, 审核不通过, 受理, 通过, 未通过, 撤回 and the certificate,
each by an enabled staff member of the level it waits at. So the route, the action-log rows,
the unit opinions, the acceptance and the messages are those the acts write.

One thing is set aside at submission: the applicant's own side of it. The forms are not filled
in (most tests do not need them, ``add_sections`` adds rows where one does), so the checks that
the sections are complete, that a replacement's void notice has ended and that the session
still takes submissions are switched off while the factory submits; they have tests of their
own (tests/applications). The applicant is taken to work at the application's unit for the
submission, whatever their affiliation (单位调整 is tested on its own).
"""

import contextlib
import datetime
from unittest import mock

import factory
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications import workflow
from applications.models import Application, Kind, Status
from reference.models import Qualification
from tests.factories.people import PersonFactory, staff_of

OPINIONS = {
    "appraisal_recommendation": "考核合格，同意推荐。",
    "term_appraisal_result": "任职期间年度考核均为合格。",
    "publicity": "已在单位公示5个工作日，无异议。",
    "panel_recommendation": "审议小组一致同意推荐。",
    "unit_leader": "陈海",
}
REASON = "材料不全"
# Fields the acts set; passed to the factory, they are written after the acts.
ACT_FIELDS = ("submitted_at", "last_submitted_at", "unit_acted_at", "decided_at")


def _qualification(kind: str, level_code: str | None):
    code = level_code or ("intermediate" if kind == Kind.EVALUATION else "assistant")
    return Qualification.objects.filter(series__code="engineering", level__code=code).first()


class ApplicationFactory(factory.django.DjangoModelFactory):
    """``ApplicationFactory(applicant=…, unit=…, office=…, status=…)``; traits name the states:
    ``draft``, ``at_unit`` (the default), ``at_department``, ``at_office``, ``at_committee``,
    ``returned``, ``rejected``, ``approved``, ``not_passed``, ``certified`` and ``withdrawn``
    (submitted and withdrawn: a draft again).

    A review state is reached by forwarding from the unit up to the first level of the route
    in that state; ``returned`` and ``rejected`` are the unit's acts; ``approved`` is decided
    by the deciding level (the committee, after its acceptance, for an evaluation).
    ``accepted=True`` adds the committee's acceptance (受理); ``opinions=True`` saves the unit
    opinions of an application at the unit (so that the unit can forward it).
    """

    class Meta:
        model = Application
        skip_postgeneration_save = True

    class Params:
        level_code = None
        withdrawn_ = False
        draft = factory.Trait(status=Status.DRAFT)
        at_unit = factory.Trait(status=Status.UNIT_REVIEW)
        at_department = factory.Trait(status=Status.DEPT_REVIEW)
        at_office = factory.Trait(status=Status.OFFICE_REVIEW)
        at_committee = factory.Trait(status=Status.COMMITTEE_REVIEW, kind=Kind.EVALUATION)
        returned = factory.Trait(status=Status.RETURNED)
        rejected = factory.Trait(status=Status.REJECTED)
        approved = factory.Trait(status=Status.APPROVED)
        not_passed = factory.Trait(status=Status.NOT_PASSED, kind=Kind.EVALUATION)
        certified = factory.Trait(status=Status.CERTIFIED)
        withdrawn = factory.Trait(status=Status.DRAFT, withdrawn_=True)

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

    @classmethod
    def _create(cls, model_class, *args, status=Status.UNIT_REVIEW, withdrawn_=False, **kwargs):
        later = {name: kwargs.pop(name) for name in ACT_FIELDS if name in kwargs}
        application = super()._create(model_class, *args, status=Status.DRAFT, **kwargs)
        return settle(reach(application, status, withdrawn=withdrawn_), later)

    @factory.post_generation
    def accepted(self, create, extracted, **kwargs):
        if create and extracted:
            accept(self)
            self.refresh_from_db()

    @factory.post_generation
    def opinions(self, create, extracted, **kwargs):
        if create and extracted:
            save_opinions(self)
            self.refresh_from_db()


def settle(application, fields: dict) -> Application:
    """After the acts: ``fields`` the test asked for, and the version back at 0 (tests count
    the acts they do from a freshly made application; the acts of the factory counted up)."""
    Application.objects.filter(pk=application.pk).update(version=0, **fields)
    application.refresh_from_db()
    return application


# --- the acts ----------------------------------------------------------------------------------


def _fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


def staff_at(application, step=None):
    """(person, role context) of an enabled staff member of the level the application waits
    at (or of ``step``); one is made when the organisation has none besides the applicant."""
    from units.models import Membership

    step = step or workflow.current(application)
    level = workflow.level_of_step(step)
    organisation = step.organisation
    membership = (
        Membership.objects.filter(role=level.role, is_enabled=True, **{level.field: organisation})
        .exclude(person_id=application.applicant_id)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    person = membership.person if membership else staff_of(organisation, level.role)
    return person, RoleContext(level.role, organisation)


def office_staff(application):
    """(person, role context) of an enabled staff member of the application's office."""
    from units.models import Membership

    membership = (
        Membership.objects.filter(
            role=Role.OFFICE_STAFF, is_enabled=True, office=application.office
        )
        .exclude(person_id=application.applicant_id)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    person = membership.person if membership else staff_of(application.office, Role.OFFICE_STAFF)
    return person, RoleContext(Role.OFFICE_STAFF, application.office)


def _act(service, application, *, who=None, **kwargs):
    application = _fresh(application)
    actor, context = who or staff_at(application)
    return service(
        actor=actor,
        role_context=context,
        application=application,
        version=application.version,
        **kwargs,
    )


@contextlib.contextmanager
def _applicant_side_set_aside():
    """The checks of the applicant's forms and dates, off (see the module docstring)."""
    from applications.sections import ApplicationSections

    with (
        mock.patch.object(ApplicationSections, "incomplete", lambda self: []),
        mock.patch("applications.services.submit.publicity_block", lambda *a, **k: ""),
        mock.patch("applications.services.submit.deadline_block", lambda *a, **k: ""),
    ):
        yield


def submit(application) -> Application:
    """同意并报送 by the applicant, as a person of the application's unit."""
    from accounts.models import User
    from applications.services import application_submit
    from units.models import Affiliation

    application = _fresh(application)
    applicant = User.objects.get(pk=application.applicant_id)
    # A copy of the applicant working at the application's unit (nothing is saved).
    applicant.affiliation = Affiliation(person=applicant, unit=application.unit)
    with _applicant_side_set_aside():
        return application_submit(
            actor=applicant,
            role_context=RoleContext(Role.APPLICANT),
            application=application,
            promise_accepted=True,
        )


def withdraw(application) -> Application:
    from applications.services import application_withdraw

    application = _fresh(application)
    return application_withdraw(
        actor=application.applicant,
        role_context=RoleContext(Role.APPLICANT),
        application=application,
    )


def save_opinions(application) -> None:
    """The unit's opinions (基层单位考核推荐意见 …), as the unit's form leaves them.

    Written directly, like the applicant's forms: ``unit_opinion_save`` would add an operation
    record per opinion to every application past the unit, and the tests of the records, the
    timeline and its queries count the acts' rows (the service has tests of its own)."""
    from reviews.models import UnitOpinion

    values = {name: OPINIONS[name] for name in UnitOpinion.required_fields(application)}
    UnitOpinion.objects.update_or_create(application_id=application.pk, defaults=values)


def forward(application) -> Application:
    """报送 to the next level (with the unit's opinions first, at the unit)."""
    from reviews.services import application_forward

    if application.status == Status.UNIT_REVIEW:
        save_opinions(application)
    return _act(application_forward, application)


def accept(application) -> None:
    from reviews.services import application_accept

    _act(application_accept, application)


def _decide(application, service) -> Application:
    from reviews.models import Acceptance

    if not Acceptance.objects.filter(application=application).exists() and (
        application.status == Status.COMMITTEE_REVIEW
    ):
        accept(application)
    return _act(service, application)


def reach(application, state: str, *, withdrawn: bool = False) -> Application:
    """The draft ``application`` brought to ``state`` by the acts that reach it."""
    from certificates.services import certificate_issue
    from reviews import services

    if state == Status.DRAFT:
        if withdrawn:
            withdraw(submit(application))
        return _fresh(application)
    application = submit(application)
    if state == Status.RETURNED:
        return _act(services.application_return, application, reason=REASON)
    if state == Status.REJECTED:
        return _act(services.application_reject, application, reason=REASON)
    if state in workflow.BY_STATE:
        return move_to(application, state)
    while not workflow.may_decide(application):
        application = forward(application)
    if state == Status.NOT_PASSED:
        if application.kind != Kind.EVALUATION:
            raise ValueError("only an evaluation is not passed (by the committee)")
        return _decide(application, services.application_fail)
    application = _decide(application, services.application_approve)
    if state == Status.CERTIFIED:
        actor, context = office_staff(application)
        certificate_issue(actor=actor, role_context=context, application_id=application.pk)
        application = _fresh(application)
    if application.status != state:
        raise ValueError(f"the acts do not bring an application to {state}")
    return application


def add_sections(application, rows: int = 1, *, tag: str = "") -> None:
    """Rows in several sections of ``application`` with their attachments (a JPEG scan per
    education row, a PDF per achievement), the basic information with a photo and the work
    summary: what the reviewer's detail page and the 评审表 show."""
    from django.core.files.base import ContentFile

    from applications.models import (
        Achievement,
        Appraisal,
        Attachment,
        BasicInfo,
        Education,
        WorkHistory,
        WorkSummary,
    )
    from tests import files

    jpeg = files.image_bytes("JPEG", size=(60, 40))
    pdf = files.pdf_bytes()
    BasicInfo.objects.get_or_create(
        application=application,
        defaults={
            "ethnicity": "01",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": "13900000000",
            "work_started_on": datetime.date(2012, 7, 1),
            "achievements_summary": "主持市政桥梁结构设计。",
            "photo": ContentFile(jpeg, name="photo.jpg"),
        },
    )
    WorkSummary.objects.get_or_create(
        application=application, defaults={"content": "<p>本人从事结构设计工作十年。</p>"}
    )
    start = application.education_rows.count()
    for index in range(start, start + rows):
        education = Education.objects.create(
            application=application,
            sort=index,
            enrolled_on=datetime.date(2000 + index, 9, 1),
            graduated_on=datetime.date(2004 + index, 7, 1),
            school=f"广西大学{tag}{index}",
            major="土木工程",
            education="21",
            degree="4",
            schooling_years=4,
            before_work=True,
        )
        Attachment.objects.create(
            application=application,
            section="education",
            row_id=education.pk,
            label="学历证书",
            file=ContentFile(jpeg, name=f"diploma{index}.jpg"),
            original_name=f"毕业证书{index}.jpg",
            content_kind="jpeg",
            size=len(jpeg),
        )
        WorkHistory.objects.create(
            application=application,
            sort=index,
            started_on=datetime.date(2008 + index, 7, 1),
            employer=f"南宁市政设计院{tag}{index}",
            content=f"负责桥梁结构设计{index}",
        )
        achievement = Achievement.objects.create(
            application=application,
            sort=index,
            achievement_kind="paper",
            title=f"斜拉桥索力优化研究{tag}{index}",
            date=datetime.date(2019, 5, 1),
            details={"category": "paper", "journal": "桥梁建设", "author_rank": "first"},
        )
        Attachment.objects.create(
            application=application,
            section="achievements",
            row_id=achievement.pk,
            label="论文",
            file=ContentFile(pdf, name=f"paper{index}.pdf"),
            original_name=f"论文{index}.pdf",
            content_kind="pdf",
            size=len(pdf),
        )
        Appraisal.objects.create(application=application, sort=index, year=2015 + index, result="1")


def move_to(application, state: str) -> Application:
    """Forward a submitted application, level by level, until it waits at the first level of
    its route in ``state`` (for tests that start from there)."""
    application = _fresh(application)
    states = [workflow.level_of_step(step).state for step in workflow.steps_of(application)]
    if state not in states:
        raise ValueError(f"the route of this application has no level in {state}")
    while application.status != state:
        application = forward(application)
    return application
