"""费用管理: the payer's orders, paying, the return page, notifications, invoices; the staff
list with offline confirmation, refunds, reopening, invoices and the reconciliation export."""

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from titleportal.client_ip import client_ip
from titleportal.errors import DomainError
from titleportal.files import serve_private_file

from . import exports, gateways, selectors, services
from .forms import (
    ChannelForm,
    ExportForm,
    InvoiceExportForm,
    InvoiceIssueForm,
    InvoiceRequestForm,
    OfflineConfirmForm,
    OrderFilterForm,
    RefundForm,
    StaffFeeItemForm,
    StaffOrderFilterForm,
)

PAGE_SIZE = 10  # seed 002: 10 条/页
STAFF_ROLES = (Role.COMMITTEE_STAFF, Role.OFFICE_STAFF)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _is_mobile(request) -> bool:
    agent = request.headers.get("user-agent", "")
    return any(word in agent for word in ("Mobile", "Android", "iPhone"))


# --- the payer ------------------------------------------------------------------------------


@role_required(Role.APPLICANT)
@require_GET
def orders(request):
    form = OrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.orders_for_payer(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "payments/applicant/orders.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def pay(request, number):
    order = selectors.get_order_for_payer(request.user, number)
    offered = gateways.offered()
    form = ChannelForm(request.POST or None, gateways=offered)
    qr = ""
    if not order.is_pending:
        messages.info(request, _("This order is not awaiting payment."))
        return redirect("payments:orders")
    if request.method == "POST" and form.is_valid():
        try:
            started = services.order_start(
                actor=request.user,
                number=order.number,
                channel=form.cleaned_data["channel"],
                return_url=request.build_absolute_uri(
                    reverse("payments:return", kwargs={"number": order.number})
                ),
                notify_url=request.build_absolute_uri(
                    reverse("payments:notify", kwargs={"gateway": form.cleaned_data["channel"]})
                ),
                mobile=_is_mobile(request),
                client_ip=client_ip(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if started.redirect:
                return redirect(started.redirect)
            qr = segno.make(started.qr, error="m").svg_inline(scale=5, border=2, omitsize=True)
    return render(
        request,
        "payments/applicant/pay.html",
        {"order": order, "form": form, "qr": qr, "offered": offered},
    )


@role_required(Role.APPLICANT)
@never_cache
@require_GET
def payment_return(request, number):
    """Where the gateway sends the payer back: it asks the gateway, never trusts the URL."""
    selectors.get_order_for_payer(request.user, number)
    try:
        order = services.order_query(actor=request.user, number=number)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("payments:orders")
    return render(request, "payments/applicant/return.html", {"order": order})


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def sandbox(request, number):
    """The sandbox gateway's pay page (沙箱, development only)."""
    if "sandbox" not in gateways.base.enabled_codes():
        raise Http404
    order = selectors.get_order_for_payer(request.user, number)
    if request.method == "POST":
        try:
            services.sandbox_pay(actor=request.user, number=number)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("payments:return", number=number)
    return render(request, "payments/applicant/sandbox.html", {"order": order})


@csrf_exempt
@require_POST
def notify(request, gateway):
    """Asynchronous notifications of the gateways; each is answered in its own format."""
    try:
        gateways.get(gateway)
    except KeyError:
        raise Http404 from None
    answer = services.notification_receive(
        gateway_code=gateway, body=request.body, headers=dict(request.headers)
    )
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)


@role_required(Role.APPLICANT)
@require_http_methods(["GET", "POST"])
def invoice_request(request, number):
    order = selectors.get_order_for_payer(request.user, number)
    form = InvoiceRequestForm(
        request.POST or None,
        initial={"title": request.user.full_name, "email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invoice_request(actor=request.user, number=number, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your invoice request has been sent."))
            return redirect("payments:orders")
    return render(request, "payments/applicant/invoice.html", {"order": order, "form": form})


@role_required(Role.APPLICANT)
@require_GET
def invoice_download(request, number):
    order = selectors.get_order_for_payer(request.user, number)
    if not order.invoice_file:
        raise Http404
    return serve_private_file(order.invoice_file, download_name=f"{order.number}.pdf", inline=False)


# --- staff ----------------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
@require_GET
def staff_orders(request):
    form = StaffOrderFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.orders_for_staff(request.role, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "payments/staff/orders.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "export_form": ExportForm(),
            "invoice_export_form": InvoiceExportForm(),
        },
    )


@role_required(*STAFF_ROLES)
@require_GET
def staff_order(request, pk):
    order = selectors.get_order_for_staff(request.role, pk)
    return render(request, "payments/staff/order.html", _staff_context(request, order))


def _staff_context(request, order, **forms):
    return {
        "order": order,
        "refunds": order.refunds.all(),
        "notifications": order.notifications.all()[:20],
        "confirm_form": forms.get("confirm_form") or OfflineConfirmForm(),
        "refund_form": forms.get("refund_form") or RefundForm(),
        "invoice_form": forms.get("invoice_form") or InvoiceIssueForm(),
        "own": order.payer_id == request.user.pk,
    }


def _staff_act(request, pk, form_class, form_name, act):
    order = selectors.get_order_for_staff(request.role, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            act(order, form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("payments:staff_order", pk=order.pk)
    order.refresh_from_db()
    context = _staff_context(request, order, **{form_name: form})
    return render(request, "payments/staff/order.html", context, status=400)


@role_required(*STAFF_ROLES)
@require_POST
def staff_confirm(request, pk):
    def act(order, data):
        services.order_confirm_offline(
            actor=request.user,
            role_context=request.role,
            order_id=order.pk,
            receipt_number=data["receipt_number"],
        )
        messages.success(request, _("The offline payment is confirmed."))

    return _staff_act(request, pk, OfflineConfirmForm, "confirm_form", act)


@role_required(*STAFF_ROLES)
@require_POST
def staff_refund(request, pk):
    def act(order, data):
        refund = services.order_refund(
            actor=request.user,
            role_context=request.role,
            order_id=order.pk,
            reason=data["reason"],
            amount=data.get("amount"),
        )
        if refund.status == refund.Status.SUCCEEDED:
            messages.success(request, _("The refund is done."))
        else:
            messages.error(request, _("The refund failed: %(detail)s") % {"detail": refund.detail})

    return _staff_act(request, pk, RefundForm, "refund_form", act)


@role_required(*STAFF_ROLES)
@require_POST
def staff_invoice(request, pk):
    def act(order, data):
        services.invoice_issue(
            actor=request.user, role_context=request.role, order_id=order.pk, pdf=data.get("pdf")
        )
        messages.success(request, _("The invoice is marked issued."))

    return _staff_act(request, pk, InvoiceIssueForm, "invoice_form", act)


@role_required(*STAFF_ROLES)
@require_POST
def staff_reopen(request, pk):
    order = selectors.get_order_for_staff(request.role, pk)
    try:
        services.order_reopen(actor=request.user, role_context=request.role, order_id=order.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The order is open for payment again."))
    return redirect("payments:staff_order", pk=order.pk)


@role_required(*STAFF_ROLES)
@require_GET
def staff_export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose the period to export."))
        return redirect("payments:staff_orders")
    data = exports.reconciliation_xlsx(request.role, **form.cleaned_data)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response["Content-Disposition"] = (
        f'attachment; filename="reconciliation-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@role_required(*STAFF_ROLES)
@require_GET
def staff_invoice_export(request):
    """The invoices requested in a period, for the finance office (.xlsx)."""
    form = InvoiceExportForm(request.GET)
    if not form.is_valid():
        errors = form.non_field_errors()
        messages.error(request, errors[0] if errors else _("Choose the period to export."))
        return redirect("payments:staff_orders")
    data = exports.invoices_xlsx(request.role, **form.cleaned_data)
    response = HttpResponse(data, content_type=XLSX)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response["Content-Disposition"] = (
        f'attachment; filename="invoices-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response


# --- fee items (费用事项) ----------------------------------------------------------------------


@role_required(*STAFF_ROLES)
@require_GET
def staff_fee_items(request):
    return render(
        request,
        "payments/staff/fee_items.html",
        {"items": selectors.fee_items_for_staff(request.role)},
    )


@role_required(*STAFF_ROLES)
@require_http_methods(["GET", "POST"])
def staff_fee_item(request, pk=None):
    """A new fee item of the acting organisation (``pk`` None) or one of its items."""
    item = selectors.get_fee_item_for_staff(request.role, pk) if pk is not None else None
    committee = request.role.organisation if request.role.role == Role.COMMITTEE_STAFF else None
    form = StaffFeeItemForm(
        request.POST or None,
        instance=item or services.fee_item_new(request.role),
        committee=committee,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fee_item_save(actor=request.user, role_context=request.role, form=form)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The fee item is saved."))
            return redirect("payments:staff_fee_items")
    return render(
        request,
        "payments/staff/fee_item_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )
