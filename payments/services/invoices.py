"""E-invoices (电子发票): the payer requests one for a paid order, staff issue it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import RoleContext
from payments.models import InvoiceStatus, Order
from titleportal.errors import DomainError
from titleportal.files import random_name
from titleportal.notifications import notify

from .common import check_staff_scope, lock_order, log


def invoice_request(*, actor: User, number: str, title: str, tax_number: str, email: str) -> Order:
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
        # Locked by number and payer (not ``lock_order``): another person's order is "missing".
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
        log(order, "order.invoice_requested", actor=actor)
    return order


def invoice_issue(
    *, actor: User, role_context: RoleContext | None, order_id: int, pdf: bytes | None = None
) -> Order:
    """Staff upload the e-invoice PDF (checked by content in the form) or mark it issued."""
    with transaction.atomic():
        order = lock_order(order_id)
        check_staff_scope(role_context, order)
        if order.invoice_status != InvoiceStatus.REQUESTED:
            raise DomainError(_("No invoice was requested for this order."), code="status")
        if pdf:
            order.invoice_file.save(random_name("invoices", ".pdf"), ContentFile(pdf), save=False)
        order.invoice_status = InvoiceStatus.ISSUED
        order.invoice_issued_at = timezone.now()
        order.save()
        log(order, "order.invoice_issued", actor=actor, role_context=role_context)
        notify(
            order.payer,
            event="payment.invoiced",
            title=_("The invoice for order %(number)s is issued") % {"number": order.number},
            link=reverse("payments:orders"),
        )
    return order
