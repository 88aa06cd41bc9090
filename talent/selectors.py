"""专技人才统计: who reads which records, and the offices' figures.

The figures are one grouped count (GROUP BY region, series, level) over the reviewed records
of the units in the office's region; no record is loaded into Python and the number of
queries does not depend on the number of records.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import Role
from reference.models import Level, Series

from .models import TalentRecord


def own_records(person) -> QuerySet[TalentRecord]:
    return TalentRecord.objects.filter(person=person).select_related("unit", "series", "level")


def own_record(person, year: int) -> TalentRecord | None:
    return own_records(person).filter(year=year).first()


def unit_records(role_context, *, status: str = "") -> QuerySet[TalentRecord]:
    """The records filed for the acting unit staff's unit, awaiting review first."""
    if role_context is None or role_context.role != Role.UNIT_STAFF:
        return TalentRecord.objects.none()
    records = TalentRecord.objects.filter(unit=role_context.organisation).select_related(
        "person", "series", "level"
    )
    if status in TalentRecord.Status.values:
        records = records.filter(status=status)
    return records.order_by("status", "-year", "-updated_at")


def get_unit_record_for(role_context, pk) -> TalentRecord:
    return get_object_or_404(unit_records(role_context), pk=pk)


def office_records(role_context) -> QuerySet[TalentRecord]:
    """Reviewed records of the units in the acting office's region (and the regions in it)."""
    if role_context is None or role_context.role != Role.OFFICE_STAFF:
        return TalentRecord.objects.none()
    prefix = role_context.organisation.region.prefix
    return TalentRecord.objects.filter(
        status=TalentRecord.Status.APPROVED, unit__region__code__startswith=prefix
    )


@dataclass
class TalentFigures:
    """Counts of reviewed records by region × series × level, with the totals."""

    year: int | None
    levels: list[Level]
    # One row per (region, series): region name, series label, counts in level order, total.
    rows: list[dict] = field(default_factory=list)
    level_totals: list[int] = field(default_factory=list)
    high_level: int = 0
    total: int = 0


def office_figures(role_context, *, year: int | None = None) -> TalentFigures:
    """The office's figures: one GROUP BY query plus the level and series catalogues."""
    records = office_records(role_context)
    if year is not None:
        records = records.filter(year=year)
    grouped = (
        records.values("unit__region__code", "unit__region__name", "series_id", "level_id")
        .annotate(count=Count("id"), high=Count("id", filter=Q(is_high_level=True)))
        .order_by("unit__region__code", "series_id", "level_id")
    )
    levels = list(Level.objects.order_by("rank"))
    series = {s.pk: s for s in Series.objects.all()}
    column = {level.pk: index for index, level in enumerate(levels)}
    figures = TalentFigures(year=year, levels=levels, level_totals=[0] * len(levels))
    by_key: dict[tuple[str, int], dict] = {}
    for group in grouped:
        key = (group["unit__region__code"], group["series_id"])
        row = by_key.get(key)
        if row is None:
            row = {
                "region": group["unit__region__name"],
                "series": series[group["series_id"]].label,
                "sort": (group["unit__region__code"], series[group["series_id"]].sort),
                "counts": [0] * len(levels),
                "total": 0,
            }
            by_key[key] = row
        index = column[group["level_id"]]
        row["counts"][index] += group["count"]
        row["total"] += group["count"]
        figures.level_totals[index] += group["count"]
        figures.total += group["count"]
        figures.high_level += group["high"]
    figures.rows = sorted(by_key.values(), key=lambda row: row["sort"])
    return figures


def office_years(role_context) -> list[int]:
    return list(
        office_records(role_context).order_by("-year").values_list("year", flat=True).distinct()
    )
