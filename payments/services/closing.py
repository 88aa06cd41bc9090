"""The scheduled jobs over pending orders: asking the gateways about them
(``reconcile_pending_orders``) and closing the unpaid ones whose time is up
(``close_unpaid_orders``)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payments import gateways
from payments.models import Order, OrderStatus

from .common import lock_order, log
from .paying import query_gateways

logger = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    checked: int = 0
    paid: int = 0
    closed: int = 0
    flagged: int = 0
    unreachable: int = 0


def orders_reconcile_pending(
    *, older_than_minutes: int, now: datetime | None = None
) -> ReconcileReport:
    """The nightly job (``reconcile_pending_orders``): ask the gateways about every order still
    awaiting payment that is older than ``older_than_minutes``. Paid there: paid here, through
    the same checks as a notification. Not paid and its time up: closed. A gateway that cannot
    be reached leaves the order for the next run; an answer that does not match the order
    flags it for staff."""
    now = now or timezone.now()
    report = ReconcileReport()
    ids = list(
        Order.objects.filter(
            status=OrderStatus.PENDING,
            created_at__lt=now - timedelta(minutes=older_than_minutes),
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    for order_id in ids:
        order = Order.objects.filter(pk=order_id, status=OrderStatus.PENDING).first()
        if order is None:  # paid by a notification meanwhile
            continue
        report.checked += 1
        outcome = query_gateways(order, via="reconcile")
        if outcome.paid:
            report.paid += 1
            continue
        if outcome.unreachable:
            report.unreachable += 1
            continue
        if outcome.mismatched:
            report.flagged += 1
            _flag(order_id, _("The payment channel reports a payment that does not match."))
            continue
        if order.expires_at is not None and order.expires_at < now and _close_unpaid(order_id, now):
            report.closed += 1
    return report


def _flag(order_id: int, note: str) -> None:
    with transaction.atomic():
        order = lock_order(order_id)
        order.needs_attention = True
        order.attention_note = note[:200]
        order.save(update_fields=["needs_attention", "attention_note"])
        log(order, "order.payment_flagged", note=note)


def orders_close_unpaid(*, now: datetime | None = None) -> int:
    """Close the unpaid orders whose time is up (``close_unpaid_orders``, nightly or hourly)."""
    now = now or timezone.now()
    closed = 0
    ids = list(
        Order.objects.filter(status=OrderStatus.PENDING, expires_at__lt=now).values_list(
            "pk", flat=True
        )
    )
    for order_id in ids:
        if _close_unpaid(order_id, now):
            closed += 1
    return closed


def _close_unpaid(order_id: int, now: datetime) -> bool:
    """Close one order still awaiting payment (its time is up), here and at the gateways."""
    with transaction.atomic():
        order = lock_order(order_id)
        if not order.is_pending:
            return False
        order.status = OrderStatus.CLOSED
        order.closed_at = now
        order.save(update_fields=["status", "closed_at"])
        log(order, "order.closed", reason="unpaid")
        transaction.on_commit(partial(_close_at_gateways, order_id))
    return True


def _close_at_gateways(order_id: int) -> None:
    """Best effort: a trade still open at a gateway is closed there too (a late payment is
    flagged by ``notification_receive`` anyway)."""
    order = Order.objects.get(pk=order_id)
    for gateway in gateways.offered():
        try:
            gateway.close(order)
        except Exception:  # a trade never started there, or the gateway down
            logger.info("closing %s at %s did not succeed", order.number, gateway.code)
