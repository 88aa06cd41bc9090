"""Pages of long lists that cost the same whatever the list's length.

A list of millions of rows is neither counted exactly nor paged with a large OFFSET: the count
stops at ``COUNT_CAP`` (the page says "10 000+"), the first ``NUMBERED_PAGES`` pages keep their
numbered links, and beyond them "下一页" carries a cursor, the sort key of the last row shown
(keyset pagination), so that the database reads only the rows of the page from an index.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

COUNT_CAP = 10_000
NUMBERED_PAGES = 50


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> int:
    """The number of rows, but at most ``cap + 1`` of them are counted."""
    return queryset.order_by()[: cap + 1].count()


def _encode(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def _decode(text: str) -> Any:
    """A sort value of a cursor: a primary key (or other integer) or a time."""
    if text.isdigit():
        return int(text)
    return datetime.datetime.fromisoformat(text)


@dataclass
class Window:
    """One page of a list, as templates show it (``includes/window_pagination.html``)."""

    object_list: list
    count: int
    per_page: int
    number: int | None  # None on a page reached by cursor
    next_page_number: int | None = None
    next_cursor: str = ""
    capped: bool = False
    first_page_link: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return bool(self.next_page_number or self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return self.number is None or self.number > 1

    @property
    def previous_page_number(self) -> int | None:
        return self.number - 1 if self.number and self.number > 1 else None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, COUNT_CAP) // self.per_page))

    @property
    def cap(self) -> int:
        return COUNT_CAP

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def _keyset_filter(order: tuple[str, ...], values: list[Any]) -> Q:
    """Rows after ``values`` in ``order`` (every field descending or every one ascending).
    The first field's bound (``<=`` the cursor's value) is said on its own as well: the
    database starts the index walk there instead of testing the OR on every row before it."""
    descending = order[0].startswith("-")
    lookup = "lt" if descending else "gt"
    names = [name.lstrip("-") for name in order]
    condition = Q()
    for index, name in enumerate(names):
        equal = {names[i]: values[i] for i in range(index)}
        condition |= Q(**equal, **{f"{name}__{lookup}": values[index]})
    return Q(**{f"{names[0]}__{lookup}e": values[0]}) & condition


def window(
    queryset: QuerySet,
    params,
    *,
    per_page: int,
    keyset: tuple[str, ...] | None = None,
) -> Window:
    """The page asked for by ``params`` (``page=N`` or ``after=<cursor>``) of ``queryset``,
    which is ordered by ``keyset`` when keyset pagination is possible (every field of the
    same direction, the last one the primary key, none of them ever empty)."""
    count = capped_count(queryset)
    cursor = params.get("after") if keyset else None
    names = [name.lstrip("-") for name in keyset] if keyset else []
    if cursor:
        rows = _after(queryset, keyset, cursor, per_page)
        if rows is not None:
            page = Window(rows[:per_page], count, per_page, None, capped=count > COUNT_CAP)
            page.first_page_link = True
            if len(rows) > per_page:
                page.next_cursor = _cursor_of(rows[per_page - 1], names)
            return page
    try:
        number = max(1, int(params.get("page") or 1))
    except ValueError:
        number = 1
    last = max(1, -(-min(count, COUNT_CAP) // per_page))
    number = min(number, last, NUMBERED_PAGES if keyset else last)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    page = Window(rows[:per_page], count, per_page, number, capped=count > COUNT_CAP)
    if len(rows) > per_page:
        if number < NUMBERED_PAGES or not keyset:
            page.next_page_number = number + 1 if number < last else None
        if keyset and page.next_page_number is None:
            page.next_cursor = _cursor_of(rows[per_page - 1], names)
    return page


def _cursor_of(row, names: list[str]) -> str:
    values = [getattr(row, "pk" if name in ("pk", "id") else name) for name in names]
    if any(value is None for value in values):
        return ""
    return "~".join(_encode(value) for value in values)


def _after(queryset, keyset, cursor: str, per_page: int) -> list | None:
    parts = cursor.split("~")
    if len(parts) != len(keyset):
        return None
    try:
        values = [_decode(part) for part in parts]
    except ValueError:
        return None
    return list(queryset.filter(_keyset_filter(keyset, values))[: per_page + 1])
