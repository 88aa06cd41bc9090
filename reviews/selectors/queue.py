"""The reviewers' queues: what the acting organisation sees and what waits for it, filtered,
sorted and counted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from applications import workflow
from applications.models import Application
from titleportal.validators import (
    is_id_number,
    is_mobile,
    normalize_id_number,
    normalize_mobile,
)

# A resident ID number as searched for: 17 digits and a digit or X (normalised upper-case).


SORTS = {
    "-submitted": ("-last_submitted_at", "-pk"),
    "submitted": ("last_submitted_at", "pk"),
    "name": ("applicant__full_name", "pk"),
    "-year": ("-year", "-last_submitted_at", "-pk"),
    "year": ("year", "last_submitted_at", "pk"),
    "status": ("status", "-last_submitted_at", "-pk"),
}
DEFAULT_SORT = "-submitted"
RECORDS_ORDER = ("-created_at", "-pk")


def keyset_of(filters: dict) -> tuple[str, ...] | None:
    """The queue's sort when deep pages may follow a cursor (the newest first: its key is
    never empty once submitted, and an index per organisation serves it)."""
    sort = filters.get("sort") or DEFAULT_SORT
    return SORTS[sort] if sort == DEFAULT_SORT else None


def level_of(role_context) -> str | None:
    """The review state the role acts at (unit_review for unit staff, …), or None."""
    if role_context is None or role_context.organisation is None:
        return None
    level = workflow.level_of_role(role_context.role)
    return level.state if level is not None else None


def reviewable_applications(role_context):
    """Every application that reached the role's organisation, whatever its state now."""
    return workflow.visible_to(role_context)


def pending_applications(role_context):
    """待办事项: what waits for this organisation's decision now."""
    return workflow.waiting_for(role_context)


def pending_count(role_context) -> int:
    return pending_applications(role_context).count()


def pending_counts_by_kind(role_context) -> dict[str, int]:
    rows = pending_applications(role_context).values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}


# How far ahead the home page warns of a session deadline.
DUE_SOON_DAYS = 7
OVERDUE_SHOWN = 5


@dataclass(frozen=True)
class QueueSummary:
    """The home page of a reviewer: the queue and what in it is late."""

    total: int
    overdue: int  # waiting although the session's units' deadline has passed
    due_soon: int  # the units' deadline comes within DUE_SOON_DAYS days
    next_deadline: datetime.date | None
    by_kind: dict[str, int]
    overdue_rows: list[Application]


def queue_summary(role_context, today: datetime.date) -> QueueSummary:
    """待办事项 with the review sessions' deadlines (报送截止日期) they are measured against:
    three queries whatever the size of the queue."""
    pending = pending_applications(role_context)
    deadline = "review_session__unit_deadline"
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    totals = pending.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(**{f"{deadline}__lt": today})),
        due_soon=Count("pk", filter=Q(**{f"{deadline}__gte": today, f"{deadline}__lte": soon})),
        next_deadline=Min(deadline, filter=Q(**{f"{deadline}__gte": today})),
    )
    rows = pending.values("kind").annotate(n=Count("pk")).order_by()
    overdue_rows = list(
        pending.filter(**{f"{deadline}__lt": today})
        .select_related("applicant", "unit", "review_session")
        .only(
            "pk",
            "kind",
            "year",
            "applicant__full_name",
            "unit__name",
            "review_session__unit_deadline",
        )
        .order_by(deadline, "last_submitted_at", "pk")[:OVERDUE_SHOWN]
    )
    return QueueSummary(
        total=totals["total"],
        overdue=totals["overdue"],
        due_soon=totals["due_soon"],
        next_deadline=totals["next_deadline"],
        by_kind={row["kind"]: row["n"] for row in rows},
        overdue_rows=overdue_rows,
    )


def queue_count(request) -> int:
    """Badge of 待办事项 in the navigation."""
    return pending_count(getattr(request, "role", None))


def applicant_search(term: str, prefix: str = "applicant__") -> Q:
    """What a search box term matches, each on an indexed column of the applicant: a mobile
    number (stored in E.164) or a document number of any type exactly, anything else as the
    start of the name (an exact name included). An unanchored match would read every row.
    A name has no digits, so a Latin name is never taken for a passport number."""
    term = term.strip()
    if is_mobile(term):
        return Q(**{f"{prefix}phone": normalize_mobile(term)})
    if any(char.isdigit() for char in term) and is_id_number(term):
        return Q(**{f"{prefix}id_number": normalize_id_number(term)})
    return Q(**{f"{prefix}full_name__startswith": term})


def filter_applications(role_context, filters: dict):
    """The queue: ``filters`` are the cleaned values of ``QueueFilterForm``."""
    status = filters.get("status") or "pending"
    if status == "pending":
        queryset = pending_applications(role_context)
    else:
        queryset = reviewable_applications(role_context)
        if status != "all":
            queryset = queryset.filter(status=status)
    if filters.get("year"):
        queryset = queryset.filter(year=filters["year"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("series"):
        queryset = queryset.filter(series=filters["series"])
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("unit"):
        queryset = queryset.filter(unit__name__icontains=filters["unit"])
    if filters.get("q"):
        queryset = queryset.filter(applicant_search(filters["q"]))
    order = SORTS.get(filters.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return queryset.order_by(*order)


def queue_rows(queryset):
    """What a queue row shows, in a fixed number of queries."""
    return queryset.select_related(
        "applicant", "unit", "qualification__series", "qualification__level", "acceptance"
    ).only(
        "pk",
        "year",
        "kind",
        "status",
        "version",
        "last_submitted_at",
        "submitted_at",
        "applicant__full_name",
        "applicant__id_number",
        "unit__name",
        "qualification__name",
        "qualification__series__label",
        "qualification__level__name",
        "acceptance__accepted_at",
    )
