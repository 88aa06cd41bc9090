"""The reconciliation export (.xlsx): paid and refunded orders of a period, one channel and
fee item if chosen, in the columns of the gateways' bills (支付宝/微信支付 账单) so finance can
match them line by line."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from titleportal.spreadsheets import text_cell

from . import selectors
from .models import InvoiceStatus, OrderStatus

SETTLED = [OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PARTIALLY_REFUNDED]


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def reconciliation_rows(role_context, *, start, end, channel: str = "", item: str = ""):
    orders = selectors.staff_scope(role_context).filter(
        status__in=SETTLED, paid_at__date__gte=start, paid_at__date__lte=end
    )
    if channel:
        orders = orders.filter(channel=channel)
    if item:
        orders = orders.filter(item_name__icontains=item)
    return orders.select_related("payer").order_by("paid_at", "pk")


def reconciliation_xlsx(role_context, *, start, end, channel: str = "", item: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Reconciliation")
    headers = [
        _("Payment serial number"),
        _("Order number"),
        _("Fee item"),
        _("Created at"),
        _("Paid at"),
        _("Amount (yuan)"),
        _("Refunded (yuan)"),
        _("Net (yuan)"),
        _("Payment channel"),
        _("Payer"),
        _("Payment status"),
    ]
    sheet.append(headers)
    total = Decimal("0.00")
    for order in reconciliation_rows(
        role_context, start=start, end=end, channel=channel, item=item
    ):
        net = order.amount - order.refunded_amount
        total += net
        sheet.append(
            [
                text_cell(order.serial_number),
                order.number,
                text_cell(order.item_name),
                _time(order.created_at),
                _time(order.paid_at),
                order.amount,
                order.refunded_amount,
                net,
                order.get_channel_display(),
                text_cell(order.payer.full_name),
                order.get_status_display(),
            ]
        )
    sheet.append([_("Total"), "", "", "", "", "", "", total])
    for column, width in zip(
        "ABCDEFGHIJK", (30, 26, 24, 20, 20, 12, 12, 12, 12, 12, 10), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def invoice_rows(role_context, *, start, end, status: str = ""):
    """Invoices requested in the period (开票申请), requested or issued or both."""
    orders = selectors.staff_scope(role_context).filter(
        invoice_status__in=[status] if status else [InvoiceStatus.REQUESTED, InvoiceStatus.ISSUED],
        invoice_requested_at__date__gte=start,
        invoice_requested_at__date__lte=end,
    )
    return orders.select_related("payer").order_by("invoice_requested_at", "pk")


def invoices_xlsx(role_context, *, start, end, status: str = "") -> bytes:
    """The invoice list for the finance office: what to invoice, to whom, and what was."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Invoices")
    sheet.append(
        [
            _("Order number"),
            _("Fee item"),
            _("Amount (yuan)"),
            _("Refunded (yuan)"),
            _("Invoice title"),
            _("Tax number"),
            _("Email for the invoice"),
            _("Payer"),
            _("Invoice requested at"),
            _("Invoice status"),
            _("Invoiced at"),
            _("Payment channel"),
            _("Payment serial number"),
            _("Paid at"),
        ]
    )
    total = Decimal("0.00")
    for order in invoice_rows(role_context, start=start, end=end, status=status):
        total += order.amount
        sheet.append(
            [
                order.number,
                text_cell(order.item_name),
                order.amount,
                order.refunded_amount,
                text_cell(order.invoice_title),
                text_cell(order.invoice_tax_number),
                text_cell(order.invoice_email),
                text_cell(order.payer.full_name),
                _time(order.invoice_requested_at),
                order.get_invoice_status_display(),
                _time(order.invoice_issued_at),
                order.get_channel_display(),
                text_cell(order.serial_number),
                _time(order.paid_at),
            ]
        )
    sheet.append([_("Total"), "", total])
    for column, width in zip(
        "ABCDEFGHIJKLMN", (26, 24, 12, 12, 30, 22, 26, 12, 20, 10, 20, 12, 30, 20), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
