import datetime

import pytest
from django.urls import reverse

from applications.models import Application, Attachment, BasicInfo, Kind, Status
from tests import files

from .conftest import complete_recognition, return_to_applicant, start, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(client, demo):
    client.force_login(demo.applicant)
    return client


class TestPages:
    @pytest.mark.parametrize("kind", Kind.values)
    def test_list_and_start_pages(self, zhang, kind):
        page = zhang.get(reverse("applications:list", args=[kind]))
        assert page.status_code == 200 and "我要申报" in page.content.decode()
        page = zhang.get(reverse("applications:start", args=[kind]))
        assert page.status_code == 200

    def test_every_section_page_of_an_evaluation_renders(self, zhang, demo, session):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        from applications.sections import section_keys

        for key in section_keys(application):
            page = zhang.get(reverse("applications:section", args=[application.pk, key]))
            assert page.status_code == 200, key
        for name in ("submit", "route", "detail", "progress", "print", "withdraw", "discard"):
            assert (
                zhang.get(reverse(f"applications:{name}", args=[application.pk])).status_code == 200
            ), name
        assert (
            zhang.get(
                reverse("applications:row_new", args=[application.pk, "education"])
            ).status_code
            == 200
        )
        assert (
            zhang.get(
                reverse("applications:row_new", args=[application.pk, "achievements"])
            ).status_code
            == 200
        )


def _upload_url(application, section, key):
    return reverse("applications:material_upload", args=[application.pk, section, key])


class TestUploads:
    def test_fake_jpg_is_refused_with_a_message(self, zhang, demo):
        application = start(demo.applicant, demo=demo)
        fake = files.upload("scan.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
        response = zhang.post(
            _upload_url(application, "materials", "diploma"), {"m-diploma-file": fake}, follow=True
        )
        assert "不支持" in response.content.decode() or "not accepted" in response.content.decode()
        assert not Attachment.objects.filter(application=application).exists()

    def test_oversize_photo_is_converted_and_the_result_shown(self, zhang, demo):
        application = start(demo.applicant, demo=demo)
        big = files.jpeg("phone.jpg", size=(3000, 2200), noise=True, quality=98)
        assert big.size > 1024 * 1024
        response = zhang.post(
            _upload_url(application, "materials", "diploma"), {"m-diploma-file": big}, follow=True
        )
        page = response.content.decode()
        attachment = Attachment.objects.get(application=application)
        assert attachment.converted and attachment.size <= 1024 * 1024
        assert "已自动转换" in page
        url = reverse("applications:attachment", args=[application.pk, attachment.pk])
        assert f'src="{url}"' in page  # the converted image is shown
        assert zhang.get(url)["Content-Type"] == "image/jpeg"

    def test_pdf_over_30_mb_is_refused(self, zhang, demo, session):
        application = start(demo.applicant, Kind.EVALUATION, demo=demo)
        material = session.required_materials.get(file_type="pdf")
        huge = files.upload(
            "form.pdf", files.pdf_bytes() + b"%" * (30 * 1024 * 1024), "application/pdf"
        )
        response = zhang.post(
            _upload_url(application, "committee_materials", material.key),
            {f"m-{material.key}-file": huge},
            follow=True,
        )
        assert "30.0 MB" in response.content.decode()
        assert not Attachment.objects.filter(application=application).exists()

    def test_failed_section_save_keeps_the_photo(self, zhang, demo):
        application = start(demo.applicant, demo=demo)
        url = reverse("applications:section", args=[application.pk, "basic_info"])
        response = zhang.post(url, {"action": "save", "photo": files.png()})
        page = response.content.decode()
        assert response.status_code == 200 and "这个字段是必须的" in page
        token = response.context["form"].data["photo__token"]
        assert f'value="{token}"' in page
        data = {
            "action": "save",
            "photo__token": token,
            "ethnicity": "01",
            "political_status": "13",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": "13800000001",
            "work_started_on": "2012-07-01",
        }
        assert zhang.post(url, data).status_code == 302
        application.refresh_from_db()
        assert application.basic_info.photo.name.endswith(".jpg")

    def test_upload_limit_is_a_message_and_keeps_what_was_typed(self, zhang, demo, settings):
        files.limit_uploads(settings, hour=1, day=10)
        application = start(demo.applicant, demo=demo)
        zhang.post(
            _upload_url(application, "materials", "diploma"), {"m-diploma-file": files.jpeg()}
        )
        url = reverse("applications:section", args=[application.pk, "basic_info"])
        data = {
            "action": "save",
            "ethnicity": "01",
            "political_status": "13",
            "native_place": "广西南宁",
            "birthplace": "南宁",
            "mobile": "13800000001",
            "work_started_on": "2012-07-01",
        }
        response = zhang.post(url, {**data, "photo": files.png()})
        page = response.content.decode()
        assert response.status_code == 200
        assert "上传文件过于频繁：每小时最多上传 1 个文件，每天最多 10 个。" in page
        assert 'value="广西南宁"' in page and 'value="2012-07-01"' in page
        assert response.context["form"].errors.keys() == {"photo"}
        assert not BasicInfo.objects.filter(application=application).exclude(photo="").exists()

    def test_name_and_id_number_are_not_editable(self, zhang, demo):
        application = start(demo.applicant, demo=demo)
        page = zhang.get(reverse("applications:section", args=[application.pk, "basic_info"]))
        assert 'name="full_name"' not in page.content.decode()
        assert 'name="id_number"' not in page.content.decode()


class TestRules:
    def test_duplicate_start_offers_to_continue(self, zhang, demo):
        from reference.models import Level, Qualification, Series

        existing = start(demo.applicant, demo=demo)
        series = Series.objects.get(code="engineering")
        level = Level.objects.get(code="intermediate")
        response = zhang.post(
            reverse("applications:start", args=["recognition"]),
            {
                "year": existing.year,
                "series": series.pk,
                "level": level.pk,
                "qualification": Qualification.objects.get(
                    series=series, level=level, name="工程师"
                ).pk,
                "specialty": existing.specialty_id,
                "office": demo.office.pk,
            },
        )
        page = response.content.decode()
        assert "同一年度只准申报一个系列" in page
        assert reverse("applications:open", args=[existing.pk]) in page and "继续申报" in page

    def test_work_summary_page_counts_like_the_server(self, zhang, demo):
        application = start(demo.applicant, demo=demo)
        url = reverse("applications:section", args=[application.pk, "work_summary"])
        response = zhang.post(url, {"content": "<p>" + "职" * 701 + "</p>"})
        page = response.content.decode()
        assert "工作小结最多700个字符，当前已输入701个字符" in page
        assert "当前已输入" in page and "701" in page
        assert zhang.post(url, {"content": "<p><b>职称</b>评审</p>"}).status_code == 302
        page = zhang.get(url).content.decode()
        assert '当前已输入<span class="js-used">4</span>个字符' in page  # markup does not count
        assert "696" in page

    def test_returned_reason_at_the_top_and_in_the_named_section(self, zhang, demo):
        application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
        return_to_applicant(
            application, demo.staff, demo.unit, reason="照片不清晰", sections=["basic_info"]
        )
        page = zhang.get(
            reverse("applications:section", args=[application.pk, "basic_info"])
        ).content.decode()
        assert page.count("照片不清晰") == 2
        other = zhang.get(
            reverse("applications:section", args=[application.pk, "work_summary"])
        ).content.decode()
        assert other.count("照片不清晰") == 1

    def test_list_page_query_count_does_not_grow(self, zhang, demo, django_assert_max_num_queries):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        start(demo.applicant, demo=demo)
        url = reverse("applications:list", args=["recognition"])
        with CaptureQueriesContext(connection) as one:
            zhang.get(url)
        for year in range(2010, 2020):
            Application.objects.filter(applicant=demo.applicant).update(status=Status.CERTIFIED)
            start(demo.applicant, demo=demo, year=year)
        with django_assert_max_num_queries(len(one.captured_queries)):
            page = zhang.get(url)
        assert page.content.decode().count("application-card") >= 11

    def test_void_notice_page_query_count_and_content(
        self, client, demo, django_assert_max_num_queries
    ):
        from applications.models import VoidNotice

        for index in range(25):
            application = start(demo.applicant, Kind.REPLACEMENT, demo=demo, year=2000 + index)
            VoidNotice.objects.create(
                application=application,
                holder_name="张三",
                certificate_number=f"2016{index:04d}",
                qualification_name="工程师",
                approving_authority="广西",
                office_name="广西",
                starts_on=datetime.date.today(),
                ends_on=datetime.date.today() + datetime.timedelta(days=7),
            )
        with django_assert_max_num_queries(4):
            page = client.get(reverse("applications:void_notices")).content.decode()
        assert "20160000" not in page or "20160024" in page
        found = client.get(reverse("applications:void_notices"), {"q": "20160003"}).content.decode()
        assert "20160003" in found and "20160004" not in found


@pytest.mark.pdf
def test_pdf_of_the_application_reads_back(zhang, demo, cjk_font):
    import io

    from pypdf import PdfReader

    application = complete_recognition(start(demo.applicant, demo=demo))
    response = zhang.get(reverse("applications:pdf", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("职称认定", "张三", "基本情况", "广西大学", "本人从事工程技术工作十年"):
        assert expected in text


class TestSeriesSections:
    def _evaluation(self, demo, series_code):
        from applications.sections import section_keys
        from reference.models import Level, Qualification, Series

        series = Series.objects.get(code=series_code)
        level = Level.objects.get(code="intermediate")
        application = Application.objects.create(
            applicant=demo.applicant,
            kind=Kind.EVALUATION,
            year=2026,
            series=series,
            level=level,
            qualification=Qualification.objects.filter(series=series, level=level).first(),
            specialty=series.specialties.first(),
            unit=demo.unit,
            office=demo.office,
        )
        return application, section_keys(application)

    def test_health_series_has_the_health_section_only(self, zhang, demo):
        application, keys = self._evaluation(demo, "health")
        assert "health_info" in keys and "teacher_info" not in keys
        url = reverse("applications:section", args=[application.pk, "health_info"])
        assert "所在医疗卫生机构级别" in zhang.get(url).content.decode()
        data = {
            "action": "save",
            "institution_level": "3a",
            "institution_nature": "public",
            "department_name": "心内科",
            "is_exceptional": "False",
            "aid_abroad": "False",
            "aid_tibet": "True",
            "aid_xinjiang": "False",
            "aid_liangshan": "False",
            "incidents": "无",
        }
        assert zhang.post(url, data).status_code == 302
        application.refresh_from_db()
        assert application.health_info.aid_tibet is True
        assert (
            zhang.get(
                reverse("applications:section", args=[application.pk, "teacher_info"])
            ).status_code
            == 404
        )

    def test_teacher_series_has_the_teacher_section_only(self, zhang, demo):
        application, keys = self._evaluation(demo, "primary_secondary_teacher")
        assert "teacher_info" in keys and "health_info" not in keys
        url = reverse("applications:section", args=[application.pk, "teacher_info"])
        response = zhang.post(url, {"action": "save", "stage": "初中"})
        assert response.status_code == 200  # required fields missing, the typed one kept
        assert 'value="初中"' in response.content.decode()


def test_transfer_confirmation_from_start_to_submitted(zhang, demo):
    from .conftest import fill_basic, fill_info, upload_all

    application = start(demo.applicant, Kind.TRANSFER, demo=demo)
    fill_info(application)
    fill_basic(application)
    upload_all(application)
    response = zhang.post(
        reverse("applications:submit", args=[application.pk]), {"promise": "accepted"}, follow=True
    )
    assert "您的外省职称确认申报已成功提交" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.UNIT_REVIEW
