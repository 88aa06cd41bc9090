"""中小学教师信息 and 卫生技术信息 as seed 004 §13 and §14 have them: the teacher's four lists
and the health honours as rows (dates, 200-character texts, an attachment), the health form's
blocks, where the rows are shown, and what submission requires."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.models import Application, Attachment, Kind, Status
from applications.sections import ApplicationSections, section_keys, section_snapshot
from reviews.changes import compare
from tests import files
from tests.refusals import refused

from .conftest import APPLICANT, stashed

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

MORAL = {
    "started_on": datetime.date(2018, 9, 1),
    "ended_on": datetime.date(2021, 7, 10),
    "result": "1",
    "content": "担任班主任，组织主题班会。",
    "effect": "班级获评市优秀班集体。",
}


def evaluation(demo, series_code, applicant=None):
    from reference.models import Level, Qualification, Series

    series = Series.objects.get(code=series_code)
    level = Level.objects.get(code="intermediate")
    return Application.objects.create(
        applicant=applicant or demo.applicant,
        kind=Kind.EVALUATION,
        year=2026,
        series=series,
        level=level,
        qualification=Qualification.objects.filter(series=series, level=level).first(),
        specialty=series.specialties.first(),
        unit=demo.unit,
        office=demo.office,
    )


@pytest.fixture
def teacher(demo):
    return evaluation(demo, "primary_secondary_teacher")


@pytest.fixture
def doctor(demo):
    return evaluation(demo, "health", demo.applicant2)


def save_row(application, key, data, **kwargs):
    return services.save_row(
        actor=application.applicant,
        role_context=APPLICANT,
        application=application,
        key=key,
        data=data,
        **kwargs,
    )


def pdf_upload(person, name="证明.pdf"):
    from titleportal.uploads import SCAN_OR_PDF

    return stashed(person, files.upload(name, files.pdf_bytes(), "application/pdf"), SCAN_OR_PDF)


def section_url(application, key):
    return reverse("applications:section", args=[application.pk, key])


def row_new_url(application, key):
    return reverse("applications:row_new", args=[application.pk, key])


HEALTH_BASE = {
    "action": "save",
    "institution_level": "3a",
    "institution_nature": "public",
    "department_name": "心内科",
    "is_exceptional": "False",
    "aid_abroad": "False",
    "aid_tibet": "False",
    "aid_xinjiang": "False",
    "aid_liangshan": "True",
}


class TestWhichSections:
    def test_the_teacher_lists_follow_the_teacher_information_only_in_the_teacher_series(
        self, teacher, doctor
    ):
        keys = section_keys(teacher)
        start = keys.index("teacher_info")
        assert keys[start : start + 5] == [
            "teacher_info",
            "teacher_moral_education",
            "teacher_lessons",
            "teacher_rural_teaching",
            "teacher_mentoring",
        ]
        assert "health_honours" not in keys
        health = section_keys(doctor)
        assert health[health.index("health_info") + 1] == "health_honours"
        assert not any(key.startswith("teacher_") for key in health)

    def test_lists_are_numbered_under_their_section_in_the_menu(self, client, teacher):
        client.force_login(teacher.applicant)
        page = client.get(section_url(teacher, "teacher_lessons")).content.decode()
        number = ApplicationSections(teacher).numbers["teacher_info"]
        assert f"{number}. 中小学教师信息" in page
        assert f"{number}.2. 示范课、公开课、研究课或专题讲座" in page
        assert f"{number}.4. 指导、培养教师" in page

    def test_a_list_of_the_other_series_is_not_found(self, client, doctor):
        client.force_login(doctor.applicant)
        assert client.get(section_url(doctor, "teacher_lessons")).status_code == 404
        assert client.get(row_new_url(doctor, "teacher_mentoring")).status_code == 404


class TestRowService:
    def test_a_row_with_its_attachment(self, teacher):
        row = save_row(
            teacher, "teacher_moral_education", MORAL, attachment=pdf_upload(teacher.applicant)
        )
        (attachment,) = Attachment.objects.filter(application=teacher, row_id=row.pk)
        assert attachment.section == "teacher_moral_education"
        assert attachment.content_kind == "pdf"
        view = ApplicationSections(teacher).view("teacher_moral_education")
        assert [f.value for f in view.rows[0].fields] == [
            "2018-09-01",
            "2021-07-10",
            "优秀",
            MORAL["content"],
            MORAL["effect"],
        ]
        assert view.rows[0].files[0].name == "证明.pdf"

    def test_texts_longer_than_the_manual_allows_are_refused(self, teacher):
        with refused("too_long") as error:
            save_row(teacher, "teacher_moral_education", {**MORAL, "effect": "效" * 201})
        assert error.value.field == "effect"
        assert "200" in str(error.value.message)
        save_row(teacher, "teacher_moral_education", {**MORAL, "effect": "效" * 200})
        assert teacher.teacher_moral_education_rows.count() == 1

    def test_an_end_before_the_start_is_refused(self, teacher):
        with refused("dates") as error:
            save_row(
                teacher,
                "teacher_mentoring",
                {
                    "started_on": datetime.date(2023, 9, 1),
                    "ended_on": datetime.date(2023, 8, 31),
                    "mentee": "黄晓",
                    "content": "师徒结对",
                    "effect": "获奖",
                },
            )
        assert error.value.field == "ended_on"
        assert not teacher.teacher_mentoring_rows.exists()

    def test_the_assistance_period_of_the_health_form_keeps_its_order(self, doctor):
        with refused("dates") as error:
            services.save_form_section(
                actor=doctor.applicant,
                role_context=APPLICANT,
                application=doctor,
                key="health_info",
                data={
                    "support_started_on": datetime.date(2022, 3, 1),
                    "support_ended_on": datetime.date(2021, 3, 1),
                },
            )
        assert error.value.field == "support_ended_on"

    def test_deleting_a_row_deletes_its_attachment(self, doctor):
        row = save_row(
            doctor,
            "health_honours",
            {"name": "优秀医师", "authority": "市卫健委", "obtained_on": datetime.date(2023, 8, 1)},
            attachment=pdf_upload(doctor.applicant),
        )
        services.delete_row(
            actor=doctor.applicant,
            role_context=APPLICANT,
            application=doctor,
            key="health_honours",
            row_id=row.pk,
        )
        assert not doctor.health_honour_rows.exists()
        assert not Attachment.objects.filter(application=doctor).exists()


class TestRowPages:
    def test_errors_in_chinese_next_to_the_fields_and_the_input_kept(self, client, teacher):
        client.force_login(teacher.applicant)
        response = client.post(
            row_new_url(teacher, "teacher_lessons"),
            {
                "given_on": "2023-04-12",
                "lesson_type": "",
                "topic": "一次函数的图像与性质",
                "organiser": "南宁市教科所",
                "effect": "好" * 201,
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "这个字段是必须的" in page  # 类型
        assert "200" in page and "201" in page  # 成绩及效果: at most 200 characters
        assert 'value="一次函数的图像与性质"' in page
        assert 'maxlength="200"' in page
        assert not teacher.teacher_lesson_rows.exists()

    def test_an_end_date_before_the_start_keeps_the_row_open(self, client, teacher):
        client.force_login(teacher.applicant)
        response = client.post(
            row_new_url(teacher, "teacher_rural_teaching"),
            {
                "started_on": "2020-09-01",
                "ended_on": "2019-07-15",
                "school": "马山县白山镇初级中学",
                "placement": "support",
                "content": "支教一年",
                "effect": "成绩提高",
            },
        )
        page = response.content.decode()
        assert "结束时间不能早于开始时间。" in page
        assert 'value="马山县白山镇初级中学"' in page

    def test_a_row_is_added_with_its_scan(self, client, teacher):
        client.force_login(teacher.applicant)
        response = client.post(
            row_new_url(teacher, "teacher_moral_education"),
            {
                "started_on": "2018-09-01",
                "ended_on": "2021-07-10",
                "result": "1",
                "content": "担任班主任",
                "effect": "优秀班集体",
                "attachment": files.upload("证书.pdf", files.pdf_bytes(), "application/pdf"),
            },
        )
        assert response.status_code == 302
        page = client.get(section_url(teacher, "teacher_moral_education")).content.decode()
        assert "担任班主任" in page and "证书.pdf" in page

    def test_a_file_of_a_forbidden_type_is_refused_in_chinese(self, client, doctor):
        client.force_login(doctor.applicant)
        response = client.post(
            row_new_url(doctor, "health_honours"),
            {
                "name": "优秀医师",
                "authority": "市卫健委",
                "obtained_on": "2023-08-01",
                "attachment": files.upload("macro.docm", b"PK\x03\x04", "application/msword"),
            },
        )
        assert response.status_code == 200
        assert 'value="优秀医师"' in response.content.decode()
        assert not doctor.health_honour_rows.exists()

    def test_the_list_pages_cost_the_same_with_many_rows(
        self, client, teacher, django_assert_num_queries
    ):
        client.force_login(teacher.applicant)
        save_row(
            teacher, "teacher_moral_education", MORAL, attachment=pdf_upload(teacher.applicant)
        )
        urls = [
            section_url(teacher, "teacher_moral_education"),
            section_url(teacher, "teacher_info"),
            reverse("applications:detail", args=[teacher.pk]),
            reverse("applications:print", args=[teacher.pk]),
        ]
        few = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            few[url] = len(queries)
        for number in range(12):
            save_row(
                teacher,
                "teacher_moral_education",
                {**MORAL, "content": f"第{number}段工作"},
                attachment=pdf_upload(teacher.applicant),
            )
            save_row(
                teacher,
                "teacher_lessons",
                {
                    "given_on": datetime.date(2023, 4, 1),
                    "lesson_type": "open",
                    "topic": f"公开课{number}",
                    "organiser": "市教科所",
                    "effect": "好评",
                },
            )
        for url in urls:
            with django_assert_num_queries(few[url]):
                assert client.get(url).status_code == 200, url


class TestHealthForm:
    def test_the_blocks_of_the_manual_with_the_template_download(self, client, doctor):
        client.force_login(doctor.applicant)
        page = client.get(section_url(doctor, "health_info")).content.decode()
        for heading in ("申报信息", "对口支援情况", "支援情况", "抗疫一线医务人员情况", "荣誉惩罚"):
            assert heading in page, heading
        assert "是否为凉山州脱贫攻坚综合帮扶工作队队员" in page
        assert "对口支援类型" in page and "人员类别" in page
        assert "模板下载" in page and reverse("downloads") in page

    def test_liangshan_is_required(self, client, doctor):
        client.force_login(doctor.applicant)
        data = {**HEALTH_BASE, "aid_liangshan": ""}
        response = client.post(section_url(doctor, "health_info"), data)
        assert response.status_code == 200
        assert "这个字段是必须的" in response.content.decode()

    def test_paired_assistance_needs_its_period_unit_and_type(self, client, doctor):
        client.force_login(doctor.applicant)
        data = {**HEALTH_BASE, "paired_support": "True", "supported_unit": "隆安县人民医院"}
        response = client.post(section_url(doctor, "health_info"), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert set(form.errors) == {"support_started_on", "support_ended_on", "support_type"}
        assert 'value="隆安县人民医院"' in response.content.decode()
        data |= {
            "support_started_on": "2022-03-01",
            "support_ended_on": "2021-03-01",
            "support_type": "urban_rural",
        }
        response = client.post(section_url(doctor, "health_info"), data)
        assert response.context["form"].errors["support_ended_on"] == ["结束时间不能早于开始时间。"]
        data["support_ended_on"] = "2023-02-28"
        assert client.post(section_url(doctor, "health_info"), data).status_code == 302
        doctor.refresh_from_db()
        assert doctor.health_info.support_type == "urban_rural"
        assert doctor.health_info.aid_liangshan is True

    def test_a_draft_may_leave_them_open_but_submission_lists_them(self, client, doctor):
        client.force_login(doctor.applicant)
        data = {
            **HEALTH_BASE,
            "action": "draft",
            "is_exceptional": "True",
            "epidemic_category": "treatment",
        }
        assert client.post(section_url(doctor, "health_info"), data).status_code == 302
        missing = ApplicationSections(doctor).missing("health_info")
        assert missing == ["破格申报材料", "一线医务人员职称申报推荐函"]
        page = client.get(reverse("applications:submit", args=[doctor.pk])).content.decode()
        assert "一线医务人员职称申报推荐函" in page

    def test_the_files_of_the_form_are_saved_and_complete_the_section(self, client, doctor):
        client.force_login(doctor.applicant)
        pdf = files.pdf_bytes()
        data = {
            **HEALTH_BASE,
            "is_exceptional": "True",
            "epidemic_category": "treatment",
            "exceptional_file": files.upload("破格.pdf", pdf, "application/pdf"),
            "recommendation_letter": files.upload("推荐函.pdf", pdf, "application/pdf"),
        }
        assert client.post(section_url(doctor, "health_info"), data).status_code == 302
        assert ApplicationSections(doctor).missing("health_info") == []
        response = client.get(
            reverse("applications:file", args=[doctor.pk, "health_info", "recommendation_letter"])
        )
        assert response.status_code == 200


class TestShownEverywhere:
    """The demo's teacher (submitted to the unit) and doctor (a draft) with every list."""

    @pytest.fixture
    def seeded(self, demo):
        from titleportal.demo import SERIES_PEOPLE
        from titleportal.demo.series import seed_series_applications

        seed_series_applications()
        people = {spec.key: spec.id_number for spec in SERIES_PEOPLE}
        teacher = Application.objects.get(applicant__id_number=people["teacher"])
        doctor = Application.objects.get(applicant__id_number=people["doctor"])
        return teacher, doctor

    def test_the_demo_has_rows_with_attachments_and_is_seeded_once(self, seeded):
        from titleportal.demo.series import seed_series_applications

        teacher, doctor = seeded
        assert teacher.status == Status.UNIT_REVIEW
        counts = {
            key: len(ApplicationSections(teacher).rows(key))
            for key in (
                "teacher_moral_education",
                "teacher_lessons",
                "teacher_rural_teaching",
                "teacher_mentoring",
            )
        }
        assert all(counts.values()), counts
        assert doctor.health_honour_rows.count() == 2
        assert Attachment.objects.filter(application=teacher, section="teacher_lessons").exists()
        assert ApplicationSections(doctor).incomplete() == []
        before = Attachment.objects.count()
        seed_series_applications()
        assert Attachment.objects.count() == before

    def test_the_unit_reviewer_sees_every_list(self, client, demo, seeded):
        teacher, _doctor = seeded
        client.force_login(demo.staff)
        session = client.session
        session["acting_as"] = f"unit_staff:{demo.unit.pk}"
        session.save()
        page = client.get(reverse("reviews:detail", args=[teacher.pk])).content.decode()
        for text in (
            "从事学生思想政治工作经历及考核结果",
            "担任初二（3）班班主任",
            "一次函数的图像与性质",
            "马山县白山镇初级中学",
            "黄晓（二级教师）",
            "优秀班集体证书.pdf",
        ):
            assert text in page, text

    def test_the_printable_application_has_the_health_rows(self, client, seeded):
        _teacher, doctor = seeded
        client.force_login(doctor.applicant)
        page = client.get(reverse("applications:print", args=[doctor.pk])).content.decode()
        for text in (
            "卫生技术信息",
            "是否为凉山州脱贫攻坚综合帮扶工作队队员",
            "城市医院对口支援县级医院及基层医疗卫生机构",
            "一线救治医务人员",
            "荣誉情况",
            "南宁市优秀医师",
            "广西壮族自治区卫生健康委员会",
        ):
            assert text in page, text

    @pytest.mark.pdf
    def test_the_evaluation_form_has_the_teacher_rows(self, client, demo, seeded, cjk_font):
        import io

        from pypdf import PdfReader

        teacher, _doctor = seeded
        client.force_login(demo.staff)
        session = client.session
        session["acting_as"] = f"unit_staff:{demo.unit.pk}"
        session.save()
        response = client.get(reverse("reviews:evaluation_form", args=[teacher.pk]))
        pages = PdfReader(io.BytesIO(response.content)).pages
        # Narrow table cells wrap their text over lines.
        text = "".join(p.extract_text() for p in pages).replace("\n", "").replace(" ", "")
        for expected in (
            "示范课、公开课、研究课或专题讲座",
            "一次函数的图像与性质",
            "马山县白山镇初级中学",
        ):
            assert expected in text, expected

    def test_a_changed_row_shows_in_the_comparison(self, seeded):
        teacher, _doctor = seeded
        before = section_snapshot(teacher)
        row = teacher.teacher_lesson_rows.first()
        row.topic = "二次函数的图像"
        row.save()
        changes = {c.key: c for c in compare(before, section_snapshot(teacher))}
        lessons = changes["teacher_lessons"]
        assert [f.after for change in lessons.rows_changed for f in change.fields] == [
            "二次函数的图像"
        ]
