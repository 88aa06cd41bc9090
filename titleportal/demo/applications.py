"""Demo applications of 张三 and 李四 in several states, made through the services.

Idempotent: an application of a person, kind and year that exists already is left alone.
"""

import datetime
import io
from types import SimpleNamespace

from django.utils import timezone

from accounts.roles import Role, RoleContext

APPLICANT = RoleContext(Role.APPLICANT)

MATERIALS = [
    # name, file type, max size (MB), number of files, required
    ("专业技术职务任职资格评审表", "pdf", 30, 1, True),
    ("学历、学位证书", "image", 1, 2, True),
    ("现专业技术资格证书或聘任文件", "image_or_pdf", 30, 2, True),
    ("任现职以来年度考核表", "image_or_pdf", 30, 3, True),
    ("继续教育学时证明", "image_or_pdf", 30, 1, False),
    ("获奖证书", "image", 1, 5, False),
]
TEMPLATES = [
    (
        "paper",
        "作为第一、二作者或通讯作者，在学术期刊、省部级专业学术会议上公开发表相关专业论文或调查报告1篇及以上。",
        True,
    ),
    (
        "project",
        "作为主要完成人，参与完成市（厅）级及以上科研项目或工程项目1项及以上，并通过验收。",
        True,
    ),
    ("patent", "作为主要发明人，获得与本专业相关的发明专利或实用新型专利1项及以上。", True),
    ("award", "作为主要完成人，获得市（厅）级及以上科技进步奖或优秀工程设计奖1项及以上。", True),
    (
        "report",
        "作为第一作者，撰写相关专业的单位内部研究报告1篇及以上，引用数据齐全、结论正确，并经2名高级工程师评议证明。",
        True,
    ),
    ("other", "其他业绩成果：不满足政策要求的材料可以在此处添加。（不计入满足政策条数）", False),
]


def _jpeg(color=(200, 220, 240), size=(413, 579)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stash(person, name: str, content: bytes):
    from titleportal.uploads import CheckedFile, stash

    kind = "pdf" if content.startswith(b"%PDF") else "jpeg"
    return stash(CheckedFile(content, kind, name), request=SimpleNamespace(user=person))


def seed_committee_lists():
    """A realistic list of required materials and achievement items for the demo committee."""
    from titleportal.demo import COMMITTEE
    from units.models import AchievementTemplate, RequiredMaterial, ReviewSession

    session = ReviewSession.objects.filter(committee__name=COMMITTEE).order_by("-year").first()
    if session is None:
        return None
    for sort, (name, file_type, size, count, required) in enumerate(MATERIALS, start=1):
        RequiredMaterial.objects.get_or_create(
            review_session=session,
            name=name,
            defaults={
                "file_type": file_type,
                "max_size_mb": size,
                "max_count": count,
                "is_required": required,
                "sort": sort,
            },
        )
    for sort, (kind, text, counts) in enumerate(TEMPLATES, start=1):
        AchievementTemplate.objects.get_or_create(
            review_session=session,
            policy_text=text,
            defaults={"achievement_kind": kind, "counts_toward_policy": counts, "sort": sort},
        )
    return session


# 学历信息 of the demo applicants (their applications and 张三's profile).
EDUCATION_ROW = {
    "enrolled_on": datetime.date(2008, 9, 1),
    "graduated_on": datetime.date(2012, 6, 30),
    "school": "广西大学",
    "major": "土木工程",
    "education": "21",
    "degree": "4",
    "schooling_years": 4,
    "before_work": True,
}


def _catalogue(level_code="intermediate"):
    from reference.models import Level, Qualification, Series

    series = Series.objects.get(code="engineering")
    level = Level.objects.get(code=level_code)
    return {
        "series": series,
        "level": level,
        "qualification": Qualification.objects.filter(series=series, level=level).first(),
        "specialty": series.specialties.first(),
    }


def _basic_info(application, person):
    from applications import services

    services.save_form_section(
        actor=person,
        role_context=APPLICANT,
        application=application,
        key="basic_info",
        data={
            "nationality": "中国",
            "ethnicity": "01",
            "political_status": "13",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": person.phone or "",
            "work_started_on": datetime.date(2012, 7, 1),
            "achievements_summary": "参与并主持多项市政道路与桥梁结构设计项目。",
        },
        files={"photo": _stash(person, "photo.jpg", _jpeg())},
    )


def _evaluation(person, office_staff_unit=None):
    """A complete evaluation of ``person``, ready to submit."""
    from applications import services
    from applications.models import Kind
    from titleportal.demo import COMMITTEE
    from units.models import Committee

    application = services.application_start(
        actor=person,
        role_context=APPLICANT,
        kind=Kind.EVALUATION,
        year=timezone.localdate().year,
        committee=Committee.objects.get(name=COMMITTEE),
        **_catalogue(),
    )
    services.save_application_info(
        actor=person,
        role_context=APPLICANT,
        application=application,
        data={"category": "normal", "current_post": "结构设计", "contact_phone": "0771-5500001"},
        specialty=application.specialty,
    )
    _basic_info(application, person)
    rows = {
        "education": EDUCATION_ROW,
        "work_history": {
            "started_on": datetime.date(2012, 7, 1),
            "employer": "南宁蓝海工程有限公司",
            "technical_post": "助理工程师",
            "content": "负责市政道路与桥梁的结构设计和施工图审查。",
        },
        "appraisals": {"year": timezone.localdate().year - 1, "result": "1"},
    }
    for key, data in rows.items():
        services.save_row(
            actor=person, role_context=APPLICANT, application=application, key=key, data=data
        )
    template = application.review_session.achievement_templates.order_by("sort").first()
    if template is not None:
        services.save_achievement(
            actor=person,
            role_context=APPLICANT,
            application=application,
            template=template,
            title="城市中小跨径桥梁结构优化设计",
            date=datetime.date(2024, 5, 1),
            details={
                "category": "paper",
                "journal": "广西城镇建设",
                "journal_number": "CN 45-1306/TU",
                "author_rank": "first",
                "words_thousands": "5.5",
                "exchange": "",
            },
        )
    services.save_work_summary(
        actor=person,
        role_context=APPLICANT,
        application=application,
        content="<p>本人自2012年参加工作以来，一直从事市政桥梁结构设计工作，"
        "主持完成多项中小跨径桥梁设计，严格执行规范，积极钻研新技术。</p>",
    )
    upload_required_materials(application, "committee_materials")
    return application


def upload_required_materials(application, section: str) -> None:
    """A file for every required material of ``section``, uploaded by the applicant."""
    from applications import services
    from applications.sections import ApplicationSections

    person = application.applicant
    for material in ApplicationSections(application).materials(section):
        if material.is_required:
            content = _pdf() if material.file_type == "pdf" else _jpeg((240, 240, 240), (800, 600))
            services.upload_material(
                actor=person,
                role_context=APPLICANT,
                application=application,
                section=section,
                material=material,
                stashed=_stash(
                    person,
                    f"{material.name}.{'pdf' if content.startswith(b'%PDF') else 'jpg'}",
                    content,
                ),
            )


def fill_sections(application) -> None:
    """Every section of a draft (not a replacement's) filled through the applicant's own
    services, so that it can be submitted and reviewers and PDFs show a complete application."""
    from applications import services
    from applications.models import Kind, Status
    from applications.sections import section_keys

    if application.status != Status.DRAFT or application.kind == Kind.REPLACEMENT:
        return
    person = application.applicant
    services.save_application_info(
        actor=person,
        role_context=APPLICANT,
        application=application,
        data={
            "category": "normal",
            "education": "21",
            "graduation_school": "广西大学",
            "graduation_major": "土木工程",
            "graduated_on": datetime.date(2012, 6, 30),
            "current_post": "结构设计",
            "contact_phone": "0771-5500001",
            "original_certificate_number": "20160145",
            "approving_authority": "广西流动人员职称改革办公室",
            "granted_on": datetime.date(2016, 7, 1),
            "original_qualification": "工程师",
            "original_specialty": "结构工程",
            "identity_type": "enterprise",
        },
        specialty=application.specialty,
    )
    _basic_info(application, person)
    rows = {
        "education": EDUCATION_ROW,
        "work_history": {
            "started_on": datetime.date(2012, 7, 1),
            "employer": application.unit.name,
            "technical_post": "技术员",
            "content": "负责市政道路与桥梁的结构设计和施工图审查。",
        },
        "appraisals": {"year": application.year - 1, "result": "1"},
    }
    for key, data in rows.items():
        if key in section_keys(application):
            services.save_row(
                actor=person, role_context=APPLICANT, application=application, key=key, data=data
            )
    if "work_summary" in section_keys(application):
        services.save_work_summary(
            actor=person,
            role_context=APPLICANT,
            application=application,
            content="<p>本人参加工作以来一直从事市政桥梁结构设计，主持完成多项中小跨径桥梁设计。</p>",
        )
    for section in ("materials", "committee_materials"):
        if section in section_keys(application):
            upload_required_materials(application, section)


def complete_draft(person, *, kind, office, level_code="assistant"):
    """A draft of ``person`` (this year) with every section filled, ready to submit: an
    evaluation with the demo committee's materials, other kinds at ``office``."""
    from applications import services
    from applications.models import Kind

    if kind == Kind.EVALUATION:
        return _evaluation(person)
    application = services.application_start(
        actor=person,
        role_context=APPLICANT,
        kind=kind,
        year=timezone.localdate().year,
        office=office,
        **_catalogue(level_code),
    )
    fill_sections(application)
    return application


def submit(application):
    """同意并报送 by the applicant (a first submission or a resubmission after a return)."""
    from applications import services
    from applications.models import Application

    application = Application.objects.get(pk=application.pk)
    return services.application_submit(
        actor=application.applicant,
        role_context=APPLICANT,
        application=application,
        promise_accepted=True,
    )


def _return(application, reviewer, unit, reason, sections):
    """退回修改 by the unit's staff."""
    from applications.models import Application
    from reviews.services import application_return

    application = Application.objects.get(pk=application.pk)
    return application_return(
        actor=reviewer,
        role_context=RoleContext(Role.UNIT_STAFF, unit),
        application=application,
        version=application.version,
        reason=reason,
        sections=sections,
    )


def seed_applications():
    from accounts.models import User
    from applications import services
    from applications.models import Application, Kind
    from titleportal.demo import OFFICE_GX, PEOPLE
    from units.models import Office

    seed_committee_lists()
    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in PEOPLE}
    zhang, li, staff = people["applicant"], people["applicant2"], people["staff"]
    year = timezone.localdate().year
    office = Office.objects.get(name=OFFICE_GX)

    def exists(person, kind):
        return Application.objects.filter(applicant=person, kind=kind, year=year).exists()

    # 张三: a recognition draft with two sections done.
    if not exists(zhang, Kind.RECOGNITION):
        application = services.application_start(
            actor=zhang,
            role_context=APPLICANT,
            kind=Kind.RECOGNITION,
            year=year,
            office=office,
            **_catalogue("assistant"),
        )
        services.save_application_info(
            actor=zhang,
            role_context=APPLICANT,
            application=application,
            data={
                "education": "21",
                "graduation_school": "广西大学",
                "graduation_major": "土木工程",
                "graduated_on": datetime.date(2012, 6, 30),
                "current_post": "结构设计",
                "contact_phone": "0771-5500001",
            },
            specialty=application.specialty,
        )
        _basic_info(application, zhang)
    # 张三: an evaluation returned by the unit with a reason.
    if not exists(zhang, Kind.EVALUATION):
        application = _evaluation(zhang)
        application = services.application_submit(
            actor=zhang, role_context=APPLICANT, application=application, promise_accepted=True
        )
        _return(
            application,
            staff,
            application.unit,
            "业绩成果证明材料不完整，请补充论文全文扫描件；个人照片请更换为近期免冠证件照。",
            ["achievements", "basic_info"],
        )
    # 张三: a replacement whose void notice is in publicity.
    if not exists(zhang, Kind.REPLACEMENT):
        application = services.application_start(
            actor=zhang,
            role_context=APPLICANT,
            kind=Kind.REPLACEMENT,
            year=year,
            office=office,
            **_catalogue("assistant"),
        )
        services.save_application_info(
            actor=zhang,
            role_context=APPLICANT,
            application=application,
            data={
                "original_certificate_number": "20160145",
                "approving_authority": OFFICE_GX,
                "granted_on": datetime.date(2016, 7, 1),
                "contact_phone": zhang.phone or "13800000001",
            },
            files={"photo": _stash(zhang, "photo.jpg", _jpeg((230, 235, 250)))},
            specialty=application.specialty,
            declaration_accepted=True,
        )
    _keep_void_notice_in_publicity(zhang)
    # 李四: an evaluation submitted to the unit, and a reconfirmation draft.
    if not exists(li, Kind.EVALUATION):
        services.application_submit(
            actor=li, role_context=APPLICANT, application=_evaluation(li), promise_accepted=True
        )
    if not exists(li, Kind.RECONFIRMATION):
        services.application_start(
            actor=li,
            role_context=APPLICANT,
            kind=Kind.RECONFIRMATION,
            year=year,
            office=office,
            **_catalogue(),
        )


def _keep_void_notice_in_publicity(person) -> None:
    """The demo's void notice is in publicity whatever day the demo is seeded again: while its
    replacement is still a draft, an ended notice starts again today."""
    from applications.models import Application, Kind, Status, VoidNotice
    from reference.workdays import add_working_days

    notice = VoidNotice.objects.filter(
        application__in=Application.objects.filter(
            applicant=person, kind=Kind.REPLACEMENT, status=Status.DRAFT
        )
    ).first()
    if notice is not None and notice.is_over():
        today = timezone.localdate()
        VoidNotice.objects.filter(pk=notice.pk).update(
            starts_on=today,
            ends_on=add_working_days(today, VoidNotice.PUBLICITY_WORKING_DAYS),
        )


def seed_profile():
    """个人资料 of 张三, kept ahead of the next application (seed 004 §2.3)."""
    from accounts.models import User
    from applications import services
    from applications.sections import SPECS
    from titleportal.demo import PEOPLE

    spec = next(spec for spec in PEOPLE if spec.key == "applicant")
    person = User.objects.get(id_number=spec.id_number)
    profile = services.profile_of(person)
    if profile.native_place:
        return
    services.save_profile_basic_info(
        actor=person,
        data={
            "nationality": "中国",
            "ethnicity": "01",
            "political_status": "13",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": person.phone or "",
            "email": person.email or "",
            "residence": "广西南宁市青秀区民族大道 100 号",
            "postcode": "530022",
            "work_started_on": datetime.date(2012, 7, 1),
            "foreign_language": "英语 CET-6",
            "achievements_summary": "参与并主持多项市政道路与桥梁结构设计项目。",
        },
        files={"photo": _stash(person, "photo.jpg", _jpeg())},
    )
    year = timezone.localdate().year
    rows = [
        ("education", EDUCATION_ROW),
        (
            "work_history",
            {
                "started_on": datetime.date(2012, 7, 1),
                "employer": "南宁蓝海工程有限公司",
                "technical_post": "工程师",
                "content": "负责市政道路与桥梁的结构设计和施工图审查。",
            },
        ),
        (
            "society_posts",
            {"name": "广西土木建筑学会", "started_on": datetime.date(2019, 3, 1), "post": "会员"},
        ),
        (
            "continuing_education",
            {
                "started_on": datetime.date(year - 1, 5, 10),
                "ended_on": datetime.date(year - 1, 5, 14),
                "organiser": "广西人才服务办公室",
                "place": "南宁",
                "content": "桥梁抗震设计新规范",
                "hours": 32,
            },
        ),
        *(("appraisals", {"year": year - n, "result": "1"}) for n in (1, 2, 3)),
        (
            "exams",
            {
                "name": "全国一级注册结构工程师基础考试",
                "taken_on": datetime.date(2015, 9, 5),
                "result": "合格",
            },
        ),
    ]
    # What the approved applications brought along (the current post) is not entered again.
    held = {key for key, _data in rows if getattr(profile, SPECS[key].accessor).exists()}
    for key, data in rows:
        if key not in held:
            services.save_profile_row(actor=person, key=key, data=data)
