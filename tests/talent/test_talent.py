"""专技人才统计 (seed 004 §2.6): the person files their professional-talent information, the
unit reviews it, the office reads the figures by region, series and level."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role, RoleContext
from reference.models import Level, Region, Series
from talent import selectors, services
from talent.models import TalentRecord
from tests.factories.people import PersonFactory
from tests.refusals import refused
from titleportal.models import Message
from units.models import Affiliation, Unit

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def catalogue(reference_data):
    series = list(Series.objects.order_by("pk")[:2])
    levels = list(Level.objects.order_by("rank"))
    return series, levels


def fields(catalogue, **overrides):
    series, levels = catalogue
    values = {
        "series": series[0],
        "level": levels[0],
        "title_name": "助理工程师",
        "obtained_on": datetime.date(2020, 6, 1),
        "specialty": "土木工程",
        "education": "21",
        "is_high_level": False,
    }
    values.update(overrides)
    return values


def unit_context(unit):
    return RoleContext(Role.UNIT_STAFF, unit)


def file(person, catalogue, year=YEAR, **overrides):
    return services.talent_record_save(person=person, year=year, **fields(catalogue, **overrides))


@pytest.fixture
def client_as(client):
    def sign_in(user, key):
        client.force_login(user)
        session = client.session
        session["acting_as"] = key
        session.save()
        return client

    return sign_in


# --- services -------------------------------------------------------------------------------


def test_the_record_goes_to_the_current_unit_and_its_staff_are_told(demo, catalogue):
    record = file(demo.applicant, catalogue)

    assert record.unit == demo.applicant.affiliation.unit
    assert record.status == TalentRecord.Status.PENDING
    message = Message.objects.get(recipient=demo.staff, event=services.TALENT_FILED)
    assert message.link == reverse("talent:unit_detail", args=[record.pk])


def test_a_person_without_a_unit_is_told_to_join_one(demo, catalogue):
    person = PersonFactory()

    with refused("no_unit"):
        file(person, catalogue)
    assert not TalentRecord.objects.exists()


def test_one_record_per_person_and_year_a_second_save_changes_it(demo, catalogue):
    first = file(demo.applicant, catalogue)
    second = file(demo.applicant, catalogue, specialty="结构工程")
    other_year = file(demo.applicant, catalogue, year=YEAR - 1)

    assert second.pk == first.pk
    assert other_year.pk != first.pk
    assert TalentRecord.objects.filter(person=demo.applicant, year=YEAR).get().specialty == (
        "结构工程"
    )


def test_the_database_refuses_a_second_record_of_the_same_year(demo, catalogue):
    from django.db import IntegrityError, transaction

    record = file(demo.applicant, catalogue)
    with pytest.raises(IntegrityError), transaction.atomic():
        TalentRecord.objects.create(
            person=demo.applicant,
            unit=record.unit,
            year=YEAR,
            **fields(catalogue),
        )


def test_the_unit_approves_and_the_person_is_told(demo, catalogue):
    record = file(demo.applicant, catalogue)

    services.talent_record_review(
        actor=demo.staff, role_context=unit_context(demo.unit), record=record, approve=True
    )

    record.refresh_from_db()
    assert record.status == TalentRecord.Status.APPROVED
    assert record.reviewed_by == demo.staff
    assert Message.objects.filter(recipient=demo.applicant, event=services.TALENT_REVIEWED)


def test_returning_needs_a_reason_which_the_person_reads(demo, catalogue):
    record = file(demo.applicant, catalogue)
    context = unit_context(demo.unit)

    with refused("required"):
        services.talent_record_review(
            actor=demo.staff, role_context=context, record=record, approve=False, note=" "
        )
    services.talent_record_review(
        actor=demo.staff, role_context=context, record=record, approve=False, note="级别填错"
    )

    record.refresh_from_db()
    assert (record.status, record.unit_note) == (TalentRecord.Status.RETURNED, "级别填错")
    message = Message.objects.get(recipient=demo.applicant, event=services.TALENT_RETURNED)
    assert message.body == "级别填错"


def test_editing_a_reviewed_record_sends_it_back_for_review(demo, catalogue):
    record = file(demo.applicant, catalogue)
    services.talent_record_review(
        actor=demo.staff, role_context=unit_context(demo.unit), record=record, approve=True
    )

    record = file(demo.applicant, catalogue, specialty="桥梁工程")

    assert record.status == TalentRecord.Status.PENDING
    assert record.reviewed_by is None


def test_nobody_reviews_their_own_record(demo, catalogue):
    Affiliation.objects.update_or_create(person=demo.staff, defaults={"unit": demo.unit})
    record = file(demo.staff, catalogue)

    with refused("own"):
        services.talent_record_review(
            actor=demo.staff, role_context=unit_context(demo.unit), record=record, approve=True
        )
    record.refresh_from_db()
    assert record.status == TalentRecord.Status.PENDING


def test_another_units_staff_cannot_review(demo, catalogue):
    record = file(demo.applicant, catalogue)

    with refused("forbidden"):
        services.talent_record_review(
            actor=demo.staff2, role_context=unit_context(demo.unit2), record=record, approve=True
        )


def test_a_record_is_reviewed_once(demo, catalogue):
    record = file(demo.applicant, catalogue)
    context = unit_context(demo.unit)
    services.talent_record_review(
        actor=demo.staff, role_context=context, record=record, approve=True
    )

    with refused("state"):
        services.talent_record_review(
            actor=demo.staff, role_context=context, record=record, approve=False, note="x"
        )


# --- the office's figures -------------------------------------------------------------------


def _approved(unit, catalogue, *, series, level, high=False, year=YEAR):
    person = PersonFactory(unit=unit)
    record = file(person, catalogue, year=year, series=series, level=level, is_high_level=high)
    TalentRecord.objects.filter(pk=record.pk).update(status=TalentRecord.Status.APPROVED)
    return record


def test_the_office_counts_reviewed_records_by_region_series_and_level(demo, catalogue):
    (s1, s2), levels = catalogue
    _approved(demo.unit, catalogue, series=s1, level=levels[0])
    _approved(demo.unit, catalogue, series=s1, level=levels[0], high=True)
    _approved(demo.unit, catalogue, series=s1, level=levels[2])
    _approved(demo.unit2, catalogue, series=s2, level=levels[0])
    _approved(demo.unit2, catalogue, series=s2, level=levels[0], year=YEAR - 1)
    file(PersonFactory(unit=demo.unit), catalogue, series=s1, level=levels[0])  # not reviewed

    figures = selectors.office_figures(RoleContext(Role.OFFICE_STAFF, demo.office), year=YEAR)

    rows = {(row["region"], row["series"]): row for row in figures.rows}
    nanning = rows[(demo.unit.region.name, s1.label)]
    assert nanning["counts"][0] == 2 and nanning["counts"][2] == 1 and nanning["total"] == 3
    assert rows[(demo.unit2.region.name, s2.label)]["total"] == 1
    assert (figures.total, figures.high_level) == (4, 1)
    assert figures.level_totals[0] == 3
    all_years = selectors.office_figures(RoleContext(Role.OFFICE_STAFF, demo.office))
    assert all_years.total == 5


def test_a_city_office_sees_only_the_units_of_its_region(demo, catalogue):
    (s1, s2), levels = catalogue
    _approved(demo.unit, catalogue, series=s1, level=levels[0])
    _approved(demo.unit2, catalogue, series=s2, level=levels[0])

    figures = selectors.office_figures(RoleContext(Role.OFFICE_STAFF, demo.office_qz))

    assert figures.total == 1
    assert [row["region"] for row in figures.rows] == [demo.unit2.region.name]


def test_the_office_page_takes_the_same_number_of_queries_for_more_records(
    demo, catalogue, client_as
):
    (s1, s2), levels = catalogue
    client = client_as(demo.office_staff, f"office_staff:{demo.office.pk}")
    url = reverse("talent:office_statistics")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _approved(demo.unit, catalogue, series=s1, level=levels[0])
    few = count()
    other = Unit.objects.create(
        name="南宁另一家公司",
        region=Region.objects.get(code="450103"),
        uscc="91450100MA5L3B2C2X",
        legal_representative="刘一",
        industry=demo.unit.industry,
        unit_type=demo.unit.unit_type,
        address="南宁",
    )
    for index in range(6):
        _approved(other, catalogue, series=(s1, s2)[index % 2], level=levels[index % 3])
    assert count() == few


def test_the_office_downloads_the_figures_as_xlsx(demo, catalogue, client_as):
    import io

    import openpyxl

    (s1, _s2), levels = catalogue
    _approved(demo.unit, catalogue, series=s1, level=levels[0])
    client = client_as(demo.office_staff, f"office_staff:{demo.office.pk}")

    response = client.get(reverse("talent:office_statistics_xlsx"), {"year": YEAR})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == (demo.unit.region.name, s1.label, 1)
    assert rows[-1][-1] == 1


# --- pages ----------------------------------------------------------------------------------


def test_the_person_files_on_their_page_and_errors_keep_what_was_typed(demo, catalogue, client_as):
    (s1, _s2), levels = catalogue
    client = client_as(demo.applicant, "applicant:")
    url = reverse("talent:mine")
    data = {
        "series": s1.pk,
        "level": levels[0].pk,
        "title_name": "助理工程师",
        "obtained_on": "2099-01-01",
        "specialty": "土木工程",
        "education": "21",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "日期不能晚于今天" in response.text
    assert "土木工程" in response.text
    assert not TalentRecord.objects.exists()

    response = client.post(url, {**data, "obtained_on": "2020-06-01"}, follow=True)
    assert "已提交至工作单位审核" in response.text
    assert TalentRecord.objects.get().specialty == "土木工程"


def test_unit_staff_see_only_their_units_records(demo, catalogue, client_as):
    record = file(demo.applicant, catalogue)
    detail = reverse("talent:unit_detail", args=[record.pk])

    other = client_as(demo.staff2, f"unit_staff:{demo.unit2.pk}")
    assert other.get(detail).status_code == 404
    assert demo.applicant.full_name not in other.get(reverse("talent:unit_list")).text

    own = client_as(demo.staff, f"unit_staff:{demo.unit.pk}")
    assert demo.applicant.full_name in own.get(reverse("talent:unit_list")).text
    response = own.post(detail, {"decision": "return", "note": ""})
    assert "请填写退回原因" in response.text
    own.post(detail, {"decision": "approve", "note": ""})
    record.refresh_from_db()
    assert record.status == TalentRecord.Status.APPROVED


def test_an_applicant_sees_only_their_own_record(demo, catalogue, client_as):
    file(demo.applicant, catalogue, specialty="独有专业名称")

    client = client_as(demo.applicant2, "applicant:")

    assert "独有专业名称" not in client.get(reverse("talent:mine")).text
