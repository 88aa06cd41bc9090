"""The home page says what to do next: for the applicant each application under way (where it
stands, who holds it since when, the next deadline, the to-dos), for reviewers their queue,
what in it is overdue and what is overdue in their whole scope (the dashboard's figures). A constant number of queries whatever the data size."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications import workflow
from applications.models import Kind, Status
from applications.selectors import current_applications_of, with_last_returns
from certificates.selectors import lookup_total_of
from payments.selectors import pending_orders_of
from reviews import statistics
from reviews.selectors import queue_summary


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "Y-m-d")


@dataclass
class Todo:
    text: str
    url: str = ""
    link_text: str = ""
    tone: str = "warning"  # warning: the applicant must act; info: something to wait for


@dataclass
class Deadline:
    label: str
    day: datetime.date
    passed: bool


@dataclass
class ApplicationCard:
    application: object
    holder: str
    since: datetime.datetime | None
    deadline: Deadline | None
    last_return: object = None
    todos: list[Todo] = field(default_factory=list)


def _holder(app) -> tuple[str, datetime.datetime | None]:
    """Who holds the application now and since when."""
    step = workflow.current(app)
    if step is not None:
        return str(step.organisation), step.reached_at
    if app.status == Status.RETURNED:
        since = app.last_return.created_at if app.last_return else app.updated_at
        return _("You (returned for revision)"), since
    if app.status == Status.DRAFT:
        return _("You (not submitted yet)"), app.created_at
    if app.status == Status.APPROVED:
        return str(app.office), app.decided_at
    return "", None


def _deadline(app, today: datetime.date) -> Deadline | None:
    """The next deadline of the review session that concerns this application now."""
    session = app.review_session
    if session is None:
        return None
    if app.status == Status.DRAFT:
        label, day = _("First submission by applicants"), session.applicant_first_deadline
    elif app.status == Status.RETURNED:
        label, day = _("Resubmission by applicants"), session.applicant_revision_deadline
    elif app.status in (Status.UNIT_REVIEW, Status.DEPT_REVIEW):
        label, day = _("Submission by units"), session.unit_deadline
    else:
        return None
    return Deadline(label=label, day=day, passed=day < today)


def _todos(app, orders, today: datetime.date) -> list[Todo]:
    todos: list[Todo] = []
    edit_url = reverse("applications:open", args=[app.pk])
    if app.status == Status.RETURNED:
        # The reason and the materials to replace are shown with the card (the return note).
        todos.append(
            Todo(
                _("Fix what the reviewer asked for and submit the application again."),
                edit_url,
                _("Revise the application"),
            )
        )
    notice = getattr(app, "void_notice", None) if app.kind == Kind.REPLACEMENT else None
    if notice is not None and not notice.is_over(today):
        todos.append(
            Todo(
                _(
                    "The void notice of the lost certificate is in publicity; it ends on "
                    "%(date)s. Materials can be uploaded and the application submitted after "
                    "that day."
                )
                % {"date": _date(notice.ends_on)},
                tone="info",
            )
        )
    elif app.status == Status.DRAFT:
        todos.append(
            Todo(
                _("Complete every section and submit the application."),
                edit_url,
                _("Continue the application"),
            )
        )
    if app.results_publicity_ends_on and app.results_publicity_ends_on >= today:
        todos.append(
            Todo(
                _("The review results are in publicity; it ends on %(date)s.")
                % {"date": _date(app.results_publicity_ends_on)},
                reverse("reviews:publicity"),
                _("Result publicity"),
                tone="info",
            )
        )
    for order in orders:
        todos.append(
            Todo(
                _("Fee due: %(item)s, %(amount)s yuan.")
                % {"item": order.item_name, "amount": order.amount},
                reverse("payments:pay", args=[order.number]),
                _("Pay the fee"),
            )
        )
    return todos


def applicant_home(user, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    applications = with_last_returns(list(current_applications_of(user)))
    orders = pending_orders_of(user, applications)
    cards = []
    for app in applications:
        holder, since = _holder(app)
        cards.append(
            ApplicationCard(
                application=app,
                holder=holder,
                since=since,
                deadline=_deadline(app, today),
                last_return=app.last_return,
                todos=_todos(app, orders.get(app.pk, []), today),
            )
        )
    return {"cards": cards, "lookup_total": lookup_total_of(user)}


def home_context(request) -> dict:
    """What the role panel of the home page shows for the acting role."""
    role_context = getattr(request, "role", None)
    if role_context is None:
        return {}
    today = timezone.localdate()
    if role_context.role == Role.APPLICANT:
        return {"applicant_home": applicant_home(request.user, today)}
    if role_context.is_reviewer and role_context.organisation is not None:
        summary = queue_summary(role_context, today)
        # What is overdue in the whole of the organisation's scope (the queue's own above).
        overdue = statistics.overdue_counts(workflow.visible_to(role_context), today)
        labels = statistics.overdue_labels()
        return {
            "overdue_figures": [(kind, labels[kind], overdue[kind]) for kind in labels],
            "queue": summary,
            "queue_kinds": [
                (Kind(kind).label, count) for kind, count in sorted(summary.by_kind.items())
            ],
            "today": today,
        }
    return {}
