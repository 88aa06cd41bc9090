"""Orders of an application's fees: opened when the committee accepts it (review fees) or a
mailing is chosen (postage), closed or refunded when it ends. The listeners are registered in
``PaymentsConfig.ready`` and run inside the act on the application."""

import logging
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import events
from applications.models import Application
from payments.models import Order, OrderStatus, Purpose
from titleportal.errors import DomainError
from titleportal.notifications import notify

from .common import expiry, log, new_number
from .fee_items import fee_items_for
from .refunds import order_refund

logger = logging.getLogger(__name__)


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
            expires_at=expiry(),
        )
        log(order, "order.created")
        created.append(order)
    if created:
        total = sum((order.amount for order in created), Decimal("0.00"))
        expires_at = created[0].expires_at
        assert expires_at is not None  # set just above
        notify(
            application.applicant,
            event="payment.due",
            title=_("Fee notice: %(items)s, %(total)s yuan in total")
            % {
                "items": "、".join(order.item_name for order in created),
                "total": total,
            },
            body=_("Please pay under Fees before %(date)s.")
            % {"date": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M")},
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
        log(order, "order.closed", reason=reason)


# Listeners of the acts on applications (registered in PaymentsConfig.ready).


def on_accepted(*, application: Application, **_details: Any) -> None:
    orders_create(application=application, purpose=Purpose.REVIEW)


def on_delivery_chosen(*, application: Application, mail: bool, **_details: Any) -> None:
    if mail:
        orders_create(application=application, purpose=Purpose.POSTAGE)
    else:
        _close_pending(application, Purpose.POSTAGE, "collected in person")


def on_ended(*, application: Application, action: str, **_details: Any) -> None:
    """Rejected (不予受理 / 审核不通过) or withdrawn: open orders close, paid ones are refunded."""
    reason = {
        "application.rejected": _("The application was not approved."),
        "application.withdrawn": _("The application was withdrawn."),
    }.get(action, action)
    _close_pending(application, None, action)
    for order_id in Order.objects.filter(
        application=application, status=OrderStatus.PAID
    ).values_list("pk", flat=True):
        transaction.on_commit(partial(_refund_quietly, order_id=order_id, reason=str(reason)))


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
