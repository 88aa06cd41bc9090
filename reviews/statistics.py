"""统计: the figures of the dashboard, scoped to what the acting role may see.

Every figure comes from a few aggregate queries (GROUP BY), never from application rows loaded
into Python: one grouped count of applications by year, state, kind, level and series, and one
histogram of the days each step took, from which the median and the 90th percentile are read.
The number of queries does not depend on the number of applications.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Lead, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import ApplicationStep, Kind, Status
from applications.models.routes import OrganisationType
from reference import workdays
from reference.models import Level, Series

from .models import WorkdayNumber

# Working days are numbered from this day on (reviews.models.WorkdayNumber).
WORKDAY_EPOCH = datetime.date(2000, 1, 1)
# The units with the most applications this year get a row each; the rest share one.
UNIT_ROWS = 30
# What is overdue against the session deadlines: states and the deadline that has passed.
OVERDUE = {
    "units": ((Status.UNIT_REVIEW, Status.DEPT_REVIEW), "review_session__unit_deadline"),
    "returned": ((Status.RETURNED,), "review_session__applicant_revision_deadline"),
}

PASSED_STATES = (Status.APPROVED, Status.CERTIFIED)
FAILED_STATES = (Status.NOT_PASSED, Status.REJECTED)


@dataclass
class Table:
    """A figure: its title, column headings and rows (the chart draws the same numbers)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"
    # Which columns the chart draws (the first column names the bars).
    drawn: tuple[int, ...] = (1, 2)
    link: str = ""  # a list behind the figures (what is overdue)


def _percentile(histogram: list[tuple[int, int]], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont from (value, count) pairs: the value at position
    ``fraction × (n − 1)`` of the sorted values, interpolated between its two neighbours."""
    ordered = sorted((value, n) for value, n in histogram if n)
    total = sum(n for _value, n in ordered)
    if not total:
        return None
    position = fraction * (total - 1)
    low_index, weight = int(position), position - int(position)

    def nth(index: int) -> int:
        running = 0
        for value, n in ordered:
            running += n
            if index < running:
                return value
        return ordered[-1][0]

    low = nth(low_index)
    high = nth(low_index + 1) if weight else low
    return round(low + (high - low) * weight, 1)


def _grouped(applications, year: int) -> list[dict]:
    return list(
        applications.filter(year__in=[year, year - 1])
        .values("year", "status", "kind", "level_id", "series_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def ensure_workday_numbers(first: datetime.date, last: datetime.date) -> None:
    """Number the working days from ``first`` to ``last`` (one counting query when they are
    already there, the usual case)."""
    expected = (last - first).days + 1
    if WorkdayNumber.objects.filter(date__range=(first, last)).count() == expected:
        return
    rows = workdays.numbered_workdays(first, last, WORKDAY_EPOCH)
    WorkdayNumber.objects.bulk_create(
        [WorkdayNumber(date=day, number=number) for day, number in rows],
        ignore_conflicts=True,
        batch_size=500,
    )


def _step_days_sql(applications, year: int) -> tuple[str, list]:
    """SQL of this year's finished steps with the working days each took: from the day a step
    was reached to the day the next one was (working days after the first day, up to and
    including the last, as reference.workdays counts). Columns: organisation_type, days.

    The next step's day comes from a window over each application's reached steps (LEAD), and
    the working-day numbers from two joins with their table, so the database reads each step
    once (a correlated look-up per step cost seconds at a million applications)."""
    ensure_workday_numbers(datetime.date(year - 1, 1, 1), datetime.date(year + 1, 12, 31))
    steps = (
        ApplicationStep.objects.filter(
            application__in=applications.filter(year=year).values("pk"), reached_at__isnull=False
        )
        .annotate(
            reached_on=TruncDate("reached_at"),
            left_on=Window(
                Lead(TruncDate("reached_at")),
                partition_by=[F("application_id")],
                order_by=F("position").asc(),
            ),
        )
        .values("organisation_type", "reached_on", "left_on")
        .order_by()
    )
    inner, params = steps.query.sql_with_params()
    table = connection.ops.quote_name(WorkdayNumber._meta.db_table)
    sql = (
        "SELECT s.organisation_type AS organisation_type, "  # noqa: S608 - our own SQL
        "ended.number - started.number AS days "
        f"FROM ({inner}) s "
        f"JOIN {table} started ON started.date = s.reached_on "
        f"JOIN {table} ended ON ended.date = s.left_on"
    )
    return sql, list(params)


def time_at_levels(
    applications, year: int, *, histogram: bool = False
) -> dict[str, tuple[int, float, float]]:
    """(steps counted, median, 90th percentile) in working days per type of level.

    PostgreSQL computes the percentiles (percentile_cont); elsewhere (or with ``histogram``)
    the database returns a histogram of (level, days, count), whose size depends on the spread
    of days, not on the number of applications, and the same interpolation is done on it."""
    sql, params = _step_days_sql(applications, year)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not histogram:
            cursor.execute(
                "SELECT organisation_type, COUNT(*), "  # noqa: S608 - our own SQL and params
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY days), "
                f"percentile_cont(0.9) WITHIN GROUP (ORDER BY days) FROM ({sql}) d GROUP BY 1",
                params,
            )
            return {
                level: (n, round(median, 1), round(p90, 1))
                for level, n, median, p90 in cursor.fetchall()
            }
        cursor.execute(
            f"SELECT organisation_type, days, COUNT(*) FROM ({sql}) d GROUP BY 1, 2",  # noqa: S608
            params,
        )
        histograms: dict = defaultdict(list)
        for level, days, n in cursor.fetchall():
            histograms[level].append((days, n))
    return {
        level: (
            sum(n for _days, n in histogram),
            _percentile(histogram, 0.5),
            _percentile(histogram, 0.9),
        )
        for level, histogram in histograms.items()
    }


def _units(applications, year: int) -> list[dict]:
    return list(
        applications.filter(year__in=[year, year - 1])
        .values("year", "unit_id", "unit__name", "unit__region__full_name")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _grouped_and_units(applications, year: int) -> tuple[list[dict], list[dict]]:
    """(``_grouped``, ``_units``) of this year and last. On PostgreSQL the two groupings come
    from one pass over the applications (GROUPING SETS): reading a province's applications
    twice cost half the dashboard."""
    if connection.vendor != "postgresql":
        return _grouped(applications, year), _units(applications, year)
    rows = (
        applications.filter(year__in=[year, year - 1])
        .annotate(unit_now=F("unit__name"), region_now=F("unit__region__full_name"))
        .values(
            "year", "status", "kind", "level_id", "series_id", "unit_id", "unit_now", "region_now"
        )
        .order_by()
    )
    inner, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT year, status, kind, level_id, series_id, unit_id, unit_now, "  # noqa: S608
            f"region_now, GROUPING(unit_id), COUNT(*) FROM ({inner}) a GROUP BY GROUPING SETS "
            "((year, status, kind, level_id, series_id), (year, unit_id, unit_now, region_now))",
            params,
        )
        found = cursor.fetchall()
    groups, by_unit = [], []
    for year_, status, kind, level, series, unit, name, region, without_unit, n in found:
        if without_unit:
            groups.append(
                {
                    "year": year_,
                    "status": status,
                    "kind": kind,
                    "level_id": level,
                    "series_id": series,
                    "n": n,
                }
            )
        else:
            by_unit.append(
                {
                    "year": year_,
                    "unit_id": unit,
                    "unit__name": name,
                    "unit__region__full_name": region,
                    "n": n,
                }
            )
    return groups, by_unit


def _this_and_last(rows: list[dict], key, year: int) -> dict:
    counts: dict = defaultdict(lambda: [0, 0])
    for row in rows:
        counts[key(row)][0 if row["year"] == year else 1] += row["n"]
    return counts


def unit_and_region_tables(
    applications, year: int, columns: list[str], rows: list[dict] | None = None
) -> list[Table]:
    """The tables by unit and by region (``rows``: ``_units`` when already read)."""
    rows = _units(applications, year) if rows is None else rows
    units = _this_and_last(rows, lambda row: row["unit__name"], year)
    ranked = sorted(units.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    unit_rows = [[name, *counts] for name, counts in ranked[:UNIT_ROWS]]
    rest = ranked[UNIT_ROWS:]
    if rest:
        unit_rows.append(
            [
                _("Other units (%(count)d)") % {"count": len(rest)},
                sum(counts[0] for _name, counts in rest),
                sum(counts[1] for _name, counts in rest),
            ]
        )
    regions = _this_and_last(rows, lambda row: row["unit__region__full_name"] or "", year)
    region_rows = [[name, *counts] for name, counts in sorted(regions.items())]
    return [
        Table("unit", _("Applications by unit"), [_("Unit"), *columns[1:]], unit_rows),
        Table("region", _("Applications by region"), [_("Region"), *columns[1:]], region_rows),
    ]


def _overdue_filter(kind: str, today: datetime.date) -> Q:
    states, deadline = OVERDUE[kind]
    return Q(status__in=states, **{f"{deadline}__lt": today})


def overdue_counts(applications, today: datetime.date) -> dict[str, int]:
    """What is overdue against the session deadlines, in the role's scope: applications the
    units (and departments) have not passed on by the units' deadline, and returned ones the
    applicant has not resubmitted by the resubmission deadline. One query.
    ``applications``: what the role sees (workflow.visible_to), perhaps filtered."""
    # Only the states that can be overdue are read (their index), not every visible row.
    states = [state for kind in OVERDUE for state in OVERDUE[kind][0]]
    return applications.filter(status__in=states).aggregate(
        **{kind: Count("pk", filter=_overdue_filter(kind, today)) for kind in OVERDUE}
    )


def overdue_applications(role_context, kind: str, today: datetime.date):
    """The applications behind one overdue figure, the longest overdue first."""
    _states, deadline = OVERDUE[kind]
    return (
        workflow.visible_to(role_context)
        .filter(_overdue_filter(kind, today))
        .select_related("applicant", "unit", "review_session__committee", "current_step")
        .order_by(deadline, "last_submitted_at", "pk")
    )


def overdue_labels() -> dict[str, str]:
    return {
        "units": _("Not passed on by the units' deadline"),
        "returned": _("Returned and not resubmitted by the resubmission deadline"),
    }


def burn_down(applications, session) -> Table:
    """Submissions per day of a session from its opening to the applicants' deadline: the day's
    first submissions, the running total and the days left; later ones in a last row."""
    deadline = session.applicant_first_deadline
    per_day = dict(
        applications.filter(review_session=session, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("day", "n")
    )
    rows = []
    running = 0
    day = session.opens_on
    before = sum(n for submitted, n in per_day.items() if submitted < day)
    running += before
    while day <= deadline:
        running += per_day.get(day, 0)
        rows.append([day.isoformat(), per_day.get(day, 0), running, (deadline - day).days])
        day += datetime.timedelta(days=1)
    late = sum(n for submitted, n in per_day.items() if submitted > deadline)
    if late:
        rows.append([_("After the deadline"), late, running + late, 0])
    return Table(
        "burn_down",
        _("Submissions per day up to the deadline: %(session)s") % {"session": session},
        [_("Date"), _("Submitted that day"), _("Submitted so far"), _("Days to the deadline")],
        rows,
        chart="line",
        drawn=(1, 2),
    )


def sessions_in_scope(role_context, year: int):
    """The review sessions of the year that the role's visible applications belong to."""
    from units.models import ReviewSession

    level = workflow.level_of_role(role_context.role)
    sessions = ReviewSession.objects.filter(year=year).select_related("committee")
    if level is not None and level.type == OrganisationType.COMMITTEE:
        # A committee's applications are those of its own sessions: read them directly rather
        # than through every application it ever reviewed.
        return sessions.filter(committee=role_context.organisation)
    # Whether a visible application belongs to each session of the year (PostgreSQL still
    # plans it as a semi-join over the organisation's applications: 76–98 ms at 10⁶ against
    # 106–227 ms for the list of sessions; the cache below keeps it off most requests).
    return sessions.filter(
        Exists(workflow.visible_to(role_context).filter(review_session=OuterRef("pk")))
    )


def cached_sessions_in_scope(role_context, year: int) -> list:
    """``sessions_in_scope``, newest first, as found at most STATISTICS_CACHE_SECONDS ago
    (their ids kept in the shared cache, like the figures): finding them reads the
    organisation's applications of the year (an office's: 100 ms at 10⁶), reading them by id
    costs nothing. One query either way. A session opened since shows as late as the figures
    do."""
    from django.conf import settings

    from titleportal.cache import kept
    from units.models import ReviewSession

    order = ("-opens_on", "pk")
    seconds = settings.STATISTICS_CACHE_SECONDS
    found: list = []

    def find() -> list[int]:
        found.extend(sessions_in_scope(role_context, year).order_by(*order))
        return [session.pk for session in found]

    if not seconds:
        find()
        return found
    organisation = getattr(role_context.organisation, "pk", None)
    ids = kept(
        f"statistics-sessions:{role_context.role}:{organisation}:{year}",
        find,
        until=lambda now, _ids: now + datetime.timedelta(seconds=seconds),
    )
    if found or not ids:
        return found
    return list(
        ReviewSession.objects.filter(pk__in=ids).select_related("committee").order_by(*order)
    )


def cached_dashboard(
    role_context,
    *,
    year: int,
    series: Series | None = None,
    session=None,
    today: datetime.date | None = None,
) -> dict:
    """The dashboard's figures as computed at most STATISTICS_CACHE_SECONDS ago for the same
    organisation, year, series, session and language (``computed_at`` says when), from the
    shared cache. Aggregating a province's applications takes a moment; the figures of a year
    do not need to be newer than a few minutes."""
    from django.conf import settings
    from django.utils.translation import get_language

    from titleportal.cache import kept

    today = today or timezone.localdate()
    seconds = settings.STATISTICS_CACHE_SECONDS
    organisation = getattr(role_context.organisation, "pk", None)
    key = ":".join(
        str(part)
        for part in (
            "statistics",
            role_context.role,
            organisation,
            year,
            getattr(series, "pk", ""),
            getattr(session, "pk", ""),
            today.isoformat(),
            get_language(),
        )
    )

    def compute() -> dict:
        data = dashboard(role_context, year=year, series=series, session=session, today=today)
        data["computed_at"] = timezone.now()
        return data

    if not seconds:
        return compute()
    return kept(
        key,
        compute,
        until=lambda _now, data: data["computed_at"] + datetime.timedelta(seconds=seconds),
    )


def dashboard(
    role_context,
    *,
    year: int,
    series: Series | None = None,
    session=None,
    today: datetime.date | None = None,
) -> dict:
    """The dashboard's tables for the role: this year against last year, in a fixed number of
    queries."""
    from django.urls import reverse

    today = today or timezone.localdate()
    applications = workflow.visible_to(role_context)
    if series is not None:
        applications = applications.filter(series=series)
    groups, unit_rows = _grouped_and_units(applications, year)
    levels = {level.pk: level.name for level in Level.objects.all()}
    series_names = {s.pk: s.label for s in Series.objects.all()}
    previous = year - 1

    def by(dimension: str, labels) -> list[list]:
        counts = _this_and_last(groups, lambda row: row[dimension], year)
        ordered = [key for key in labels if key in counts]
        return [[str(labels[key]), *counts[key]] for key in ordered]

    columns = [_("Item"), str(year), str(previous)]
    tables = [
        Table("status", _("Applications by state"), columns, by("status", dict(Status.choices))),
        Table("kind", _("Applications by kind"), columns, by("kind", dict(Kind.choices))),
        Table("level", _("Applications by level"), columns, by("level_id", levels)),
        Table("series", _("Applications by series"), columns, by("series_id", series_names)),
        *unit_and_region_tables(applications, year, columns, unit_rows),
    ]
    passes: dict = defaultdict(lambda: [0, 0])
    for row in groups:
        if row["year"] != year:
            continue
        key = (row["series_id"], row["level_id"])
        if row["status"] in PASSED_STATES:
            passes[key][0] += row["n"]
        if row["status"] in PASSED_STATES + FAILED_STATES:
            passes[key][1] += row["n"]
    pass_rows = []
    for (series_id, level_id), (passed, decided) in sorted(
        passes.items(), key=lambda item: (series_names.get(item[0][0], ""), item[0][1] or 0)
    ):
        if decided:
            pass_rows.append(
                [
                    f"{series_names.get(series_id, '')} · {levels.get(level_id, '')}",
                    passed,
                    decided,
                    round(100 * passed / decided, 1),
                ]
            )
    tables.append(
        Table(
            "pass_rate",
            _("Pass rate by series and level"),
            [_("Series and level"), _("Passed"), _("Decided"), _("Pass rate (%)")],
            pass_rows,
            drawn=(3,),
        )
    )
    times = time_at_levels(applications, year)
    time_rows = [
        [str(label), *times[level_type]]
        for level_type, label in OrganisationType.choices
        if level_type in times
    ]
    tables.append(
        Table(
            "time",
            _("Working days at each level"),
            [
                _("Level"),
                _("Steps counted"),
                _("Median (working days)"),
                _("90th percentile (working days)"),
            ],
            time_rows,
            drawn=(2, 3),
        )
    )
    overdue = overdue_counts(applications, today)
    labels = overdue_labels()
    tables.append(
        Table(
            "overdue",
            _("Overdue against the session deadlines"),
            [_("What is overdue"), _("Number of applications")],
            [[labels[kind], overdue[kind]] for kind in OVERDUE],
            drawn=(1,),
            link=reverse("reviews:dashboard_overdue"),
        )
    )
    if session is not None:
        tables.append(burn_down(applications, session))
    total = sum(row["n"] for row in groups if row["year"] == year)
    total_previous = sum(row["n"] for row in groups if row["year"] == previous)
    return {
        "year": year,
        "previous": previous,
        "total": total,
        "total_previous": total_previous,
        "tables": tables,
        "overdue": overdue,
        "session": session,
    }
