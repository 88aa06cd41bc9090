"""Role-scoped reads of orders: a payer sees their own, staff their organisation's."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import Role

from .models import Order


def _filtered(orders: QuerySet[Order], filters: dict) -> QuerySet[Order]:
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


def orders_for_payer(person, filters: dict | None = None) -> QuerySet[Order]:
    return _filtered(Order.objects.filter(payer=person), filters or {}).order_by(
        "-created_at", "-pk"
    )


def pending_orders_of(person, applications) -> dict[int, list[Order]]:
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


def get_order_for_payer(person, number: str) -> Order:
    order = Order.objects.filter(payer=person, number=number).first()
    if order is None:
        raise Http404
    return order


def staff_scope(role_context) -> QuerySet[Order]:
    if role_context is None or role_context.organisation is None:
        return Order.objects.none()
    if role_context.role == Role.COMMITTEE_STAFF:
        return Order.objects.filter(committee_id=role_context.organisation.pk)
    if role_context.role == Role.OFFICE_STAFF:
        return Order.objects.filter(office_id=role_context.organisation.pk)
    return Order.objects.none()


def orders_for_staff(role_context, filters: dict | None = None) -> QuerySet[Order]:
    return (
        _filtered(staff_scope(role_context), filters or {})
        .select_related("payer")
        .order_by("-created_at", "-pk")
    )


def get_order_for_staff(role_context, pk: int) -> Order:
    order = staff_scope(role_context).select_related("payer", "application").filter(pk=pk).first()
    if order is None:
        raise Http404
    return order
