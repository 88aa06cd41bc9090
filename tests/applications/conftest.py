"""Fixtures for the applications tests: applications of the demo people in each state."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications import services
from applications.models import Kind
from reference.models import Level, Qualification, Series
from tests import files
from units.models import AchievementKind, AchievementTemplate, FileType, RequiredMaterial

APPLICANT = RoleContext(Role.APPLICANT)
# A row of 学历信息 as the applicant enters it.
EDUCATION = {
    "enrolled_on": datetime.date(2008, 9, 1),
    "graduated_on": datetime.date(2012, 6, 30),
    "school": "广西大学",
    "major": "土木工程",
    "education": "21",
    "degree": "4",
    "schooling_years": 4,
    "before_work": True,
}


def catalogue(series_code="engineering", level_code="intermediate"):
    series = Series.objects.get(code=series_code)
    level = Level.objects.get(code=level_code)
    qualification = Qualification.objects.filter(series=series, level=level).first()
    return SimpleNamespace(
        series=series,
        level=level,
        qualification=qualification,
        specialty=series.specialties.first(),
    )


def start(person, kind=Kind.RECOGNITION, *, demo, year=None, committee=None, **overrides):
    cat = catalogue(
        **{k: overrides.pop(k) for k in ("series_code", "level_code") if k in overrides}
    )
    kwargs = {
        "actor": person,
        "role_context": APPLICANT,
        "kind": kind,
        "year": year or timezone.localdate().year,
        "series": cat.series,
        "level": cat.level,
        "qualification": cat.qualification,
        "specialty": cat.specialty,
    }
    if kind == Kind.EVALUATION:
        kwargs["committee"] = committee or demo.committee
    else:
        kwargs["office"] = demo.office
    kwargs.update(overrides)
    return services.application_start(**kwargs)


def stashed(person, upload=None, policy=None):
    from django.test import RequestFactory

    from titleportal.uploads import PHOTO, check_upload, stash

    request = RequestFactory().post("/")
    request.user = person
    return stash(check_upload(upload or files.jpeg("photo.jpg"), policy or PHOTO), request=request)


def fill_basic(application):
    person = application.applicant
    services.save_form_section(
        actor=person,
        role_context=APPLICANT,
        application=application,
        key="basic_info",
        data={
            "ethnicity": "01",
            "political_status": "13",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": person.phone,
            "nationality": "中国",
            "work_started_on": datetime.date(2012, 7, 1),
            "achievements_summary": "主持多个市政工程设计项目。",
        },
        files={"photo": stashed(person)},
    )


def fill_info(application, **data):
    person = application.applicant
    defaults = {
        Kind.RECOGNITION: {
            "education": "21",
            "graduation_school": "广西大学",
            "graduation_major": "土木工程",
            "graduated_on": datetime.date(2012, 6, 30),
            "current_post": "结构设计",
            "contact_phone": "0771-5500001",
        },
        Kind.RECONFIRMATION: {
            "original_qualification": "工程系列/中级/工程师",
            "original_specialty": "结构工程",
            "identity_type": "enterprise",
            "contact_phone": "0771-5500001",
        },
        Kind.EVALUATION: {
            "category": "normal",
            "current_post": "结构设计",
            "contact_phone": "0771-5500001",
        },
        Kind.TRANSFER: {
            "original_province": "广东省",
            "original_unit": "广州某设计院",
            "original_qualification": "工程师",
            "original_specialty": "结构工程",
            "granted_on": datetime.date(2018, 12, 1),
            "original_committee": "广东省工程系列中级评审委员会",
            "expertise": "结构设计",
            "work_since_joining": "负责结构设计。",
            "contact_phone": "0771-5500001",
        },
    }.get(application.kind, {})
    services.save_application_info(
        actor=person,
        role_context=APPLICANT,
        application=application,
        data={**defaults, **data},
        specialty=application.specialty,
    )


def fill_summary(application, text="<p>本人从事工程技术工作十年。</p>"):
    services.save_work_summary(
        actor=application.applicant, role_context=APPLICANT, application=application, content=text
    )


def upload_all(application, section="materials"):
    from applications.sections import ApplicationSections

    sections = ApplicationSections(application)
    for material in sections.materials(section):
        if material.is_required:
            services.upload_material(
                actor=application.applicant,
                role_context=APPLICANT,
                application=application,
                section=section,
                material=material,
                stashed=stashed(application.applicant, files.jpeg("scan.jpg")),
            )


def complete_recognition(application):
    fill_info(application)
    fill_basic(application)
    fill_summary(application)
    upload_all(application)
    return application


def submitted(application):
    return services.application_submit(
        actor=application.applicant,
        role_context=APPLICANT,
        application=application,
        promise_accepted=True,
    )


def return_to_applicant(
    application, reviewer, unit, reason="请补充学历证书。", sections=("basic_info",)
):
    """The level it waits at (the unit, usually) returns it to the applicant (the reviews
    service); ``unit`` is that level's organisation."""
    from applications import workflow
    from applications.models import Application
    from reviews.services import application_return

    application = Application.objects.get(pk=application.pk)
    return application_return(
        actor=reviewer,
        role_context=RoleContext(workflow.acting_level(application).role, unit),
        application=application,
        version=None,
        reason=reason,
        sections=list(sections),
    )


def committee_setup(session):
    RequiredMaterial.objects.get_or_create(
        review_session=session,
        name="专业技术职务任职资格评审表",
        defaults={"file_type": FileType.PDF, "max_size_mb": 30, "is_required": True, "sort": 1},
    )
    RequiredMaterial.objects.get_or_create(
        review_session=session,
        name="获奖证书",
        defaults={
            "file_type": FileType.IMAGE,
            "max_size_mb": 1,
            "max_count": 3,
            "is_required": False,
            "sort": 2,
        },
    )
    AchievementTemplate.objects.get_or_create(
        review_session=session,
        achievement_kind=AchievementKind.PAPER,
        defaults={
            "policy_text": "作为第一作者在学术期刊公开发表相关专业论文1篇及以上。",
            "sort": 1,
        },
    )
    AchievementTemplate.objects.get_or_create(
        review_session=session,
        achievement_kind=AchievementKind.OTHER,
        defaults={
            "policy_text": "其他业绩成果：不满足政策要求的材料可以在此处添加。（不计入满足政策条数）",
            "counts_toward_policy": False,
            "sort": 9,
        },
    )


@pytest.fixture
def session(demo):
    from units.models import ReviewSession

    session = ReviewSession.objects.get(committee=demo.committee)
    committee_setup(session)
    return session
