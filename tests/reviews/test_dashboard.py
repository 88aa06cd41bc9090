"""统计: figures per organisation from aggregate queries, the same in the chart's data, the
table and the .xlsx; other organisations' applications never count."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Status
from reviews import statistics

pytestmark = pytest.mark.django_db


def _table(data, key):
    return next(t for t in data["tables"] if t.key == key)


def test_counts_by_state_this_year_and_last(demo, make_application, contexts):
    year = timezone.localdate().year
    make_application(applicant=demo.applicant)
    make_application(applicant=demo.applicant2, at_office=True)
    make_application(applicant=demo.staff, year=year - 1, kind="reconfirmation")
    make_application(applicant=demo.staff2, unit=demo.unit2)  # another unit

    data = statistics.dashboard(contexts["staff"], year=year)

    assert data["total"] == 2 and data["total_previous"] == 1
    rows = {row[0]: row[1:] for row in _table(data, "status").rows}
    # 张三's this year and 王五's last year; 赵六's at the other unit is not counted.
    assert rows[str(Status.UNIT_REVIEW.label)] == [1, 1]
    assert rows[str(Status.OFFICE_REVIEW.label)] == [1, 0]


def test_pass_rate_per_series_and_level(demo, make_application, contexts):
    for person, status in (
        (demo.applicant, Status.APPROVED),
        (demo.applicant2, Status.CERTIFIED),
        (demo.staff, Status.REJECTED),
        (demo.dept_staff, Status.OFFICE_REVIEW),
    ):
        make_application(applicant=person, status=status)

    data = statistics.dashboard(contexts["staff"], year=timezone.localdate().year)

    (row,) = _table(data, "pass_rate").rows
    assert row[1:] == [2, 3, 66.7]


def test_query_count_does_not_grow_with_applications(demo, make_application, contexts):
    year = timezone.localdate().year
    make_application(applicant=demo.applicant)
    statistics.dashboard(contexts["office_staff"], year=year)  # numbers the working days once
    with CaptureQueriesContext(connection) as few:
        statistics.dashboard(contexts["office_staff"], year=year)
    for person in (demo.applicant2, demo.staff, demo.staff2, demo.dept_staff):
        make_application(applicant=person, at_office=True)
        make_application(applicant=person, status=Status.APPROVED, kind="reconfirmation")
    with CaptureQueriesContext(connection) as many:
        statistics.dashboard(contexts["office_staff"], year=year)

    assert len(many) == len(few) <= 9


def test_page_table_and_xlsx_show_the_same_figures(client_as, demo, make_application, keys):
    make_application(applicant=demo.applicant, at_office=True)
    make_application(applicant=demo.applicant2, at_office=True, status=Status.APPROVED)
    client = client_as(demo.office_staff, keys["office_staff"])

    page = client.get(reverse("reviews:dashboard"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "echarts" in content and 'id="dashboard-data"' in content
    charts = {chart["key"]: chart for chart in page.context["charts"]}

    response = client.get(reverse("reviews:dashboard_xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == charts["status"]["rows"]


def test_filtering_by_series_narrows_the_figures(client_as, demo, make_application, keys):
    from reference.models import Series

    make_application(applicant=demo.applicant)
    other = Series.objects.exclude(pk=demo.committee.series_id).first()
    client = client_as(demo.staff, keys["staff"])

    page = client.get(reverse("reviews:dashboard"), {"series": other.pk})

    assert page.context["data"]["total"] in (0, 1)  # the factory's series may be that one
    assert client.get(reverse("reviews:dashboard"), {"year": "abc"}).status_code == 200


def test_another_units_staff_see_none_of_these_figures(demo, make_application, contexts):
    make_application(applicant=demo.applicant)

    data = statistics.dashboard(contexts["staff2"], year=timezone.localdate().year)

    assert data["total"] == 0


def test_page_figures_are_kept_for_a_few_minutes_per_organisation(
    client_as, demo, make_application, keys, settings
):
    """A province's figures take a moment to aggregate: the page shows them as of a time it
    states and brings them up to date after STATISTICS_CACHE_SECONDS; another organisation
    never gets the figures kept for this one."""
    import time_machine

    settings.STATISTICS_CACHE_SECONDS = 300
    make_application(applicant=demo.applicant)
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        client = client_as(demo.staff, keys["staff"])
        first = client.get(reverse("reviews:dashboard"))
        assert first.context["data"]["total"] == 1
        assert "数据每 5 分钟更新一次" in first.content.decode()

        make_application(applicant=demo.applicant2)
        kept = client.get(reverse("reviews:dashboard"))
        assert kept.context["data"]["total"] == 1
        assert kept.context["data"]["computed_at"] == first.context["data"]["computed_at"]
        other_unit = client_as(demo.staff2, keys["staff2"]).get(reverse("reviews:dashboard"))
        assert other_unit.context["data"]["total"] == 0

    with time_machine.travel(start + timezone.timedelta(minutes=6), tick=False):
        client = client_as(demo.staff, keys["staff"])
        assert client.get(reverse("reviews:dashboard")).context["data"]["total"] == 2


def test_without_keeping_the_page_counts_every_time(
    client_as, demo, make_application, keys, settings
):
    settings.STATISTICS_CACHE_SECONDS = 0
    make_application(applicant=demo.applicant)
    client = client_as(demo.staff, keys["staff"])
    assert client.get(reverse("reviews:dashboard")).context["data"]["total"] == 1
    make_application(applicant=demo.applicant2)
    page = client.get(reverse("reviews:dashboard"))
    assert page.context["data"]["total"] == 2
    assert "dashboard-computed-at" not in page.content.decode()


def test_the_sessions_to_choose_are_kept_as_long_as_the_figures(
    client_as, demo, make_application, keys, settings, session
):
    """Finding the sessions an office's applications of the year belong to reads all of
    them: the list is kept as long as the figures, then brought up to date."""
    import time_machine

    settings.STATISTICS_CACHE_SECONDS = 300
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)

    def sessions_listed() -> set[int]:
        client = client_as(demo.office_staff, keys["office_staff"])
        page = client.get(reverse("reviews:dashboard"), {"year": session.year})
        return set(page.context["form"].sessions)

    with time_machine.travel(start, tick=False):
        assert sessions_listed() == set()
        make_application(
            applicant=demo.applicant, kind="evaluation", year=session.year, at_office=True
        )
        assert sessions_listed() == set()
    with time_machine.travel(start + timezone.timedelta(minutes=6), tick=False):
        assert sessions_listed() == {session.pk}
        assert (
            client_as(demo.staff2, keys["staff2"])
            .get(reverse("reviews:dashboard"), {"year": session.year})
            .context["form"]
            .sessions
            == {}
        )
