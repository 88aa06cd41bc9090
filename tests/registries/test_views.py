"""The applicant's 同步 and choosing rows, the fallback when a registry is down, the reviewer's
已核验 / 自行填报 badges, and who may fetch and choose for which application."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Education, Kind, Status, TitleOrSkill, WorkHistory
from registries.models import RegistryQuery, RegistryRecord
from tests import files
from tests.applications.conftest import start
from tests.factories.applications import add_sections

from .conftest import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(demo, session):
    return start(demo.applicant, Kind.EVALUATION, demo=demo)


@pytest.fixture
def zhang(client, demo):
    client.force_login(demo.applicant)
    return client


def _sync(client, application, registry="education"):
    return client.post(reverse("registries:sync", args=[application.pk, registry]), follow=True)


def _use(client, application, ids, registry="education"):
    return client.post(
        reverse("registries:use", args=[application.pk, registry]),
        {"records": [str(i) for i in ids]},
        follow=True,
    )


def _section(client, application, key="education"):
    return client.get(reverse("applications:section", args=[application.pk, key])).content.decode()


class TestEducationSync:
    def test_fetch_shows_the_records_with_their_source_and_time(self, zhang, evaluation):
        page = _section(zhang, evaluation)
        assert "同步学历信息" in page  # the button, before anything was fetched

        page = _sync(zhang, evaluation).content.decode()

        assert "已获取 2 条记录" in page
        assert "广西大学" in page and "结构工程" in page and "大学本科" in page
        fetched_at = timezone.localtime().strftime("%Y-%m-%d %H:")  # the pinned clock's hour
        assert "学信网" in page and "数据来源" in page and fetched_at in page
        assert Education.objects.filter(application=evaluation).count() == 0  # nothing used yet
        query = RegistryQuery.objects.get()
        assert query.outcome == "ok" and query.record_count == 2

    def test_the_ticked_records_become_verified_rows(self, zhang, evaluation, demo):
        _sync(zhang, evaluation)
        bachelor = RegistryRecord.objects.get(payload__major="土木工程")

        page = _use(zhang, evaluation, [bachelor.pk]).content.decode()

        assert "已添加 1 条已核验记录" in page
        row = Education.objects.get(application=evaluation)
        assert (row.school, row.major, row.education, row.degree) == (
            "广西大学",
            "土木工程",
            "21",
            "4",
        )
        assert row.verified_source == "学信网" and row.verified_ref == bachelor.ref
        assert "已核验（来源：学信网，2026-11-23 10:" in page
        # Chosen again: not a second row; the record shows as added.
        _use(zhang, evaluation, [bachelor.pk])
        assert Education.objects.filter(application=evaluation).count() == 1
        assert "已添加" in _section(zhang, evaluation)

    def test_verified_fields_cannot_be_changed_but_the_others_can(self, zhang, evaluation):
        _sync(zhang, evaluation)
        record = RegistryRecord.objects.get(payload__major="土木工程")
        _use(zhang, evaluation, [record.pk])
        row = Education.objects.get(application=evaluation)
        url = reverse("applications:row_edit", args=[evaluation.pk, "education", row.pk])
        form = zhang.get(url).content.decode()
        assert "已核验：学信网" in form

        response = zhang.post(
            url,
            {
                "enrolled_on": "2009-09-01",
                "graduated_on": "2013-06-30",
                "school": "清华大学",
                "major": "建筑学",
                "education": "11",
                "degree": "2",
                "schooling_years": "5",
                "before_work": "False",
                "note": "在职期间取得",
            },
        )

        assert response.status_code == 302
        row.refresh_from_db()
        assert (row.school, row.major, row.education) == ("广西大学", "土木工程", "21")
        assert row.note == "在职期间取得" and row.before_work is False
        assert row.verified_source == "学信网"

    def test_a_person_unknown_to_the_registry_is_told_so(self, client, demo, session):
        application = start(demo.staff, Kind.EVALUATION, demo=demo)  # 王五 has no records
        client.force_login(demo.staff)
        page = _sync(client, application).content.decode()
        assert "学信网中没有您的学历记录" in page


class TestOutage:
    def test_a_registry_down_falls_back_to_self_declared_rows(self, zhang, evaluation, settings):
        settings.REGISTRY_LOCAL_UNAVAILABLE = ["education"]

        page = _sync(zhang, evaluation)

        assert page.status_code == 200
        text = page.content.decode()
        assert "学历信息系统暂时无法访问，请手动添加学历信息并上传学历证书、学位证书" in text
        assert RegistryQuery.objects.get().outcome == "unavailable"
        assert "registry-unavailable" in _section(zhang, evaluation)  # also when coming back
        # The person adds the row and its scan themselves: 自行填报.
        response = zhang.post(
            reverse("applications:row_new", args=[evaluation.pk, "education"]),
            {
                "enrolled_on": "2008-09-01",
                "graduated_on": "2012-06-30",
                "school": "广西大学",
                "major": "土木工程",
                "education": "21",
                "degree": "4",
                "schooling_years": "4",
                "before_work": "True",
                "attachment": files.jpeg("diploma.jpg"),
            },
        )
        assert response.status_code == 302
        row = Education.objects.get(application=evaluation)
        assert not row.is_verified
        assert evaluation.attachments.filter(section="education", row_id=row.pk).exists()
        page = _section(zhang, evaluation)
        assert "自行填报" in page and "diploma.jpg" in page

    def test_what_was_fetched_before_stays_when_the_registry_goes_down(
        self, zhang, evaluation, settings
    ):
        _sync(zhang, evaluation)
        settings.REGISTRY_LOCAL_UNAVAILABLE = ["education"]
        _sync(zhang, evaluation)
        assert RegistryRecord.objects.count() == 2
        assert "结构工程" in _section(zhang, evaluation)

    def test_an_http_registry_that_does_not_answer(
        self, zhang, evaluation, use_http, registry_server
    ):
        use_http("education", RETRIES=1, BREAKER_FAILURES=2)
        registry_server.answers = [(503, {})]

        for _ in range(3):
            page = _sync(zhang, evaluation)
            assert page.status_code == 200
            assert "学历信息系统暂时无法访问" in page.content.decode()

        # Two failing syncs (two attempts each) opened the circuit: the third asked nobody.
        assert len(registry_server.received) == 4
        assert list(RegistryQuery.objects.order_by("pk").values_list("reason", flat=True)) == [
            "status_503",
            "status_503",
            "circuit_open",
        ]

    def test_an_http_registry_signs_and_its_records_are_used(
        self, zhang, evaluation, use_http, registry_server
    ):
        use_http("vocational")
        registry_server.answers = [
            records(
                {
                    "id": "VQ-1",
                    "name": "二级建造师",
                    "grade": "二级",
                    "specialty": "市政公用工程",
                    "obtained_on": "2016-10-15",
                    "issuer": "广西壮族自治区住房和城乡建设厅",
                    "certificate_number": "桂245161700123",
                },
                source="广西职业资格证书信息系统",
            )
        ]
        page = _sync(zhang, evaluation, "vocational").content.decode()
        assert "二级建造师" in page and "广西职业资格证书信息系统" in page
        assert registry_server.received[0].headers["X-Registry-Signature"]
        record = RegistryRecord.objects.get()
        _use(zhang, evaluation, [record.pk], "vocational")
        row = TitleOrSkill.objects.get(application=evaluation)
        assert row.category == "vocational" and row.verified_source == "广西职业资格证书信息系统"

    def test_a_bad_record_in_the_answer_is_an_outage_not_a_500(
        self, zhang, evaluation, use_http, registry_server
    ):
        use_http("education", RETRIES=0)
        registry_server.answers = [records({"id": "X", "school": "广西大学"})]  # no dates
        page = _sync(zhang, evaluation)
        assert page.status_code == 200 and "学历信息系统暂时无法访问" in page.content.decode()
        assert not RegistryRecord.objects.exists()


class TestSocialInsurance:
    def test_insurance_periods_become_work_history_rows_to_complete(self, zhang, evaluation):
        page = _sync(zhang, evaluation, "social_insurance").content.decode()
        assert "广西社会保险信息系统" in page and "企业职工基本养老保险" in page
        ids = list(RegistryRecord.objects.values_list("pk", flat=True))

        page = _use(zhang, evaluation, ids, "social_insurance").content.decode()

        # Pension and medical insurance at 南宁蓝海 are the same period: one row.
        rows = list(WorkHistory.objects.filter(application=evaluation).order_by("sort"))
        assert [(r.employer, r.ended_on) for r in rows] == [
            ("南宁市市政工程设计院", rows[0].ended_on),
            ("南宁蓝海工程有限公司", None),
        ]
        assert all(r.verified_source == "广西社会保险信息系统" for r in rows)
        assert "请填写从社保信息添加的每条工作经历的工作内容" in page
        submit = zhang.get(reverse("applications:submit", args=[evaluation.pk])).content.decode()
        assert "第1行：工作内容" in submit


class TestReviewer:
    def test_the_reviewer_sees_verified_and_self_declared_rows(
        self, demo, keys, client_as, make_application
    ):
        application = make_application(applicant=demo.applicant2, kind="evaluation", at_unit=True)
        add_sections(application, rows=2)
        first, _second = application.education_rows.order_by("sort")
        Education.objects.filter(pk=first.pk).update(
            verified_source="学信网", verified_at=first.created_at, verified_ref="CHSI-1"
        )

        page = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:detail", args=[application.pk])
        )

        text = page.content.decode()
        assert page.status_code == 200
        assert text.count("已核验（来源：学信网，") == 1
        assert "自行填报" in text


class TestAuthorization:
    def test_another_person_cannot_fetch_or_choose_for_an_application(
        self, client, demo, evaluation
    ):
        client.force_login(demo.applicant)
        _sync(client, evaluation)
        ids = list(RegistryRecord.objects.values_list("pk", flat=True))

        client.force_login(demo.applicant2)
        for name in ("sync", "use"):
            response = client.post(
                reverse(f"registries:{name}", args=[evaluation.pk, "education"]),
                {"records": ids},
            )
            assert response.status_code == 404
        assert RegistryQuery.objects.filter(person=demo.applicant2).count() == 0
        assert not Education.objects.filter(application=evaluation).exists()

    def test_records_of_another_person_cannot_be_used(self, client, demo, session, evaluation):
        client.force_login(demo.applicant)
        _sync(client, evaluation)
        ids = list(RegistryRecord.objects.values_list("pk", flat=True))
        own = start(demo.applicant2, Kind.EVALUATION, demo=demo)

        client.force_login(demo.applicant2)
        page = _use(client, own, ids).content.decode()

        assert "请至少选择一条记录" in page
        assert not Education.objects.filter(application=own).exists()

    def test_a_submitted_application_takes_no_rows(self, zhang, evaluation):
        _sync(zhang, evaluation)
        ids = list(RegistryRecord.objects.values_list("pk", flat=True))
        Application.objects.filter(pk=evaluation.pk).update(status=Status.UNIT_REVIEW)
        page = _use(zhang, evaluation, ids).content.decode()
        assert not Education.objects.filter(application=evaluation).exists()
        assert "该申报已报送" in page

    def test_a_registry_of_a_section_the_application_lacks_is_404(self, zhang, demo):
        recognition = start(demo.applicant, demo=demo)  # no education section
        response = zhang.post(reverse("registries:sync", args=[recognition.pk, "education"]))
        assert response.status_code == 404
        response = zhang.post(reverse("registries:sync", args=[recognition.pk, "unknown"]))
        assert response.status_code == 404

    def test_get_is_not_allowed(self, zhang, evaluation):
        response = zhang.get(reverse("registries:sync", args=[evaluation.pk, "education"]))
        assert response.status_code == 405
