"""Refunds of a paid order, by staff or by the portal itself when an application ends."""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import RoleContext
from applications.policies import check_not_own
from payments import gateways
from payments.models import OrderStatus, Refund
from titleportal.errors import DomainError
from titleportal.notifications import notify

from .common import check_staff_scope, lock_order, log, new_number


def order_refund(
    *,
    actor: User | None,
    role_context: RoleContext | None,
    order_id: int,
    reason: str,
    amount: Decimal | None = None,
) -> Refund:
    """Refund all (``amount`` None) or part of a paid order through its gateway, with a reason.
    ``role_context`` None: the portal refunds by itself (an application ended)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Please give the reason for the refund."), field="reason", code="reason"
        )
    with transaction.atomic():
        order = lock_order(order_id)
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
        log(
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
