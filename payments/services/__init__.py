"""Payment services, by topic: fee items, orders (and the listeners that open and end them),
paying (gateways, notifications, queries), staff acts, refunds, invoices and the scheduled
jobs that reconcile and close pending orders.

``from payments.services import X`` and ``services.X`` name the public services of every
module here.
"""

from .closing import ReconcileReport, orders_close_unpaid, orders_reconcile_pending
from .common import check_staff_scope, expiry, lock_order, new_number
from .fee_items import fee_item_new, fee_item_save, fee_items_for
from .invoices import invoice_issue, invoice_request
from .orders import on_accepted, on_delivery_chosen, on_ended, orders_create, register_listeners
from .paying import (
    KEPT_HEADERS,
    QueryOutcome,
    mark_paid,
    notification_receive,
    order_query,
    order_start,
    query_gateways,
    sandbox_pay,
)
from .refunds import order_refund
from .staff import order_confirm_offline, order_reopen

# The demo data (titleportal.demo.payments) builds orders with the same expiry as the services.
_expiry = expiry

__all__ = [
    "KEPT_HEADERS",
    "QueryOutcome",
    "ReconcileReport",
    "check_staff_scope",
    "expiry",
    "fee_item_new",
    "fee_item_save",
    "fee_items_for",
    "invoice_issue",
    "invoice_request",
    "lock_order",
    "mark_paid",
    "new_number",
    "notification_receive",
    "on_accepted",
    "on_delivery_chosen",
    "on_ended",
    "order_confirm_offline",
    "order_query",
    "order_refund",
    "order_reopen",
    "order_start",
    "orders_close_unpaid",
    "orders_create",
    "orders_reconcile_pending",
    "query_gateways",
    "register_listeners",
    "sandbox_pay",
]
