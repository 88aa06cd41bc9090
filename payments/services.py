"""Payment services: orders, verified notifications, offline confirmation, refunds, invoices.

Only a notification whose signature verifies with the configured platform key, and whose app
id / merchant id, order number and amount match, pays an order; every notification is stored
with what its verification found. The order row is locked while a notification is applied,
so repeated, late or concurrent notifications pay it once.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications import actionlog, events
from applications.models import Application
from applications.policies import check_not_own
from titleportal.errors import DomainError
from titleportal.files import random_name
from titleportal.notifications import notify

from . import gateways
from .gateways.base import Answer
from .models import (
    Channel,
    FeeItem,
    InvoiceStatus,
    NotificationResult,
    Order,
    OrderStatus,
    PaymentNotification,
    Purpose,
    Refund,
)

logger = logging.getLogger(__name__)
KEPT_HEADERS = (
    "content-type",
    "wechatpay-timestamp",
    "wechatpay-nonce",
    "wechatpay-serial",
    "wechatpay-signature",
    "wechatpay-signature-type",
)


def new_number(prefix: str = "dl") -> str:
    """An order number as the seeds show it: dl + time to the millisecond + random digits."""
    now = timezone.localtime()
    digits = get_random_string(5, allowed_chars="0123456789")
    return f"{prefix}{now:%Y%m%d%H%M%S}{now.microsecond // 1000:03d}{digits}"


def _expiry():
    return timezone.now() + timedelta(hours=settings.PAYMENT_ORDER_HOURS)


def _log(order: Order, action: str, *, actor=None, role_context=None, **data) -> None:
    actionlog.record(
        subject=order,
        action=action,
        actor=actor,
        role_context=role_context,
        to_status=order.status,
        data={"number": order.number, **{k: str(v) for k, v in data.items()}},
    )


# --- fee items and orders --------------------------------------------------------------------


def fee_items_for(application: Application, purpose: str) -> list[FeeItem]:
    """The active fee items that apply to ``application``: the committee's review fees, the
    office's postage."""
    items = FeeItem.objects.filter(is_active=True, purpose=purpose).prefetch_related(
        "levels", "sessions"
    )
    if purpose == Purpose.REVIEW:
        items = items.filter(committee_id=application.committee_id)
    else:
        items = items.filter(office_id=application.office_id)
    chosen = []
    for item in items:
        if item.kinds and application.kind not in item.kinds:
            continue
        levels = {level.pk for level in item.levels.all()}
        if levels and application.level_id not in levels:
            continue
        sessions = {session.pk for session in item.sessions.all()}
        if sessions and application.review_session_id not in sessions:
            continue
        chosen.append(item)
    return chosen


def orders_create(*, application: Application, purpose: str) -> list[Order]:
    """Orders of the fee items that apply, unless one is already open or paid; the payer gets
    the fee notice in 我的消息 and by SMS. Runs inside the act that causes it."""
    created = []
    for item in fee_items_for(application, purpose):
        live = Order.objects.filter(
            application=application,
            item=item,
            status__in=[OrderStatus.PENDING, OrderStatus.PAID],
        )
        if live.exists():
            continue
        order = Order.objects.create(
            number=new_number(),
            payer=application.applicant,
            application=application,
            purpose=purpose,
            item=item,
            item_name=item.name,
            committee_id=item.committee_id,
            office_id=application.office_id,
            amount=item.amount,
            expires_at=_expiry(),
        )
        _log(order, "order.created")
        created.append(order)
    if created:
        total = sum((order.amount for order in created), Decimal("0.00"))
        notify(
            application.applicant,
            event="payment.due",
            title=_("Fee notice: %(items)s, %(total)s yuan in total")
            % {
                "items": "、".join(order.item_name for order in created),
                "total": total,
            },
            body=_("Please pay under Fees before %(date)s.")
            % {"date": timezone.localtime(created[0].expires_at).strftime("%Y-%m-%d %H:%M")},
            link=reverse("payments:orders"),
            sms=True,
        )
    return created


def _close_pending(application: Application, purpose: str | None, reason: str) -> None:
    orders = Order.objects.select_for_update().filter(
        application=application, status=OrderStatus.PENDING
    )
    if purpose:
        orders = orders.filter(purpose=purpose)
    for order in orders:
        order.status = OrderStatus.CLOSED
        order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at"])
        _log(order, "order.closed", reason=reason)


# Listeners of the acts on applications (registered in PaymentsConfig.ready).


def on_accepted(*, application, **_details) -> None:
    orders_create(application=application, purpose=Purpose.REVIEW)


def on_delivery_chosen(*, application, mail: bool, **_details) -> None:
    if mail:
        orders_create(application=application, purpose=Purpose.POSTAGE)
    else:
        _close_pending(application, Purpose.POSTAGE, "collected in person")


def on_ended(*, application, action: str, **_details) -> None:
    """Rejected (不予受理 / 审核不通过) or withdrawn: open orders close, paid ones are refunded."""
    reason = {
        "application.rejected": _("The application was not approved."),
        "application.withdrawn": _("The application was withdrawn."),
    }.get(action, action)
    _close_pending(application, None, action)
    for order_id in Order.objects.filter(
        application=application, status=OrderStatus.PAID
    ).values_list("pk", flat=True):
        transaction.on_commit(lambda pk=order_id: _refund_quietly(order_id=pk, reason=str(reason)))


def _refund_quietly(*, order_id: int, reason: str) -> None:
    try:
        order_refund(actor=None, role_context=None, order_id=order_id, reason=reason)
    except DomainError:
        logger.warning("automatic refund of order %s needs staff action", order_id)


def register_listeners() -> None:
    events.subscribe("application.accepted", on_accepted)
    events.subscribe("delivery.chosen", on_delivery_chosen)
    events.subscribe("application.rejected", on_ended)
    events.subscribe("application.withdrawn", on_ended)


# --- paying ----------------------------------------------------------------------------------


def _own_pending_order(actor, number: str) -> Order:
    order = Order.objects.filter(number=number, payer=actor).first()
    if order is None:
        raise DomainError(_("The order does not exist."), code="missing")
    if not order.is_pending:
        raise DomainError(_("This order is not awaiting payment."), code="status")
    return order


def order_start(
    *,
    actor,
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


def _mark_paid(
    order: Order, *, channel: str, serial_number: str, actor=None, role_context=None, via: str
) -> None:
    order.status = OrderStatus.PAID
    order.channel = channel
    order.serial_number = serial_number
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "channel", "serial_number", "paid_at"])
    _log(
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
        _mark_paid(order, channel=code, serial_number=parsed.serial_number, via="notification")
        return NotificationResult.PAID, ""
    if order.serial_number == parsed.serial_number and order.channel == code:
        return NotificationResult.DUPLICATE, ""
    # Paid after the order closed, or paid a second time by another trade: the money is there
    # and the order does not take it; staff refund it or accept it.
    order.needs_attention = True
    order.attention_note = _("Payment %(serial)s (%(channel)s) arrived on a %(status)s order.") % {
        "serial": parsed.serial_number,
        "channel": gateways.base.label_of(code),
        "status": order.get_status_display(),
    }
    order.save(update_fields=["needs_attention", "attention_note"])
    _log(order, "order.payment_flagged", serial=parsed.serial_number, channel=code)
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


def order_query(*, actor, number: str) -> Order:
    """The return page: ask the gateway about the payer's pending order. A paid answer pays it
    only when the gateway's (verified) answer has the order's amount and merchant."""
    order = Order.objects.filter(number=number, payer=actor).first()
    if order is None:
        raise DomainError(_("The order does not exist."), code="missing")
    if not order.is_pending:
        return order
    outcome = _query_gateways(order, via="query")
    return outcome.order


@dataclass
class QueryOutcome:
    """What asking the gateways about one pending order found."""

    order: Order
    paid: bool = False
    mismatched: bool = False
    unreachable: list[str] = field(default_factory=list)


def _query_gateways(order: Order, *, via: str) -> QueryOutcome:
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
            locked = Order.objects.select_for_update(of=("self",)).get(pk=order.pk)
            if locked.is_pending:
                _mark_paid(
                    locked, channel=gateway.code, serial_number=result.serial_number, via=via
                )
                outcome.paid = True
            outcome.order = locked
        return outcome
    return outcome


@dataclass
class ReconcileReport:
    checked: int = 0
    paid: int = 0
    closed: int = 0
    flagged: int = 0
    unreachable: int = 0


def orders_reconcile_pending(*, older_than_minutes: int, now=None) -> ReconcileReport:
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
        outcome = _query_gateways(order, via="reconcile")
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
        order = _lock(order_id)
        order.needs_attention = True
        order.attention_note = note[:200]
        order.save(update_fields=["needs_attention", "attention_note"])
        _log(order, "order.payment_flagged", note=note)


def sandbox_pay(*, actor, number: str) -> Answer:
    """The sandbox's pay button: the sandbox signs a notification, which is received like any."""
    order = _own_pending_order(actor, number)
    try:
        gateway = gateways.get("sandbox")
    except KeyError:
        raise DomainError(_("The sandbox is not available here."), code="channel") from None
    return notification_receive(gateway_code="sandbox", body=gateway.pay(order), headers={})


# --- staff -----------------------------------------------------------------------------------


def check_staff_scope(role_context, order: Order) -> None:
    """The acting committee or office is the order's; other roles never handle orders."""
    if role_context is None:
        raise DomainError(_("You cannot handle this order."), code="scope")
    if (
        role_context.role == Role.COMMITTEE_STAFF
        and order.committee_id == role_context.organisation.pk
    ):
        return
    if role_context.role == Role.OFFICE_STAFF and order.office_id == role_context.organisation.pk:
        return
    raise DomainError(_("You cannot handle this order."), code="scope")


def _lock(order_id: int) -> Order:
    order = Order.objects.select_for_update(of=("self",)).filter(pk=order_id).first()
    if order is None:
        raise DomainError(_("The order does not exist."), code="missing")
    return order


def order_confirm_offline(*, actor, role_context, order_id: int, receipt_number: str) -> Order:
    """Staff confirm a payment made at the counter or by bank transfer, with its receipt."""
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise DomainError(_("Enter the receipt number."), field="receipt_number", code="receipt")
    with transaction.atomic():
        order = _lock(order_id)
        check_staff_scope(role_context, order)
        check_not_own(actor=actor, person_id=order.payer_id)
        if not order.is_pending:
            raise DomainError(_("This order is not awaiting payment."), code="status")
        _mark_paid(
            order,
            channel=Channel.OFFLINE,
            serial_number=receipt_number[:64],
            actor=actor,
            role_context=role_context,
            via="offline",
        )
    return order


def order_reopen(*, actor, role_context, order_id: int) -> Order:
    with transaction.atomic():
        order = _lock(order_id)
        check_staff_scope(role_context, order)
        if order.status != OrderStatus.CLOSED:
            raise DomainError(_("Only a closed order can be reopened."), code="status")
        order.status = OrderStatus.PENDING
        order.closed_at = None
        order.expires_at = _expiry()
        try:
            with transaction.atomic():
                order.save(update_fields=["status", "closed_at", "expires_at"])
        except IntegrityError:
            raise DomainError(
                _("Another order of this fee item is open or paid."), code="duplicate"
            ) from None
        _log(order, "order.reopened", actor=actor, role_context=role_context)
    return order


def order_refund(
    *, actor, role_context, order_id: int, reason: str, amount: Decimal | None = None
) -> Refund:
    """Refund all (``amount`` None) or part of a paid order through its gateway, with a reason.
    ``role_context`` None: the portal refunds by itself (an application ended)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Please give the reason for the refund."), field="reason", code="reason"
        )
    with transaction.atomic():
        order = _lock(order_id)
        if role_context is not None:
            check_staff_scope(role_context, order)
            check_not_own(actor=actor, person_id=order.payer_id)
        refundable = order.refundable_amount
        if refundable <= 0:
            raise DomainError(_("Nothing of this order can be refunded."), code="status")
        amount = refundable if amount is None else amount
        if amount <= 0 or amount > refundable or amount != amount.quantize(Decimal("0.01")):
            raise DomainError(
                _("The refund must be between 0.01 and %(max)s yuan.") % {"max": refundable},
                field="amount",
                code="amount",
            )
        number = new_number("rf")
        try:
            result = gateways.get(order.channel).refund(
                order, refund_number=number, amount=amount, reason=reason
            )
        except (gateways.GatewayError, KeyError) as error:
            result = gateways.RefundResult(succeeded=False, detail=str(error))
        refund = Refund.objects.create(
            order=order,
            number=number,
            amount=amount,
            reason=reason[:200],
            status=Refund.Status.SUCCEEDED if result.succeeded else Refund.Status.FAILED,
            gateway_reference=result.reference[:64],
            detail=result.detail[:200],
            actor=actor,
        )
        if result.succeeded:
            order.refunded_amount += amount
            order.status = (
                OrderStatus.REFUNDED
                if order.refunded_amount >= order.amount
                else OrderStatus.PARTIALLY_REFUNDED
            )
        else:
            order.needs_attention = True
            order.attention_note = _("Refund %(number)s failed: %(detail)s") % {
                "number": number,
                "detail": result.detail,
            }
            order.attention_note = order.attention_note[:200]
        order.save(update_fields=["refunded_amount", "status", "needs_attention", "attention_note"])
        _log(
            order,
            "order.refunded" if result.succeeded else "order.refund_failed",
            actor=actor,
            role_context=role_context,
            amount=amount,
            reason=reason,
        )
        if result.succeeded:
            notify(
                order.payer,
                event="payment.refunded",
                title=_("Refund of %(amount)s yuan for %(item)s")
                % {"amount": amount, "item": order.item_name},
                body=_("Refund reason: %(reason)s") % {"reason": reason},
                link=reverse("payments:orders"),
            )
    return refund


def orders_close_unpaid(*, now=None) -> int:
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


def _close_unpaid(order_id: int, now) -> bool:
    """Close one order still awaiting payment (its time is up), here and at the gateways."""
    with transaction.atomic():
        order = _lock(order_id)
        if not order.is_pending:
            return False
        order.status = OrderStatus.CLOSED
        order.closed_at = now
        order.save(update_fields=["status", "closed_at"])
        _log(order, "order.closed", reason="unpaid")
        transaction.on_commit(lambda pk=order_id: _close_at_gateways(pk))
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


# --- invoices --------------------------------------------------------------------------------


def invoice_request(*, actor, number: str, title: str, tax_number: str, email: str) -> Order:
    title, tax_number, email = title.strip(), tax_number.strip().upper(), email.strip()
    if not title:
        raise DomainError(_("Enter the invoice title."), field="title", code="required")
    if tax_number and not (15 <= len(tax_number) <= 20 and tax_number.isalnum()):
        raise DomainError(
            _("A tax number has 15 to 20 letters and digits."), field="tax_number", code="tax"
        )
    if not email:
        raise DomainError(_("Enter the email for the invoice."), field="email", code="required")
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).filter(number=number, payer=actor).first()
        )
        if order is None:
            raise DomainError(_("The order does not exist."), code="missing")
        if not order.may_request_invoice:
            raise DomainError(
                _("An invoice can be requested once for a paid order."), code="status"
            )
        order.invoice_status = InvoiceStatus.REQUESTED
        order.invoice_title, order.invoice_tax_number, order.invoice_email = (
            title,
            tax_number,
            email,
        )
        order.invoice_requested_at = timezone.now()
        order.save()
        _log(order, "order.invoice_requested", actor=actor)
    return order


def invoice_issue(*, actor, role_context, order_id: int, pdf: bytes | None = None) -> Order:
    """Staff upload the e-invoice PDF (checked by content in the form) or mark it issued."""
    with transaction.atomic():
        order = _lock(order_id)
        check_staff_scope(role_context, order)
        if order.invoice_status != InvoiceStatus.REQUESTED:
            raise DomainError(_("No invoice was requested for this order."), code="status")
        if pdf:
            order.invoice_file.save(random_name("invoices", ".pdf"), ContentFile(pdf), save=False)
        order.invoice_status = InvoiceStatus.ISSUED
        order.invoice_issued_at = timezone.now()
        order.save()
        _log(order, "order.invoice_issued", actor=actor, role_context=role_context)
        notify(
            order.payer,
            event="payment.invoiced",
            title=_("The invoice for order %(number)s is issued") % {"number": order.number},
            link=reverse("payments:orders"),
        )
    return order


# --- fee items (费用事项) ----------------------------------------------------------------------


def fee_item_new(role_context) -> FeeItem:
    """An unsaved fee item of the acting organisation: a committee charges review fees, an
    office the postage of mailed certificates."""
    if role_context is not None and role_context.role == Role.COMMITTEE_STAFF:
        return FeeItem(committee=role_context.organisation, purpose=Purpose.REVIEW)
    if role_context is not None and role_context.role == Role.OFFICE_STAFF:
        return FeeItem(office=role_context.organisation, purpose=Purpose.POSTAGE)
    raise DomainError(_("You cannot handle fee items."), code="scope")


def fee_item_save(*, actor, role_context, form) -> FeeItem:
    """Save a valid ``StaffFeeItemForm`` of an item of the acting committee or office (from
    ``fee_item_new`` or the organisation's own items), with an action-log row."""
    item = form.instance
    staff = role_context is not None and role_context.role in (
        Role.COMMITTEE_STAFF,
        Role.OFFICE_STAFF,
    )
    owner = (
        item.committee_id
        if role_context and role_context.role == Role.COMMITTEE_STAFF
        else (item.office_id)
    )
    if not staff or owner != role_context.organisation.pk:
        raise DomainError(_("You cannot handle fee items."), code="scope")
    created = item.pk is None
    with transaction.atomic():
        item = form.save()
        actionlog.record(
            subject=item,
            action="fee_item.created" if created else "fee_item.changed",
            actor=actor,
            role_context=role_context,
            data={"name": item.name, "amount": str(item.amount), "active": item.is_active},
        )
    return item
