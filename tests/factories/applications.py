"""Applications in the state a test needs, one trait per state, with their route and log."""

import datetime

import factory
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications import actionlog, workflow
from applications.models import Application, Kind, Status
from reference.models import Qualification
from reviews.models import Acceptance, UnitOpinion
from tests.factories.people import PersonFactory


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
                subject=self,
                action="application.accepted",
                role_context=_context(workflow.current(self)),
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


def _context(step) -> RoleContext:
    return RoleContext(workflow.level_of_step(step).role, step.organisation)


def write_history(application) -> None:
    """The route of the application (``workflow.fix_route``) and action-log rows of the way
    from submission to its current state."""
    status = application.status
    steps = [workflow.fix_route(application), *workflow.steps_of(application)[1:]]
    states = [workflow.level_of_step(step).state for step in steps]
    actionlog.record(
        subject=application,
        action="application.submitted",
        actor=application.applicant,
        role_context=RoleContext(Role.APPLICANT),
        from_status=Status.DRAFT,
        to_status=Status.UNIT_REVIEW,
    )
    if status in states:
        reached = states.index(status)
    elif status in (Status.APPROVED, Status.NOT_PASSED, Status.CERTIFIED):
        reached = len(steps) - 1
    else:
        reached = 0
    workflow.mark_reached(application, steps[: reached + 1])
    for index in range(reached):
        actionlog.record(
            subject=application,
            action="application.forwarded",
            role_context=_context(steps[index]),
            from_status=states[index],
            to_status=states[index + 1],
        )
    if status in states:
        workflow.wait_at(application, steps[reached])
        application.save(update_fields=list(workflow.WAITING_FIELDS))
    final = {
        Status.RETURNED: "application.returned",
        Status.REJECTED: "application.rejected",
        Status.APPROVED: "application.approved",
        Status.NOT_PASSED: "application.failed",
    }.get(status)
    if final:
        actionlog.record(
            subject=application,
            action=final,
            role_context=_context(steps[reached]),
            from_status=states[reached],
            to_status=status,
            opinion="材料不全" if status in (Status.RETURNED, Status.REJECTED) else "",
        )


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


def move_to(application, state: str):
    """Put a submitted application at the first level of its route in ``state``, as if the
    levels before had forwarded it (for tests that start from there)."""
    application = Application.objects.get(pk=application.pk)
    steps = workflow.steps_of(application) or [workflow.fix_route(application)]
    steps = workflow.steps_of(application)
    target = next(s for s in steps if workflow.level_of_step(s).state == state)
    for step in steps[: target.position + 1]:
        workflow.enter(application, step)
    application.status = state
    application.save(update_fields=["status", *workflow.WAITING_FIELDS])
    return application
