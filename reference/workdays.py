"""Working-day calendar: statutory holidays and adjusted workdays of mainland China.

Sources, strongest first:
1. ``CalendarDay`` rows entered by administrators (corrections, and years not yet published);
2. the ``chinese_calendar`` package (State Council holiday arrangements);
3. for a year the package does not cover: Monday to Friday are working days.

Publicity periods (公示) are counted in working days with this module.
"""

import datetime
from functools import cache

import chinese_calendar
from django.core.cache import cache as shared_cache
from django.utils import timezone

CACHE_KEY = "workdays:overrides:v1"
CACHE_SECONDS = 300


@cache
def _package_years() -> frozenset[int]:
    return frozenset(day.year for day in chinese_calendar.holidays) | frozenset(
        day.year for day in chinese_calendar.workdays
    )


def package_covers(year: int) -> bool:
    return year in _package_years()


def _overrides() -> dict[datetime.date, bool]:
    overrides = shared_cache.get(CACHE_KEY)
    if overrides is None:
        from .models import CalendarDay

        overrides = dict(CalendarDay.objects.values_list("date", "is_workday"))
        shared_cache.set(CACHE_KEY, overrides, CACHE_SECONDS)
    return overrides


def forget_overrides() -> None:
    shared_cache.delete(CACHE_KEY)


def forget_overrides_on_change(**kwargs) -> None:
    """Signal receiver: an administrator changed a calendar entry."""
    forget_overrides()


def is_workday(day: datetime.date) -> bool:
    overrides = _overrides()
    if day in overrides:
        return overrides[day]
    return _statutory_workday(day)


def numbered_workdays(
    first: datetime.date, last: datetime.date, epoch: datetime.date
) -> list[tuple[datetime.date, int]]:
    """(date, working days from ``epoch`` up to and including date) for each date from
    ``first`` to ``last``: the calendar read once, for a table the database counts with."""
    overrides = _overrides()
    numbered = []
    number = 0
    day = epoch
    while day <= last:
        if overrides[day] if day in overrides else _statutory_workday(day):
            number += 1
        if day >= first:
            numbered.append((day, number))
        day += datetime.timedelta(days=1)
    return numbered


def _statutory_workday(day: datetime.date) -> bool:
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date on which ``days`` working days after ``start`` have passed.

    The start day itself is not counted: a 5-working-day publicity that starts on a Friday
    before an ordinary weekend ends on the following Friday.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    counted = 0
    while counted < days:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            counted += 1
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_workday(current):
            count += 1
    return count


def uncovered_years(today: datetime.date | None = None) -> list[int]:
    """This year and next, where neither the package nor an administrator has holiday data.

    A year counts as covered by administrators once it has at least one non-weekday-rule
    entry (a holiday on a weekday or a working weekend day).
    """
    today = today or timezone.localdate()
    entered = {day.year for day, workday in _overrides().items() if workday == (day.weekday() >= 5)}
    return [
        year
        for year in (today.year, today.year + 1)
        if not package_covers(year) and year not in entered
    ]
