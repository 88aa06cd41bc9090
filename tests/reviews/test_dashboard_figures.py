"""统计 by unit and region, working days at each level, what is overdue and the deadline
burn-down: each figure from aggregate queries, scoped to the role, with the same numbers in the
page's table and in the .xlsx, and a constant number of queries whatever the data size."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStep, Status
from applications.models.routes import OrganisationType
from reference.models import CalendarDay
from reviews import statistics
from reviews.models import WorkdayNumber
from tests.clock import beijing

pytestmark = pytest.mark.django_db

YEAR = 2026


def _table(data, key):
    return next(t for t in data["tables"] if t.key == key)


def _rows(data, key):
    return {row[0]: row[1:] for row in _table(data, key).rows}


def _step_times(application, *moments):
    """Set when the application reached its first steps (Beijing times)."""
    steps = list(ApplicationStep.objects.filter(application=application).order_by("position"))
    for step, moment in zip(steps, moments, strict=False):
        step.reached_at = moment
        step.save(update_fields=["reached_at"])


def test_units_and_regions_this_year_and_last(demo, make_application, contexts):
    make_application(applicant=demo.applicant, year=YEAR, at_office=True)
    make_application(applicant=demo.applicant2, year=YEAR, at_office=True)
    make_application(applicant=demo.staff, year=YEAR - 1, at_office=True)
    make_application(applicant=demo.staff2, unit=demo.unit2, year=YEAR, at_office=True)

    office = statistics.dashboard(contexts["office_staff"], year=YEAR)
    unit = statistics.dashboard(contexts["staff"], year=YEAR)

    assert _rows(office, "unit") == {demo.unit.name: [2, 1], demo.unit2.name: [1, 0]}
    regions = _rows(office, "region")
    assert sum(counts[0] for counts in regions.values()) == 3
    assert regions[demo.unit.region.full_name][1] == 1
    # A unit sees only itself, whatever else the office holds.
    assert _rows(unit, "unit") == {demo.unit.name: [2, 1]}
    assert list(_rows(unit, "region")) == [demo.unit.region.full_name]


def test_units_beyond_the_first_thirty_share_one_row(demo, make_application, contexts, monkeypatch):
    make_application(applicant=demo.applicant, year=YEAR, at_office=True)
    make_application(applicant=demo.applicant2, unit=demo.unit2, year=YEAR, at_office=True)
    tables = statistics.unit_and_region_tables(
        statistics.workflow.visible_to(contexts["office_staff"]), YEAR, ["", "a", "b"]
    )
    assert len(tables[0].rows) == 2  # under the limit: one row per unit

    monkeypatch.setattr(statistics, "UNIT_ROWS", 1)
    tables = statistics.unit_and_region_tables(
        statistics.workflow.visible_to(contexts["office_staff"]), YEAR, ["", "a", "b"]
    )
    assert tables[0].rows[-1] == ["其他单位（1个）", 1, 0]


def test_time_at_each_level_is_counted_in_working_days(demo, make_application, contexts):
    # 2026-09-29 (Tue) to 2026-10-09 (Fri): ten days, of which 30 Sep, 8 Oct and 9 Oct are
    # working days (the National Day holiday lies between).
    slow = make_application(applicant=demo.applicant, year=YEAR, at_office=True)
    _step_times(slow, beijing(datetime.date(2026, 9, 29)), beijing(datetime.date(2026, 10, 9)))
    # Monday to Wednesday: two working days.
    quick = make_application(applicant=demo.applicant2, year=YEAR, at_office=True)
    _step_times(
        quick, beijing(datetime.date(2026, 9, 28), 23), beijing(datetime.date(2026, 9, 30), 8)
    )

    data = statistics.dashboard(contexts["office_staff"], year=YEAR)

    # Two steps: median 2.5, 90th percentile 2 + 0.9 × (3 − 2), as percentile_cont reads them.
    assert _rows(data, "time")[str(OrganisationType.UNIT.label)] == [2, 2.5, 2.9]


def test_a_changed_calendar_counts_again(demo, make_application, contexts):
    slow = make_application(applicant=demo.applicant, year=YEAR, at_office=True)
    _step_times(slow, beijing(datetime.date(2026, 9, 29)), beijing(datetime.date(2026, 10, 9)))
    statistics.dashboard(contexts["office_staff"], year=YEAR)
    assert WorkdayNumber.objects.exists()

    # The administrator makes 2026-10-05 a working day after all.
    CalendarDay.objects.create(date=datetime.date(2026, 10, 5), is_workday=True)

    data = statistics.dashboard(contexts["office_staff"], year=YEAR)
    assert _rows(data, "time")[str(OrganisationType.UNIT.label)] == [1, 4.0, 4.0]


def test_percentile_cont_of_a_histogram():
    assert statistics._percentile([(1, 5), (3, 4), (10, 1)], 0.5) == 2.0
    assert statistics._percentile([(1, 5), (3, 4), (10, 1)], 0.9) == 3.7
    assert statistics._percentile([(7, 1)], 0.9) == 7
    assert statistics._percentile([], 0.5) is None


@pytest.mark.postgres
def test_postgresql_percentiles_match_the_histogram_fallback(
    postgres, demo, make_application, contexts
):
    days = [0, 1, 1, 2, 5, 9, 14]
    start = datetime.date(2026, 3, 2)  # a Monday in an ordinary month
    for spent in days:
        application = make_application(year=YEAR, at_office=True)
        end = start
        counted = 0
        while counted < spent:
            end += datetime.timedelta(days=1)
            if end.weekday() < 5:
                counted += 1
        _step_times(application, beijing(start), beijing(end))
    visible = statistics.workflow.visible_to(contexts["office_staff"])

    from_postgres = statistics.time_at_levels(visible, YEAR)
    histogram = statistics.time_at_levels(visible, YEAR, histogram=True)

    expected = histogram[OrganisationType.UNIT]
    assert from_postgres[OrganisationType.UNIT] == expected == (7, 2.0, 11.0)


@pytest.mark.dates
def test_what_is_overdue_against_the_session_deadlines(
    client_as, demo, make_application, contexts, keys, session
):
    today = timezone.localdate()
    session.unit_deadline = today - datetime.timedelta(days=1)
    session.applicant_revision_deadline = today - datetime.timedelta(days=2)
    session.save()
    late = make_application(applicant=demo.applicant, review_session=session)
    make_application(applicant=demo.applicant2, review_session=session, status=Status.RETURNED)
    make_application(applicant=demo.staff, review_session=session, at_office=True)  # passed on
    make_application(applicant=demo.staff2, unit=demo.unit2, review_session=session)

    office = statistics.dashboard(contexts["office_staff"], year=today.year)
    unit = statistics.dashboard(contexts["staff"], year=today.year)

    assert office["overdue"] == {"units": 0, "returned": 0}  # none reached the office
    assert unit["overdue"] == {"units": 1, "returned": 1}
    assert [row[1] for row in _table(unit, "overdue").rows] == [1, 1]

    client = client_as(demo.staff, keys["staff"])
    page = client.get(reverse("reviews:dashboard_overdue"), {"kind": "units"})
    assert page.status_code == 200
    assert [app.pk for app in page.context["page"]] == [late.pk]
    assert reverse("reviews:detail", args=[late.pk]) in page.content.decode()
    # The other unit's staff see nothing of it.
    other = client_as(demo.staff2, keys["staff2"])
    listed = other.get(reverse("reviews:dashboard_overdue"), {"kind": "units"})
    assert [app.pk for app in listed.context["page"]] == [
        app.pk for app in listed.context["page"] if app.unit_id == demo.unit2.pk
    ]
    assert late.pk not in [app.pk for app in listed.context["page"]]

    # The staff home page says the same.
    home = client_as(demo.staff, keys["staff"]).get(reverse("home"))
    assert home.context["overdue_figures"] == [
        ("units", statistics.overdue_labels()["units"], 1),
        ("returned", statistics.overdue_labels()["returned"], 1),
    ]
    assert 'data-overdue="units">1<' in home.content.decode()


def test_burn_down_counts_submissions_per_day_up_to_the_deadline(
    demo, make_application, contexts, session
):
    session.opens_on = datetime.date(2026, 5, 4)
    session.applicant_first_deadline = datetime.date(2026, 5, 7)
    session.save()
    for day, count in ((4, 1), (6, 2), (9, 1)):
        for _ in range(count):
            make_application(
                review_session=session,
                submitted_at=beijing(datetime.date(2026, 5, day), 21),
                year=YEAR,
            )

    data = statistics.dashboard(contexts["staff"], year=YEAR, session=session)

    assert _table(data, "burn_down").rows == [
        ["2026-05-04", 1, 1, 3],
        ["2026-05-05", 0, 1, 2],
        ["2026-05-06", 2, 3, 1],
        ["2026-05-07", 0, 3, 0],
        ["截止后", 1, 4, 0],
    ]


def _sheets(response) -> dict[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def test_every_table_of_the_page_is_a_sheet_of_the_xlsx(
    client_as, demo, make_application, keys, session
):
    make_application(applicant=demo.applicant, review_session=session, at_office=True)
    make_application(applicant=demo.applicant2, unit=demo.unit2, at_office=True)
    client = client_as(demo.office_staff, keys["office_staff"])

    page = client.get(reverse("reviews:dashboard"))
    sheets = _sheets(client.get(reverse("reviews:dashboard_xlsx")))

    tables = page.context["data"]["tables"]
    assert {t.key for t in tables} >= {"unit", "region", "time", "overdue", "burn_down"}
    assert len(sheets) == len(tables)
    for table, (_title, rows) in zip(tables, sheets.items(), strict=True):
        assert rows[0] == [str(c) for c in table.columns]
        assert rows[1:] == [list(row) for row in table.rows], table.key
    content = page.content.decode()
    assert 'data-table="burn_down"' in content and 'data-chart="region"' in content


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reviews:dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_at_5_and_60_applications(
    client_as, demo, make_application, keys, session
):
    client = client_as(demo.office_staff, keys["office_staff"])
    for _index in range(5):
        make_application(review_session=session, at_office=True, unit=demo.unit)
    _page_queries(client)  # the working days are numbered once
    few = _page_queries(client)
    for index in range(55):
        unit = demo.unit if index % 2 else demo.unit2
        make_application(review_session=session, at_office=True, unit=unit)
    many = _page_queries(client)
    assert few == many


def test_another_organisations_session_is_not_offered_nor_drawn(
    client_as, demo, make_application, keys, session
):
    make_application(applicant=demo.applicant, review_session=session)
    mine = client_as(demo.staff, keys["staff"]).get(reverse("reviews:dashboard"))
    assert mine.context["data"]["session"] == session

    # 赵六's unit has no application in that session: asking for it draws no burn-down of it.
    other = client_as(demo.staff2, keys["staff2"])
    page = other.get(reverse("reviews:dashboard"), {"session": session.pk})

    assert page.status_code == 200
    assert page.context["data"]["session"] is None
    assert "burn_down" not in {t.key for t in page.context["data"]["tables"]}
    sheets = _sheets(other.get(reverse("reviews:dashboard_xlsx"), {"session": session.pk}))
    assert not any("每日提交" in title for title in sheets)
