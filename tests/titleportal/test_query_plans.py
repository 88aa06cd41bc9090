"""On PostgreSQL the province-scale reads are served by indexes: with sequential scans priced
out, the planner still finds an index for each (a missing index shows as a Seq Scan)."""

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, RoleContext
from accounts.selectors import user_for_login
from applications import workflow
from applications.models import ActionLog
from reviews import selectors
from titleportal import paging
from titleportal.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The test database holds a few rows, where a scan and a sort cost nothing: ask the
        # planner to use an index whenever one can serve the filter and the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _reviewer(demo, key: str) -> RoleContext:
    """The role context of the demo reviewer ``key`` (an attribute of ``demo``)."""
    role, organisation = {
        "staff": (Role.UNIT_STAFF, demo.unit),
        "dept_staff": (Role.DEPARTMENT_STAFF, demo.department),
        "office_staff": (Role.OFFICE_STAFF, demo.office),
        "committee_staff": (Role.COMMITTEE_STAFF, demo.committee),
    }[key]
    return RoleContext(role, organisation, getattr(demo, key))


def test_sign_in_by_id_number_uses_the_username_index(postgres, reference_data):
    User.objects.create_user(id_number="11010519491231002x", password="Shenbao#2026ok")
    user_for_login("11010519491231002x")  # the query itself works
    queryset = User.objects.filter(username__in={"11010519491231002x", "11010519491231002X"})
    assert "Seq Scan" not in plan(queryset)


def test_a_name_is_searched_by_prefix_on_an_index(postgres):
    assert "Seq Scan" not in plan(User.objects.filter(selectors.applicant_search("张三", "")))
    by_id = plan(User.objects.filter(selectors.applicant_search("11010519491231002x", "")))
    assert "Seq Scan" not in by_id and "id_number" in by_id


def test_messages_come_newest_first_from_the_index(postgres, reference_data):
    user = User.objects.create_user(username="reader", password="x")
    text = plan(Message.objects.filter(recipient=user).order_by("-created_at", "-pk")[:21])
    assert "message_newest_idx" in text and "Sort" not in text


def test_the_units_queue_walks_its_index_newest_first(postgres, demo):
    context = _reviewer(demo, "staff")
    rows = selectors.filter_applications(context, {"status": "all"})[:21]
    text = plan(rows)
    assert "app_unit_queue_idx" in text and "Seq Scan on applications_application" not in text


@pytest.mark.parametrize("key", ["staff", "dept_staff", "office_staff", "committee_staff"])
def test_what_waits_at_an_organisation_is_read_from_one_index_newest_first(postgres, demo, key):
    """待办事项 and its counts (the queue's tabs, the menu's badge) at a million applications:
    the rows waiting at the organisation come from the waiting index, not from joining every
    step the organisation ever had."""
    context = _reviewer(demo, key)
    waiting = workflow.waiting_for(context)
    for queryset in (
        waiting.order_by("-last_submitted_at", "-id")[:21],
        waiting.values("kind").annotate(n=Count("pk")).order_by(),
    ):
        text = plan(queryset)
        assert "app_waiting_queue_idx" in text and "applications_applicationstep" not in text


@pytest.mark.parametrize("key", ["dept_staff", "office_staff", "committee_staff"])
def test_the_other_queues_read_no_table_whole(postgres, demo, key):
    context = _reviewer(demo, key)
    assert "Seq Scan" not in plan(selectors.filter_applications(context, {"status": "all"})[:21])
    assert "Seq Scan" not in plan(workflow.waiting_for(context)[:21])


@pytest.mark.parametrize("key", ["dept_staff", "office_staff"])
def test_a_queue_walks_the_newest_first_index_keeping_what_reached_the_organisation(
    postgres, demo, key
):
    context = _reviewer(demo, key)
    filters = {"status": "all"}
    rows = selectors.filter_applications(context, filters)
    first = plan(rows[:21])
    assert "app_reached_queue_idx" in first and "application_reach_unique" in first
    assert "applications_applicationstep" not in first
    # A deep page starts the walk at its cursor instead of testing every newer row.
    cursor = paging._keyset_filter(selectors.keyset_of(filters), [timezone.now(), 10**9])
    deep = plan(rows.filter(cursor)[:21])
    assert "Index Cond: (last_submitted_at <=" in deep


def test_the_committees_queue_walks_its_own_index_and_by_year_its_years(postgres, demo):
    """A committee reviews a few series in a few years: walking the year's index, as the other
    levels do, read every other committee's rows of that year (1 s at a million)."""
    context = _reviewer(demo, "committee_staff")
    first = plan(selectors.filter_applications(context, {"status": "all"})[:21])
    assert "app_committee_queue_idx" in first and "application_reach_unique" in first
    year = timezone.localdate().year
    filtered = plan(
        selectors.filter_applications(
            context, {"status": "all", "year": year, "kind": "evaluation"}
        )[:21]
    )
    assert "app_committee_year_queue_idx" in filtered and "Sort" not in filtered


@pytest.mark.parametrize("key", ["dept_staff", "office_staff"])
def test_a_queue_filtered_by_year_series_and_kind_is_counted_from_one_index(
    postgres, demo, key, reference_data
):
    """The capped count of a filtered queue: the matching ids come from the (year, series,
    kind, id) index alone, not from reading every application of the year."""
    from reference.models import Series

    context = _reviewer(demo, key)
    filters = {
        "status": "all",
        "year": timezone.localdate().year,
        "series": Series.objects.get(code="engineering"),
        "kind": "evaluation",
    }
    rows = selectors.filter_applications(context, filters)
    text = plan(rows.order_by()[: paging.COUNT_CAP + 1].values("pk"))
    assert "Index Only Scan using app_year_series_kind_idx" in text


def test_where_an_application_waits_has_statistics_of_its_columns_together(postgres):
    """waiting_type, waiting_id and status go together: taken as independent, a committee's
    5 325 waiting applications were expected to be 1 at 10⁶, all joined, then sorted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkind FROM pg_statistic_ext WHERE stxname = 'app_waiting_stats'"
            " AND stxrelid = 'applications_application'::regclass"
        )
        (kinds,) = cursor.fetchone()
    assert set(kinds) >= {"f", "m"}  # functional dependencies and most common values


def test_operation_records_read_no_table_whole(postgres, demo):
    context = _reviewer(demo, "office_staff")
    assert "Seq Scan" not in plan(selectors.operation_records(context, {})[:31])
    own = ActionLog.objects.filter(organisation_type="office", organisation_id=demo.office.pk)
    assert "actionlog_organisation_idx" in plan(own.order_by("-created_at")[:31])


@pytest.mark.parametrize("key", ["staff", "dept_staff", "office_staff", "committee_staff"])
def test_operation_records_join_the_application_once(postgres, demo, key):
    """Through a second copy of the application table the records query had five tables, one
    more than the planner reorders (PG_JOIN_COLLAPSE_LIMIT): it then read every action-log row
    before keeping the organisation's (90 ms instead of 10 at 10⁴ applications)."""
    context = _reviewer(demo, key)
    sql = str(selectors.operation_records(context, {"year": 2026, "q": "张"})[:31].query)
    assert sql.count('JOIN "applications_application"') == 1
    assert '"applications_application" "' not in sql  # no aliased second copy
    assert "Seq Scan on applications_actionlog" not in plan(
        selectors.operation_records(context, {})[:31]
    )


def test_the_planner_reorders_at_most_four_joined_tables(postgres):
    """The queue pages join eight tables: with PostgreSQL's default limit of 8 planning them
    cost several times running them (README, PG_JOIN_COLLAPSE_LIMIT)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        joins = cursor.fetchone()[0]
        cursor.execute("SHOW from_collapse_limit")
        subqueries = cursor.fetchone()[0]
    assert (joins, subqueries) == ("4", "4")
