from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from applications.policies import own_case_refusal
from reference.models import Region
from titleportal.client_ip import client_ip
from titleportal.errors import DomainError
from titleportal.files import serve_private_file
from titleportal.models import FullIdView
from titleportal.services import full_id_views_record

from . import selectors, services, signing
from .forms import (
    CertificatePdfForm,
    DeliveryForm,
    HistoricalCertificateForm,
    HistoricalDecisionForm,
    ShipmentForm,
    VerifyForm,
)
from .models import CertificateLookup, Delivery, HistoricalCertificate
from .pdf import certificate_pdf

PAGE_SIZE = 50


def _pdf_response(request, certificate, *, inline: bool):
    if not (certificate.is_issued and certificate.is_valid):
        raise Http404
    return serve_private_file(
        certificate_pdf(certificate, request=request),
        download_name=f"{certificate.number}.pdf",
        inline=inline,
    )


# --- the holder (我的证书) ------------------------------------------------------------------


@role_required(Role.APPLICANT)
@require_GET
def mine(request):
    certificates = list(selectors.certificates_for_holder(request.user))
    return render(
        request,
        "certificates/applicant/mine.html",
        {
            "certificates": certificates,
            "total_lookups": sum(c.lookup_count for c in certificates),
            "applications": selectors.applications_awaiting_delivery(request.user),
            "historical": selectors.historical_certificates_of(request.user).exclude(
                status=HistoricalCertificate.Status.VERIFIED
            ),
        },
    )


@role_required(Role.APPLICANT)
@require_GET
def download(request, pk):
    # The holder keeps a copy: a download. The office prints: shown in the browser.
    certificate = selectors.get_certificate_for_holder(request.user, pk)
    return _pdf_response(request, certificate, inline=False)


@role_required(Role.APPLICANT)
@require_GET
def lookups(request, pk):
    certificate = selectors.get_certificate_for_holder(request.user, pk)
    page = Paginator(selectors.lookups_of(certificate), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/applicant/lookups.html",
        {"certificate": certificate, "page": page},
    )


@role_required(Role.APPLICANT)
def delivery(request, application_pk):
    application = selectors.get_application_for_delivery(request.user, application_pk)
    current = getattr(application, "delivery", None)
    mailing_enabled = application.office.mailing_enabled
    if current is not None and not current.is_open:
        return render(
            request,
            "certificates/applicant/delivery.html",
            {"application": application, "delivery": current, "form": None},
        )
    form = DeliveryForm(
        request.POST or None,
        initial=DeliveryForm.initial_for(current),
        mailing_enabled=mailing_enabled,
    )
    if not mailing_enabled and current is None:
        form.initial["method"] = Delivery.Method.PICKUP
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.delivery_choose(
                actor=request.user,
                role_context=request.role,
                application_id=application.pk,
                method=data["method"],
                recipient=data["recipient"],
                region=form.region,
                address=data["address"],
                phone=data["phone"],
                postcode=data["postcode"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("certificates:mine")
    return render(
        request,
        "certificates/applicant/delivery.html",
        {
            "application": application,
            "delivery": current,
            "form": form,
            "mailing_enabled": mailing_enabled,
        },
    )


@role_required(Role.APPLICANT)
@require_GET
def region_options(request):
    """The options of the next select of the 省市区 cascade (htmx)."""
    level = request.GET.get("level", "city")
    parent = request.GET.get("province" if level == "city" else "city", "")
    regions = Region.objects.filter(parent_id=parent).order_by("code") if parent else []
    return render(
        request,
        "certificates/applicant/_region_options.html",
        {"regions": regions, "reset_county": level == "city"},
    )


def _historical_form_view(request, record=None):
    initial = {}
    if record is not None:
        initial = {
            "number": record.number,
            "qualification": record.qualification_id,
            "specialty_name": record.specialty_name,
            "issuing_body": record.issuing_body,
            "granting_office": record.granting_office_id,
            "approved_on": record.approved_on,
            "certificate_scan": record.certificate_scan.name,
            "supporting_document": record.supporting_document.name,
        }
    form = HistoricalCertificateForm(
        request.POST or None, request.FILES or None, initial=initial, request=request
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.historical_certificate_submit(
                actor=request.user,
                role_context=request.role,
                number=data["number"],
                qualification=data["qualification"],
                specialty_name=data["specialty_name"],
                issuing_body=data["issuing_body"],
                granting_office=data["granting_office"],
                approved_on=data["approved_on"],
                certificate_scan=data["certificate_scan"],
                supporting_document=data["supporting_document"],
                historical_id=record.pk if record else None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The certificate has been sent for verification."))
            return redirect("certificates:mine")
    return render(
        request, "certificates/applicant/historical_form.html", {"form": form, "record": record}
    )


@role_required(Role.APPLICANT)
def historical_new(request):
    return _historical_form_view(request)


@role_required(Role.APPLICANT)
def historical_edit(request, pk):
    record = selectors.get_historical_for_person(request.user, pk)
    if not record.is_editable:
        raise Http404
    return _historical_form_view(request, record)


HISTORICAL_FILES = {"scan": "certificate_scan", "document": "supporting_document"}


def _historical_file(record, which):
    if which not in HISTORICAL_FILES:
        raise Http404
    field_file = getattr(record, HISTORICAL_FILES[which])
    return serve_private_file(field_file, download_name=f"{record.number}-{which}")


@role_required(Role.APPLICANT)
@require_GET
def historical_file(request, pk, which):
    return _historical_file(selectors.get_historical_for_person(request.user, pk), which)


# --- the office -----------------------------------------------------------------------------

OFFICE_TABS = ("pending", "issued", "delivery")


@role_required(Role.OFFICE_STAFF)
@require_GET
def office_list(request):
    tab = request.GET.get("tab", "pending")
    if tab not in OFFICE_TABS:
        tab = "pending"
    context = {"tab": tab, "search": request.GET.get("q", "").strip()}
    if tab == "pending":
        rows = selectors.applications_awaiting_certification(request.role)
    elif tab == "issued":
        rows = selectors.certificates_issued_by(request.role, search=context["search"])
    else:
        rows = selectors.deliveries_of(request.role)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if tab != "issued":
        # The staff member's own application is listed, read-only with the reason.
        for row in page.object_list:
            application = row if tab == "pending" else row.application
            row.own_refusal = own_case_refusal(request.user, application.applicant_id)
    context["page"] = page
    return render(request, "certificates/office/list.html", context)


def _int_list(values) -> list[int]:
    try:
        return [int(value) for value in values]
    except (TypeError, ValueError):
        raise Http404 from None


@role_required(Role.OFFICE_STAFF)
@require_POST
def certify(request):
    ids = _int_list(
        [request.POST["only"]] if request.POST.get("only") else request.POST.getlist("application")
    )
    if not ids:
        messages.warning(request, _("Choose the applications to certify."))
        return redirect("certificates:office_list")
    # Every id must be an application of this office; anything else is not there for it.
    known = set(
        selectors.applications_of_office(request.role)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    if known != set(ids):
        raise Http404
    outcomes = services.certificate_issue_batch(
        actor=request.user, role_context=request.role, application_ids=ids
    )
    issued = [outcome for outcome in outcomes if outcome.ok]
    if issued:
        messages.success(
            request,
            _("%(count)d certificate(s) issued: %(numbers)s.")
            % {
                "count": len(issued),
                "numbers": "、".join(outcome.certificate.number for outcome in issued),
            },
        )
    for outcome in outcomes:
        if not outcome.ok:
            messages.error(
                request,
                _("Application #%(id)s: %(error)s")
                % {"id": outcome.application_id, "error": outcome.error},
            )
    return redirect("certificates:office_list")


@role_required(Role.OFFICE_STAFF)
@require_GET
def office_pdf(request, pk):
    certificate = selectors.get_certificate_for_office(request.role, pk)
    response = _pdf_response(request, certificate, inline=True)
    # The certificate shows the holder's full ID number.
    full_id_views_record(
        request=request, subjects=[certificate.holder], place=FullIdView.Place.CERTIFICATE_PDF
    )
    return response


@role_required(Role.OFFICE_STAFF)
@require_POST
def ship(request, pk):
    delivery = selectors.get_delivery_for_office(request.role, pk)
    form = ShipmentForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(form.errors["tracking_number"][0], code="invalid")
        services.delivery_ship(
            actor=request.user,
            role_context=request.role,
            delivery_id=delivery.pk,
            tracking_number=form.cleaned_data["tracking_number"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The tracking number has been recorded."))
    return redirect(f"{reverse('certificates:office_list')}?tab=delivery")


@role_required(Role.OFFICE_STAFF)
@require_POST
def collected(request, pk):
    delivery = selectors.get_delivery_for_office(request.role, pk)
    try:
        services.delivery_collect(
            actor=request.user, role_context=request.role, delivery_id=delivery.pk
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Recorded as collected."))
    return redirect(f"{reverse('certificates:office_list')}?tab=delivery")


@role_required(Role.OFFICE_STAFF)
@require_GET
def verification_queue(request):
    done = request.GET.get("tab") == "done"
    records = selectors.verification_queue(request.role, pending=not done)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for record in page.object_list:
        record.own_refusal = own_case_refusal(request.user, record.person_id)
    return render(
        request, "certificates/office/verification_queue.html", {"page": page, "done": done}
    )


@role_required(Role.OFFICE_STAFF)
def verification_detail(request, pk):
    record = selectors.get_historical_for_office(request.role, pk)
    own_refusal = own_case_refusal(request.user, record.person_id)
    if request.method == "POST" and own_refusal:
        messages.error(request, own_refusal)
        return redirect("certificates:verification_detail", pk=record.pk)
    form = HistoricalDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        arguments = {"actor": request.user, "role_context": request.role, "historical_id": pk}
        try:
            if decision == "verify":
                services.historical_certificate_verify(**arguments)
            elif decision == "return":
                services.historical_certificate_return(
                    **arguments, reason=form.cleaned_data["reason"]
                )
            else:
                services.historical_certificate_reject(
                    **arguments, reason=form.cleaned_data["reason"]
                )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The result has been saved."))
            return redirect("certificates:verification_queue")
    return render(
        request,
        "certificates/office/verification_detail.html",
        {"record": record, "form": form, "own_refusal": own_refusal},
    )


@role_required(Role.OFFICE_STAFF)
@require_GET
def verification_file(request, pk, which):
    return _historical_file(selectors.get_historical_for_office(request.role, pk), which)


# --- the public (证书查询) ------------------------------------------------------------------

DEFAULT_LOOKUP_LIMIT = (30, 600)  # lookups per address per window (seconds)


def _rate_limited(request) -> bool:
    """A fixed window per address in the shared cache; True once the address used its share."""
    limit, window = getattr(settings, "CERTIFICATE_LOOKUP_LIMIT", DEFAULT_LOOKUP_LIMIT)
    key = f"certificates:lookup:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit


def _signed_offices(certificates) -> set[int]:
    """The offices among the results whose certificate PDFs carry their signature."""
    offices = {certificate.office for certificate in certificates if certificate.is_issued}
    return {office.pk for office in offices if signing.is_signed_by_office(office)}


def _too_many(request, template, context):
    context["error"] = _("Too many lookups from your address. Please try again in a few minutes.")
    return render(request, template, context, status=429)


@never_cache
def verify(request):
    form = VerifyForm(request.POST or None)
    context = {"form": form, "results": None, "pdf_form": CertificatePdfForm()}
    if request.method == "POST":
        if _rate_limited(request):
            return _too_many(request, "certificates/public/verify.html", context)
        if form.is_valid():
            results = selectors.find_certificates(
                number=form.cleaned_data["number"], holder_name=form.cleaned_data["holder_name"]
            )
            for certificate in results:
                services.certificate_lookup_record(
                    certificate=certificate, via=CertificateLookup.Via.FORM
                )
            context["results"] = results
            context["signed_offices"] = _signed_offices(results)
            # A fresh captcha for the next lookup.
            context["form"] = VerifyForm(initial=form.cleaned_data)
    return render(request, "certificates/public/verify.html", context)


@never_cache
@require_GET
def verify_code(request, code):
    context = {"form": VerifyForm(), "results": None, "pdf_form": CertificatePdfForm()}
    if _rate_limited(request):
        return _too_many(request, "certificates/public/verify.html", context)
    certificate = selectors.find_certificate_by_code(code)
    if certificate is None:
        raise Http404
    services.certificate_lookup_record(certificate=certificate, via=CertificateLookup.Via.QR)
    context["results"] = [certificate]
    context["signed_offices"] = _signed_offices([certificate])
    return render(request, "certificates/public/verify.html", context)


@never_cache
def verify_pdf(request):
    """核验电子证书: is the presented PDF's signature valid, which certificate is it and is it
    still valid (the same check as the API's ``certificates/verify-pdf``)."""
    context = {"form": VerifyForm(), "results": None, "pdf_form": CertificatePdfForm()}
    template = "certificates/public/verify.html"
    if request.method != "POST":
        return render(request, template, context)
    if _rate_limited(request):
        return _too_many(request, template, context)
    form = CertificatePdfForm(request.POST, request.FILES)
    if form.is_valid():
        context["pdf_check"] = form.result
    else:
        context["pdf_form"] = form
    return render(request, template, context)
