"""Paying an order: the payer starts at a gateway, the gateway's verified notification (or its
answer to a query) pays the order, the sandbox pays by a signed notification of its own.

Only a notification whose signature verifies with the configured platform key, and whose app
id / merchant id, order number and amount match, pays an order; every notification is stored
with what its verification found. The order row is locked while a notification is applied,
so repeated, late or concurrent notifications pay it once.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import RoleContext
from payments import gateways
from payments.gateways.base import Answer, label_of
from payments.gateways.sandbox import SandboxGateway
from payments.models import NotificationResult, Order, OrderStatus, PaymentNotification
from titleportal.errors import DomainError
from titleportal.notifications import notify

from .common import lock_order, log

logger = logging.getLogger(__name__)
KEPT_HEADERS = (
    "content-type",
    "wechatpay-timestamp",
    "wechatpay-nonce",
    "wechatpay-serial",
    "wechatpay-signature",
    "wechatpay-signature-type",
)


def _own_pending_order(actor: User, number: str) -> Order:
    order = Order.objects.filter(number=number, payer=actor).first()
    if order is None:
        raise DomainError(_("The order does not exist."), code="missing")
    if not order.is_pending:
        raise DomainError(_("This order is not awaiting payment."), code="status")
    return order


def order_start(
    *,
    actor: User,
    number: str,
    channel: str,
    return_url: str,
    notify_url: str,
    mobile: bool = False,
    client_ip: str = "",
) -> gateways.StartResult:
    """The payer starts paying ``number`` through ``channel``: where to go, or what to scan."""
    order = _own_pending_order(actor, number)
    if channel not in [gateway.code for gateway in gateways.offered()]:
        raise DomainError(_("Choose a payment channel."), field="channel", code="channel")
    try:
        return gateways.get(channel).start(
            order,
            return_url=return_url,
            notify_url=notify_url,
            mobile=mobile,
            client_ip=client_ip,
        )
    except gateways.GatewayError as error:
        raise DomainError(str(error), code="gateway") from error


def mark_paid(
    order: Order,
    *,
    channel: str,
    serial_number: str,
    actor: User | None = None,
    role_context: RoleContext | None = None,
    via: str,
) -> None:
    """The (locked) order is paid: by a notification, a query's answer or staff offline."""
    order.status = OrderStatus.PAID
    order.channel = channel
    order.serial_number = serial_number
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "channel", "serial_number", "paid_at"])
    log(
        order,
        "order.paid",
        actor=actor,
        role_context=role_context,
        channel=channel,
        serial=serial_number,
        via=via,
    )
    notify(
        order.payer,
        event="payment.paid",
        title=_("Payment received: %(item)s, %(amount)s yuan")
        % {"item": order.item_name, "amount": order.amount},
        body=_("Order %(number)s, payment serial number %(serial)s.")
        % {"number": order.number, "serial": serial_number},
        link=reverse("payments:orders"),
    )


def _apply(order: Order | None, parsed: gateways.ParsedNotification, code: str) -> tuple[str, str]:
    """What a verified notification does to the (locked) order: (result, detail)."""
    if order is None:
        return NotificationResult.UNKNOWN_ORDER, ""
    if parsed.amount != order.amount:
        return NotificationResult.AMOUNT_MISMATCH, f"{parsed.amount} != {order.amount}"
    if not parsed.success:
        return NotificationResult.NOT_SUCCESS, ""
    if order.status == OrderStatus.PENDING:
        mark_paid(order, channel=code, serial_number=parsed.serial_number, via="notification")
        return NotificationResult.PAID, ""
    if order.serial_number == parsed.serial_number and order.channel == code:
        return NotificationResult.DUPLICATE, ""
    # Paid after the order closed, or paid a second time by another trade: the money is there
    # and the order does not take it; staff refund it or accept it.
    order.needs_attention = True
    order.attention_note = _("Payment %(serial)s (%(channel)s) arrived on a %(status)s order.") % {
        "serial": parsed.serial_number,
        "channel": label_of(code),
        "status": order.get_status_display(),
    }
    order.save(update_fields=["needs_attention", "attention_note"])
    log(order, "order.payment_flagged", serial=parsed.serial_number, channel=code)
    return NotificationResult.AFTER_CLOSE, order.attention_note


def notification_receive(*, gateway_code: str, body: bytes, headers: dict[str, str]) -> Answer:
    """Store, verify and apply one notification; the answer is in the gateway's format."""
    gateway = gateways.get(gateway_code)
    kept = {k.lower(): v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    record = PaymentNotification(
        gateway=gateway_code, raw_body=body.decode("utf-8", "replace")[:20000], headers=kept
    )
    try:
        parsed = gateway.parse_notification(body, headers)
    except gateways.NotificationError as error:
        record.result, record.detail = error.result, error.detail[:200]
        record.save()
        return gateway.answer(False)
    except gateways.GatewayError as error:
        record.result, record.detail = NotificationResult.MALFORMED, str(error)[:200]
        record.save()
        return gateway.answer(False)
    record.verified = True
    record.order_number = parsed.order_number[:64]
    record.serial_number = parsed.serial_number[:64]
    record.amount = parsed.amount
    if parsed.merchant != gateway.merchant_id:
        record.result = NotificationResult.WRONG_MERCHANT
        record.detail = parsed.merchant[:200]
        record.save()
        return gateway.answer(False)
    with transaction.atomic():
        # Locked by the number the gateway knows (not ``lock_order``): an unknown number is
        # stored as the notification's result, not refused.
        order = (
            Order.objects.select_for_update(of=("self",)).filter(number=parsed.order_number).first()
        )
        record.order = order
        record.result, detail = _apply(order, parsed, gateway_code)
        record.detail = detail[:200]
        record.save()
    accepted = record.result not in (
        NotificationResult.UNKNOWN_ORDER,
        NotificationResult.AMOUNT_MISMATCH,
    )
    return gateway.answer(accepted)


def order_query(*, actor: User, number: str) -> Order:
    """The return page: ask the gateway about the payer's pending order. A paid answer pays it
    only when the gateway's (verified) answer has the order's amount and merchant."""
    order = Order.objects.filter(number=number, payer=actor).first()
    if order is None:
        raise DomainError(_("The order does not exist."), code="missing")
    if not order.is_pending:
        return order
    outcome = query_gateways(order, via="query")
    return outcome.order


@dataclass
class QueryOutcome:
    """What asking the gateways about one pending order found."""

    order: Order
    paid: bool = False
    mismatched: bool = False
    unreachable: list[str] = field(default_factory=list)


def query_gateways(order: Order, *, via: str) -> QueryOutcome:
    """Ask each online gateway about ``order`` (the payer may have started at any of them).
    A paid answer pays it only with the order's amount and the gateway's merchant, the order
    row locked: the same checks as a notification."""
    outcome = QueryOutcome(order=order)
    for gateway in gateways.offered():
        try:
            result = gateway.query(order)
        except gateways.GatewayError:
            outcome.unreachable.append(gateway.code)
            continue
        if not result.paid:
            continue
        if result.amount != order.amount or result.merchant != gateway.merchant_id:
            logger.warning("query of %s at %s does not match the order", order.number, gateway.code)
            outcome.mismatched = True
            continue
        with transaction.atomic():
            locked = lock_order(order.pk)
            if locked.is_pending:
                mark_paid(locked, channel=gateway.code, serial_number=result.serial_number, via=via)
                outcome.paid = True
            outcome.order = locked
        return outcome
    return outcome


def sandbox_pay(*, actor: User, number: str) -> Answer:
    """The sandbox's pay button: the sandbox signs a notification, which is received like any."""
    order = _own_pending_order(actor, number)
    try:
        gateway = gateways.get("sandbox")
    except KeyError:
        raise DomainError(_("The sandbox is not available here."), code="channel") from None
    if not isinstance(gateway, SandboxGateway):
        raise DomainError(_("The sandbox is not available here."), code="channel")
    return notification_receive(gateway_code="sandbox", body=gateway.pay(order), headers={})
