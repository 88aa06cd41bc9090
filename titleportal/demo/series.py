"""Demo evaluations of the teacher and health series: their committees, their applicants, and
the series sections (中小学教师信息, 卫生技术信息) filled with rows and attachments.

陈静 (teacher series) has submitted hers to the unit, so 王五 sees every list in the review;
刘洋 (health series) has a complete draft to look at and change.
"""

import datetime

from django.utils import timezone

from accounts.roles import Role, RoleContext

from .applications import _basic_info, _jpeg, _pdf, _stash

APPLICANT = RoleContext(Role.APPLICANT)

COMMITTEES = {
    "primary_secondary_teacher": "中小学教师系列广西区中级评审会",
    "health": "卫生系列广西区中级评审会",
}


def _start(person, series_code: str, current_post: str):
    from applications import services
    from applications.models import Kind
    from reference.models import Level, Qualification, Series
    from titleportal.demo import seed_committee

    series = Series.objects.get(code=series_code)
    level = Level.objects.get(code="intermediate")
    application = services.application_start(
        actor=person,
        role_context=APPLICANT,
        kind=Kind.EVALUATION,
        year=timezone.localdate().year,
        committee=seed_committee(COMMITTEES[series_code], series_code),
        series=series,
        level=level,
        qualification=Qualification.objects.filter(series=series, level=level).first(),
        specialty=series.specialties.first(),
    )
    services.save_application_info(
        actor=person,
        role_context=APPLICANT,
        application=application,
        data={"category": "normal", "current_post": current_post, "contact_phone": "0771-5500001"},
        specialty=application.specialty,
    )
    _basic_info(application, person)
    return application


def _rows(application, person, rows: dict) -> None:
    """Rows of list sections; a row given with ``attachment`` gets a PDF scan attached."""
    from applications import services

    for key, items in rows.items():
        for data in items:
            data = dict(data)
            name = data.pop("attachment", "")
            services.save_row(
                actor=person,
                role_context=APPLICANT,
                application=application,
                key=key,
                data=data,
                attachment=_stash(person, name, _pdf()) if name else None,
            )


def _common_rows(person, school: str, started: datetime.date, post: str) -> dict:
    return {
        "education": [
            {
                "enrolled_on": datetime.date(started.year - 4, 9, 1),
                "graduated_on": datetime.date(started.year, 6, 30),
                "school": school,
                "major": post,
                "education": "21",
                "degree": "4",
                "schooling_years": 4,
                "before_work": True,
                "attachment": "毕业证书.pdf",
            }
        ],
        "work_history": [
            {
                "started_on": started,
                "employer": "南宁蓝海工程有限公司",
                "technical_post": post,
                "content": f"从事{post}工作。",
            }
        ],
        "appraisals": [{"year": timezone.localdate().year - 1, "result": "1"}],
    }


def _summary(application, person, text: str) -> None:
    from applications import services

    services.save_work_summary(
        actor=person, role_context=APPLICANT, application=application, content=f"<p>{text}</p>"
    )


def _teacher(person):
    from applications import services

    application = _start(person, "primary_secondary_teacher", "初中数学教学")
    services.save_form_section(
        actor=person,
        role_context=APPLICANT,
        application=application,
        key="teacher_info",
        data={
            "stage": "初中",
            "subject": "数学",
            "teaching_since": datetime.date(2010, 9, 1),
            "social_posts": "南宁市数学学会会员",
            "highest_education": "21",
            "highest_education_on": datetime.date(2010, 6, 30),
            "certificate_stage": "初级中学",
            "certificate_subject": "数学",
            "is_rural": False,
            "is_class_teacher": True,
            "is_principal_trainee": False,
            "is_studio_member": True,
            "is_cloud_teacher": False,
            "homework_and_visits": "每天批改两个班的作业，每学期家访 20 户以上。",
            "as_ordinary_teacher": True,
            "it_ability": "熟练使用希沃白板和在线课堂",
        },
        files={"certificate_file": _stash(person, "教师资格证.jpg", _jpeg((240, 240, 240)))},
    )
    rows = _common_rows(person, "广西师范大学", datetime.date(2010, 9, 1), "初中数学教学")
    rows |= {
        "teacher_moral_education": [
            {
                "started_on": datetime.date(2018, 9, 1),
                "ended_on": datetime.date(2021, 7, 10),
                "result": "1",
                "content": "担任初二（3）班班主任，组织主题班会和社会实践活动。",
                "effect": "班级获评南宁市优秀班集体。",
                "attachment": "优秀班集体证书.pdf",
            },
            {
                "started_on": datetime.date(2021, 9, 1),
                "ended_on": datetime.date(2024, 7, 10),
                "result": "2",
                "content": "担任年级德育干事，负责心理健康教育活动。",
                "effect": "年级学生违纪率明显下降。",
            },
        ],
        "teacher_lessons": [
            {
                "given_on": datetime.date(2022, 11, 18),
                "lesson_type": "open",
                "topic": "一次函数的图像与性质",
                "organiser": "南宁市教育科学研究所（市级）",
                "effect": "获评市级优质课一等奖。",
                "attachment": "公开课证明.pdf",
            },
            {
                "given_on": datetime.date(2023, 4, 12),
                "lesson_type": "lecture",
                "topic": "初中数学大单元教学设计",
                "organiser": "青秀区教研室（区级）",
                "effect": "全区 120 名数学教师参加。",
            },
        ],
        "teacher_rural_teaching": [
            {
                "started_on": datetime.date(2019, 9, 1),
                "ended_on": datetime.date(2020, 7, 15),
                "school": "马山县白山镇初级中学",
                "placement": "support",
                "content": "支教一年，任初三数学教师。",
                "effect": "所教班级中考数学平均分提高 12 分。",
                "attachment": "支教证明.pdf",
            }
        ],
        "teacher_mentoring": [
            {
                "started_on": datetime.date(2022, 9, 1),
                "ended_on": datetime.date(2024, 7, 1),
                "mentee": "黄晓（二级教师）",
                "content": "师徒结对，指导备课、上课和教学反思。",
                "effect": "徒弟获区级青年教师教学比赛二等奖。",
            }
        ],
    }
    _rows(application, person, rows)
    _summary(application, person, "本人从教以来一直担任初中数学教学和班主任工作，积极参加教研。")
    return application


def _doctor(person):
    from applications import services

    application = _start(person, "health", "心血管内科临床")
    services.save_form_section(
        actor=person,
        role_context=APPLICANT,
        application=application,
        key="health_info",
        data={
            "institution_level": "3a",
            "institution_nature": "public",
            "department_name": "心血管内科",
            "work_started_on": datetime.date(2011, 8, 1),
            "is_exceptional": False,
            "paired_support": True,
            "support_started_on": datetime.date(2021, 3, 1),
            "support_ended_on": datetime.date(2022, 2, 28),
            "supported_unit": "隆安县人民医院",
            "support_type": "urban_rural",
            "aid_abroad": False,
            "aid_tibet": False,
            "aid_xinjiang": False,
            "aid_liangshan": False,
            "epidemic_category": "treatment",
            "epidemic_seniority_policy": True,
            "epidemic_thesis_policy": False,
            "epidemic_exam_exemption": False,
            "epidemic_work": "2022 年在定点医院隔离病区参加新冠肺炎患者救治 45 天。",
            "incidents": "无",
        },
        files={
            "report_file": _stash(person, "专业技术工作报告.pdf", _pdf()),
            "support_file": _stash(person, "对口支援证明.pdf", _pdf()),
            "recommendation_letter": _stash(person, "一线医务人员推荐函.pdf", _pdf()),
        },
    )
    rows = _common_rows(person, "广西医科大学", datetime.date(2011, 8, 1), "心血管内科临床")
    rows["health_honours"] = [
        {
            "name": "南宁市优秀医师",
            "authority": "南宁市卫生健康委员会",
            "obtained_on": datetime.date(2023, 8, 19),
            "attachment": "优秀医师证书.pdf",
        },
        {
            "name": "抗击新冠肺炎疫情先进个人",
            "authority": "广西壮族自治区卫生健康委员会",
            "obtained_on": datetime.date(2022, 12, 1),
        },
    ]
    _rows(application, person, rows)
    _summary(application, person, "本人从事心血管内科临床工作十余年，参加对口支援和抗疫一线救治。")
    return application


def seed_series_applications():
    from accounts.models import User
    from applications import services
    from applications.models import Application, Kind
    from titleportal.demo import SERIES_PEOPLE, UNIT_1, _person
    from units.models import Affiliation, Unit

    unit = Unit.objects.get(uscc=UNIT_1["uscc"])
    for spec in SERIES_PEOPLE:
        Affiliation.objects.get_or_create(person=_person(spec), defaults={"unit": unit})
    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in SERIES_PEOPLE}
    year = timezone.localdate().year

    def exists(person):
        return Application.objects.filter(
            applicant=person, kind=Kind.EVALUATION, year=year
        ).exists()

    if not exists(people["teacher"]):
        services.application_submit(
            actor=people["teacher"],
            role_context=APPLICANT,
            application=_teacher(people["teacher"]),
            promise_accepted=True,
        )
    if not exists(people["doctor"]):
        _doctor(people["doctor"])
