"""The services: verified fields stay, what a fetch keeps, the query log."""

import datetime

import pytest

from accounts.roles import Role, RoleContext
from applications import services as application_services
from applications.models import Kind
from registries import services
from registries.backends import Person, backend_for
from registries.models import RegistryQuery, RegistryRecord
from tests.applications.conftest import start
from tests.refusals import refused

pytestmark = pytest.mark.django_db
APPLICANT = RoleContext(Role.APPLICANT)


@pytest.fixture
def evaluation(demo, session):
    return start(demo.applicant, Kind.EVALUATION, demo=demo)


def _fetch_and_use(application, registry, **match):
    person = application.applicant
    services.fetch_records(
        actor=person, role_context=APPLICANT, application=application, registry=registry
    )
    records = RegistryRecord.objects.filter(person=person, registry=registry)
    for key, value in match.items():
        records = records.filter(**{f"payload__{key}": value})
    return services.use_records(
        actor=person,
        role_context=APPLICANT,
        application=application,
        registry=registry,
        record_ids=[r.pk for r in records],
    )


def test_the_local_backend_answers_from_the_fixture_files(demo):
    answer = backend_for("education").fetch(Person(demo.applicant.id_number, "张三"))
    assert answer.source == "学信网"
    assert [r["major"] for r in answer.records] == ["土木工程", "结构工程"]
    assert backend_for("education").fetch(Person("110101199003070000", "某人")).records == []


def test_a_verified_field_cannot_be_changed_through_the_service(evaluation):
    (row,) = _fetch_and_use(evaluation, "education", major="土木工程")
    with refused("verified_fixed") as caught:
        application_services.save_row(
            actor=evaluation.applicant,
            role_context=APPLICANT,
            application=evaluation,
            key="education",
            row_id=row.pk,
            data={"school": "清华大学", "note": "改"},
        )
    assert caught.value.code == "verified_fixed"
    row.refresh_from_db()
    assert row.school == "广西大学" and row.note == ""


def test_the_verification_cannot_be_claimed_through_a_row_form(evaluation):
    row = application_services.save_row(
        actor=evaluation.applicant,
        role_context=APPLICANT,
        application=evaluation,
        key="education",
        data={
            "enrolled_on": datetime.date(2008, 9, 1),
            "graduated_on": datetime.date(2012, 6, 30),
            "school": "广西大学",
            "major": "土木工程",
            "education": "21",
            "degree": "4",
            "schooling_years": 4,
            "before_work": True,
            "verified_source": "学信网",
            "verified_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        },
    )
    row.refresh_from_db()
    assert not row.is_verified and row.verified_source == ""


def test_a_new_fetch_replaces_the_records_and_logs_the_query(evaluation, settings, tmp_path):
    person = evaluation.applicant
    services.fetch_records(
        actor=person, role_context=APPLICANT, application=evaluation, registry="vocational"
    )
    assert RegistryRecord.objects.filter(person=person, registry="vocational").count() == 2
    (tmp_path / "vocational.json").write_text('{"source": "测试", "people": {}}', encoding="utf-8")
    settings.REGISTRY_FIXTURES_DIR = tmp_path
    services.fetch_records(
        actor=person, role_context=APPLICANT, application=evaluation, registry="vocational"
    )
    assert not RegistryRecord.objects.filter(person=person, registry="vocational").exists()
    assert list(RegistryQuery.objects.values_list("record_count", flat=True)) == [0, 2]
