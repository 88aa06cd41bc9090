"""Fixed reports (表报下载): the year's summary, a session's results list and the certificates
issued in a period, each as the organisation may see them."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role, RoleContext
from applications.models import Kind, Status
from reference.models import Series
from reviews.models import ExportLog
from tests.factories.certificates import ApprovedApplicationFactory
from units.models import Committee, Office, ReviewSession


def _rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _url(name, **params):
    return (
        reverse("reviews:report", args=[name])
        + "?"
        + "&".join(f"{name}-{key}={value}" for key, value in params.items())
    )


@pytest.fixture
def office_client(demo, keys, client_as):
    return client_as(demo.office_staff, keys["office_staff"])


class TestYearSummary:
    def test_counts_per_series_and_level_of_the_office_only(
        self, demo, office_client, make_application
    ):
        year = timezone.localdate().year
        make_application(applicant=demo.applicant, year=year, status=Status.APPROVED)
        make_application(applicant=demo.applicant2, year=year, status=Status.NOT_PASSED)
        make_application(applicant=demo.applicant, year=year - 1, status=Status.APPROVED)
        other_office = Office.objects.exclude(pk=demo.office.pk).first()
        make_application(applicant=demo.staff, year=year, office=other_office)
        rows = _rows(office_client.get(_url("summary", year=year)))
        assert rows[0][0] == f"{year} 年度职称申报情况汇总（按系列、级别）"
        assert rows[1] == ["系列", "级别", "申报人数", "通过", "未通过", "审核中", "通过率（%）"]
        body = [row for row in rows[2:] if row[0] != "合计"]
        assert sum(row[2] for row in body) == 2  # last year's and the other office's are out
        total = rows[-1]
        assert total[0] == "合计"
        assert total[2:] == [2, 1, 1, 0, 50]

    def test_a_bad_year_is_answered_next_to_the_field(self, office_client):
        response = office_client.get(_url("summary", year="abcd"))
        page = response.content.decode()
        assert response["Content-Type"].startswith("text/html")
        assert "is-invalid" in page
        assert "请输入一个整数" in page or "整数" in page


class TestSessionResults:
    def test_the_committee_files_its_session_results(
        self, demo, keys, client_as, make_application, session
    ):
        make_application(applicant=demo.applicant, kind=Kind.EVALUATION, status=Status.APPROVED)
        make_application(applicant=demo.applicant2, kind=Kind.EVALUATION, status=Status.NOT_PASSED)
        make_application(applicant=demo.staff, kind=Kind.EVALUATION, status=Status.COMMITTEE_REVIEW)
        client = client_as(demo.committee_staff, keys["committee_staff"])
        rows = _rows(client.get(_url("results", session=session.pk)))
        assert rows[1][0] == "序号" and rows[1][-1] == "评审结果"
        results = {row[1]: row[-1] for row in rows[2:]}
        assert results == {"张三": "通过", "李四": "评审未通过"}  # not the one still in review
        log = ExportLog.objects.get()
        assert log.filters == {"report": "results", "session": session.pk}
        assert log.row_count == 2

    def test_another_committees_session_cannot_be_chosen(self, demo, keys, client_as, session):
        other_committee = Committee.objects.create(
            name="广西卫生系列中级评审委员会",
            region=demo.committee.region,
            office=demo.office,
            series=Series.objects.get(code="health"),
        )
        other = ReviewSession.objects.create(
            committee=other_committee,
            year=session.year,
            opens_on=session.opens_on,
            applicant_first_deadline=session.applicant_first_deadline,
            applicant_revision_deadline=session.applicant_revision_deadline,
            unit_deadline=session.unit_deadline,
        )
        client = client_as(demo.committee_staff, keys["committee_staff"])
        response = client.get(_url("results", session=other.pk))
        page = response.content.decode()
        assert response["Content-Type"].startswith("text/html")
        assert "请选择评审活动。" in page
        assert not ExportLog.objects.exists()


class TestCertificatesIssued:
    def _certificate(self, demo, person, year):
        from certificates.services import certificate_issue

        approved = ApprovedApplicationFactory(applicant=person, office=demo.office, year=year)
        return certificate_issue(
            actor=demo.office_staff,
            role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
            application_id=approved.pk,
        )

    def test_certificates_of_the_period_with_full_numbers_for_the_office(self, demo, office_client):
        inside = self._certificate(demo, demo.applicant, 2025)
        outside = self._certificate(demo, demo.applicant2, 2025)
        outside.issued_at = timezone.now() - datetime.timedelta(days=40)
        outside.save()
        today = timezone.localdate()
        rows = _rows(
            office_client.get(
                _url(
                    "certificates",
                    start=(today - datetime.timedelta(days=7)).isoformat(),
                    end=today.isoformat(),
                )
            )
        )
        assert [row[1] for row in rows[2:]] == [inside.number]
        assert rows[2][2] == "张三"
        assert rows[2][3] == demo.applicant.id_number
        assert ExportLog.objects.get().full_id_numbers

    def test_a_period_ending_before_it_starts_keeps_what_was_typed(self, office_client):
        response = office_client.get(_url("certificates", start="2026-05-01", end="2026-04-01"))
        page = response.content.decode()
        assert "结束日期不能早于开始日期。" in page
        assert 'value="2026-05-01"' in page and 'value="2026-04-01"' in page


def test_unit_staff_have_no_fixed_reports(demo, keys, client_as):
    client = client_as(demo.staff, keys["staff"])
    assert "固定报表" not in client.get(reverse("reviews:downloads")).content.decode()
    assert client.get(_url("summary", year=2026)).status_code == 404


def test_the_office_downloads_page_offers_the_three_reports(office_client):
    page = office_client.get(reverse("reviews:downloads")).content.decode()
    for title in ("年度申报情况汇总（按系列、级别）", "评审结果名单", "证书发放清单"):
        assert title in page
