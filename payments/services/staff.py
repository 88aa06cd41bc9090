"""What committee and office staff do to an order: confirm a payment made offline, reopen a
closed order."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import RoleContext
from applications.policies import check_not_own
from payments.models import Channel, Order, OrderStatus
from titleportal.errors import DomainError

from .common import check_staff_scope, expiry, lock_order, log
from .paying import mark_paid


def order_confirm_offline(
    *, actor: User, role_context: RoleContext | None, order_id: int, receipt_number: str
) -> Order:
    """Staff confirm a payment made at the counter or by bank transfer, with its receipt."""
    receipt_number = (receipt_number or "").strip()
    if not receipt_number:
        raise DomainError(_("Enter the receipt number."), field="receipt_number", code="receipt")
    with transaction.atomic():
        order = lock_order(order_id)
        check_staff_scope(role_context, order)
        check_not_own(actor=actor, person_id=order.payer_id)
        if not order.is_pending:
            raise DomainError(_("This order is not awaiting payment."), code="status")
        mark_paid(
            order,
            channel=Channel.OFFLINE,
            serial_number=receipt_number[:64],
            actor=actor,
            role_context=role_context,
            via="offline",
        )
    return order


def order_reopen(*, actor: User, role_context: RoleContext | None, order_id: int) -> Order:
    with transaction.atomic():
        order = lock_order(order_id)
        check_staff_scope(role_context, order)
        if order.status != OrderStatus.CLOSED:
            raise DomainError(_("Only a closed order can be reopened."), code="status")
        order.status = OrderStatus.PENDING
        order.closed_at = None
        order.expires_at = expiry()
        try:
            with transaction.atomic():
                order.save(update_fields=["status", "closed_at", "expires_at"])
        except IntegrityError:
            raise DomainError(
                _("Another order of this fee item is open or paid."), code="duplicate"
            ) from None
        log(order, "order.reopened", actor=actor, role_context=role_context)
    return order
