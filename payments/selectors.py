"""Role-scoped reads of orders: a payer sees their own, staff their organisation's."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications.models import Application

from .gateways.base import label_of
from .models import FeeItem, Order, OrderStatus, Purpose, Refund


def _filtered(orders: QuerySet[Order], filters: Mapping[str, Any]) -> QuerySet[Order]:
    if filters.get("number"):
        orders = orders.filter(number__icontains=filters["number"].strip())
    if filters.get("serial"):
        orders = orders.filter(serial_number__icontains=filters["serial"].strip())
    if filters.get("status"):
        orders = orders.filter(status=filters["status"])
    if filters.get("channel"):
        orders = orders.filter(channel=filters["channel"])
    if filters.get("item"):
        orders = orders.filter(item_name__icontains=filters["item"].strip())
    if filters.get("person"):
        person = filters["person"].strip()
        orders = orders.filter(Q(payer__full_name__icontains=person) | Q(payer__id_number=person))
    if filters.get("start"):
        orders = orders.filter(created_at__date__gte=filters["start"])
    if filters.get("end"):
        orders = orders.filter(created_at__date__lte=filters["end"])
    if filters.get("attention"):
        orders = orders.filter(needs_attention=True)
    return orders


def orders_for_payer(person: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Order]:
    return _filtered(Order.objects.filter(payer=person), filters or {}).order_by(
        "-created_at", "-pk"
    )


def pending_orders_of(
    person: User, applications: Iterable[Application] | QuerySet[Application]
) -> dict[int, list[Order]]:
    """The payer's orders awaiting payment for ``applications``, by application id, in one
    query (the home page's 待缴费)."""
    by_application: dict[int, list[Order]] = {}
    if not applications:
        return by_application
    orders = Order.objects.filter(
        payer=person, application__in=applications, status=Order.Status.PENDING
    ).order_by("created_at", "pk")
    for order in orders:
        by_application.setdefault(order.application_id, []).append(order)
    return by_application


def get_order_for_payer(person: User, number: str) -> Order:
    order = Order.objects.filter(payer=person, number=number).first()
    if order is None:
        raise Http404
    return order


def staff_scope(role_context: RoleContext | None) -> QuerySet[Order]:
    if role_context is None or role_context.organisation is None:
        return Order.objects.none()
    if role_context.role == Role.COMMITTEE_STAFF:
        return Order.objects.filter(committee_id=role_context.organisation.pk)
    if role_context.role == Role.OFFICE_STAFF:
        return Order.objects.filter(office_id=role_context.organisation.pk)
    return Order.objects.none()


def orders_for_staff(
    role_context: RoleContext | None, filters: Mapping[str, Any] | None = None
) -> QuerySet[Order]:
    return (
        _filtered(staff_scope(role_context), filters or {})
        .select_related("payer")
        .order_by("-created_at", "-pk")
    )


def get_order_for_staff(role_context: RoleContext | None, pk: int) -> Order:
    order = staff_scope(role_context).select_related("payer", "application").filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


# --- the fee on the pages of an application ---------------------------------------------------


def with_fees(person: User, applications: list[Any]) -> list[Any]:
    """Give each of the payer's ``applications`` its ``fee_orders`` (the list cards), in one
    query whatever their number."""
    grouped: dict[int, list[Order]] = {}
    if applications:
        orders = Order.objects.filter(
            payer=person, application__in=[app.pk for app in applications]
        ).order_by("created_at", "pk")
        for order in orders:
            grouped.setdefault(order.application_id, []).append(order)
    for app in applications:
        app.fee_orders = grouped.get(app.pk, [])
    return applications


def _orders_seen_by(role_context: RoleContext | None, user: User) -> QuerySet[Order]:
    if role_context is not None and role_context.role == Role.APPLICANT:
        return Order.objects.filter(payer=user)
    return staff_scope(role_context)


def fee_timeline(
    role_context: RoleContext | None, user: User, application: Application
) -> list[dict[str, Any]]:
    """Rows of the progress timeline for the fee of ``application``: the fee notice (with the
    order's state now), the payment and each refund, as the acting role may see them (the
    payer, or the committee or office that charges). Two queries whatever the orders."""
    orders = (
        _orders_seen_by(role_context, user)
        .filter(application=application)
        .select_related("committee", "office")
        .prefetch_related(
            Prefetch(
                "refunds",
                queryset=Refund.objects.filter(status=Refund.Status.SUCCEEDED).order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    rows: list[dict[str, Any]] = []
    for order in orders:
        organisation = str(order.committee or order.office or "")
        rows.append(
            {
                "time": order.created_at,
                "step": _("Fee notice"),
                "opinion": _("%(item)s, %(amount)s yuan")
                % {"item": order.item_name, "amount": order.amount},
                "organisation": organisation,
                "state": order.get_status_display(),
                "order": order,
            }
        )
        if order.paid_at:
            rows.append(
                {
                    "time": order.paid_at,
                    "step": _("Fee paid"),
                    "opinion": _("%(channel)s, payment serial number %(serial)s")
                    % {"channel": label_of(order.channel), "serial": order.serial_number},
                    "organisation": organisation,
                    "state": _("Done"),
                }
            )
        for refund in order.refunds.all():
            rows.append(
                {
                    "time": refund.created_at,
                    "step": _("Fee refunded"),
                    "opinion": _("%(amount)s yuan: %(reason)s")
                    % {"amount": refund.amount, "reason": refund.reason},
                    "organisation": organisation,
                    "state": _("Done"),
                }
            )
    return rows


def unpaid_review_fees(application: Application) -> list[str]:
    """The review fee items of ``application`` that were charged and have no paid order (a
    route level that waits for the fee acts once this is empty)."""
    charged: dict[int, str] = {}
    paid: set[int] = set()
    orders = Order.objects.filter(application=application, purpose=Purpose.REVIEW).only(
        "item_id", "item_name", "status"
    )
    for order in orders:
        charged.setdefault(order.item_id, order.item_name)
        if order.status in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
            paid.add(order.item_id)
    return [name for item_id, name in charged.items() if item_id not in paid]


def with_fee_status(
    applications: QuerySet[Application], role_context: RoleContext | None
) -> QuerySet[Application]:
    """The queue of a committee or an office: each application gets ``fee_status``, the state
    of its latest review-fee order this organisation charges (None: none), in the same query."""
    latest = (
        staff_scope(role_context)
        .filter(application=OuterRef("pk"), purpose=Purpose.REVIEW)
        .order_by("-created_at", "-pk")
        .values("status")[:1]
    )
    return applications.annotate(fee_status=Subquery(latest))


def fee_items_for_staff(role_context: RoleContext | None) -> QuerySet[FeeItem]:
    """The fee items of the acting committee or office (费用事项)."""
    if role_context is None or role_context.organisation is None:
        return FeeItem.objects.none()
    if role_context.role == Role.COMMITTEE_STAFF:
        items = FeeItem.objects.filter(committee_id=role_context.organisation.pk)
    elif role_context.role == Role.OFFICE_STAFF:
        items = FeeItem.objects.filter(office_id=role_context.organisation.pk)
    else:
        return FeeItem.objects.none()
    return items.prefetch_related("levels", "sessions").order_by("-is_active", "name", "pk")


def get_fee_item_for_staff(role_context: RoleContext | None, pk: int) -> FeeItem:
    item = fee_items_for_staff(role_context).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item
