"""What every payment service shares: order numbers, expiry, the order lock, the staff scope
check and the action-log row of an order."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import actionlog
from applications.transitions import lock
from payments.models import Order
from titleportal.errors import DomainError


def new_number(prefix: str = "dl") -> str:
    """An order number as the seeds show it: dl + time to the millisecond + random digits."""
    now = timezone.localtime()
    digits = get_random_string(5, allowed_chars="0123456789")
    return f"{prefix}{now:%Y%m%d%H%M%S}{now.microsecond // 1000:03d}{digits}"


def expiry() -> datetime:
    """When a new (or reopened) order closes unpaid."""
    return timezone.now() + timedelta(hours=settings.PAYMENT_ORDER_HOURS)


def log(
    order: Order,
    action: str,
    *,
    actor: User | None = None,
    role_context: RoleContext | None = None,
    **data: Any,
) -> None:
    actionlog.record(
        subject=order,
        action=action,
        actor=actor,
        role_context=role_context,
        to_status=order.status,
        data={"number": order.number, **{k: str(v) for k, v in data.items()}},
    )


def lock_order(order_id: int) -> Order:
    """The order row, locked until the end of the transaction.

    The lock is the project's one (``applications.transitions.lock``: ``select_for_update`` of
    this row only). Orders carry no version, and an order that is gone is refused with the
    order's own message rather than the application's. Orders are not moved by
    ``transitions.run``: they have no django-fsm states, several order acts run inside an act
    on an application (which holds its own transaction), and gateway notifications lock the
    order they name by its number (``paying.notification_receive``), where an unknown number
    is a stored result rather than a refusal.
    """
    try:
        return lock(Order, order_id)
    except DomainError as error:
        if error.code == "missing":
            raise DomainError(_("The order does not exist."), code="missing") from None
        raise


def check_staff_scope(role_context: RoleContext | None, order: Order) -> None:
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
