"""统计: the figures of the dashboard, scoped to what the acting role may see.

Every figure comes from a few aggregate queries (GROUP BY), never from application rows loaded
into Python: one grouped count of applications by year, state, kind, level and series, and one
histogram of the days each step took, from which the median and the 90th percentile are read.
The number of queries does not depend on the number of applications.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Func, IntegerField, OuterRef, Subquery
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import ApplicationStep, Kind, Status
from applications.models.routes import OrganisationType
from reference.models import Level, Series

PASSED_STATES = (Status.APPROVED, Status.CERTIFIED)
FAILED_STATES = (Status.NOT_PASSED, Status.REJECTED)


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two datetimes): DaysBetween(end, start)."""

    output_field = IntegerField()
    arity = 2
    template = "FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400)::integer"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST((JULIANDAY(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - JULIANDAY(",
            **extra_context,
        )


@dataclass
class Table:
    """A figure: its title, column headings and rows (the chart draws the same numbers)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    chart: str = "bar"


def _percentile(histogram: list[tuple[int, int]], fraction: float) -> int | None:
    """The value below which ``fraction`` of the counted items lie, from (value, count)."""
    total = sum(n for _value, n in histogram)
    if not total:
        return None
    threshold = fraction * total
    running = 0
    for value, n in sorted(histogram):
        running += n
        if running >= threshold:
            return value
    return histogram[-1][0]


def _grouped(applications, year: int) -> list[dict]:
    return list(
        applications.filter(year__in=[year, year - 1])
        .values("year", "status", "kind", "level_id", "series_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _step_days(applications, year: int) -> list[dict]:
    """Histogram of whole days spent at each type of level by this year's applications: from
    reaching a step to reaching the next one (or to the decision, for the last step)."""
    following = (
        ApplicationStep.objects.filter(
            application=OuterRef("application"),
            position__gt=OuterRef("position"),
            reached_at__isnull=False,
        )
        .order_by("position")
        .values("reached_at")[:1]
    )
    steps = (
        ApplicationStep.objects.filter(
            application__in=applications.filter(year=year).values("pk"), reached_at__isnull=False
        )
        .annotate(left_at=Subquery(following))
        .exclude(left_at__isnull=True)
    )
    return list(
        steps.annotate(days=DaysBetween("left_at", "reached_at"))
        .values("organisation_type", "days")
        .annotate(n=Count("pk"))
        .order_by()
    )


def dashboard(role_context, *, year: int, series: Series | None = None) -> dict:
    """The dashboard's tables for the role: this year against last year, in a fixed number of
    queries."""
    applications = workflow.visible_to(role_context)
    if series is not None:
        applications = applications.filter(series=series)
    groups = _grouped(applications, year)
    levels = {level.pk: level.name for level in Level.objects.all()}
    series_names = {s.pk: s.label for s in Series.objects.all()}
    previous = year - 1

    def by(dimension: str, labels) -> list[list]:
        counts: dict = defaultdict(lambda: [0, 0])
        for row in groups:
            counts[row[dimension]][0 if row["year"] == year else 1] += row["n"]
        ordered = [key for key in labels if key in counts]
        return [[str(labels[key]), *counts[key]] for key in ordered]

    columns = [_("Item"), str(year), str(previous)]
    tables = [
        Table("status", _("Applications by state"), columns, by("status", dict(Status.choices))),
        Table("kind", _("Applications by kind"), columns, by("kind", dict(Kind.choices))),
        Table("level", _("Applications by level"), columns, by("level_id", levels)),
        Table("series", _("Applications by series"), columns, by("series_id", series_names)),
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
        )
    )
    histograms: dict = defaultdict(list)
    for row in _step_days(applications, year):
        histograms[row["organisation_type"]].append((max(row["days"] or 0, 0), row["n"]))
    time_rows = []
    for level_type, label in OrganisationType.choices:
        histogram = histograms.get(level_type)
        if histogram:
            time_rows.append(
                [
                    str(label),
                    sum(n for _days, n in histogram),
                    _percentile(histogram, 0.5),
                    _percentile(histogram, 0.9),
                ]
            )
    tables.append(
        Table(
            "time",
            _("Days at each level"),
            [_("Level"), _("Steps counted"), _("Median (days)"), _("90th percentile (days)")],
            time_rows,
        )
    )
    total = sum(row["n"] for row in groups if row["year"] == year)
    total_previous = sum(row["n"] for row in groups if row["year"] == previous)
    return {
        "year": year,
        "previous": previous,
        "total": total,
        "total_previous": total_previous,
        "tables": tables,
    }
