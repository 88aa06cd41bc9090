"""The reviewers' pages: operation records and downloads."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import Role
from reviews import reports, selectors, services
from reviews.forms import (
    CertificatesReportForm,
    RecordsFilterForm,
    ResultsReportForm,
    UnitPublicityForm,
    YearForm,
)
from titleportal.errors import DomainError
from titleportal.paging import window
from titleportal.pdf import pdf_response, render_pdf

# --- operation records and downloads ----------------------------------------------------------
from .common import RECORDS_PAGE_SIZE, _query_without_page, reviewer_required, unit_staff_required


@reviewer_required
def records(request):
    """操作记录 of the organisation."""
    form = RecordsFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = window(
        selectors.operation_records(request.role, filters),
        request.GET,
        per_page=RECORDS_PAGE_SIZE,
        keyset=selectors.RECORDS_ORDER,
    )
    return render(
        request,
        "reviews/reviewer/records.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


def _downloads_page(request, **bound):
    year = timezone.localdate().year
    unit_staff = request.role.role == Role.UNIT_STAFF
    context = {"year_form": YearForm(initial={"year": year}), "unit_staff": unit_staff}
    if unit_staff:
        context["publicity_form"] = UnitPublicityForm(initial={"year": year, "days": 5})
        context["publicities"] = selectors.unit_publicities_for(request.role)[:20]
    available = reports.reports_for(request.role)
    if "summary" in available:
        context["summary_form"] = bound.get("summary") or YearForm(
            initial={"year": year}, prefix="summary"
        )
    if "results" in available:
        context["results_form"] = bound.get("results") or ResultsReportForm(
            sessions=reports.sessions_with_results(request.role), prefix="results"
        )
    if "certificates" in available:
        context["certificates_form"] = bound.get("certificates") or CertificatesReportForm(
            initial={"start": datetime.date(year, 1, 1), "end": timezone.localdate()},
            prefix="certificates",
        )
    return render(request, "reviews/reviewer/downloads.html", context)


@reviewer_required
def downloads(request):
    """表报下载: the unit's publicity table and online publicity, exports, fixed reports."""
    return _downloads_page(request)


@reviewer_required
@require_GET
def report(request, report):
    """A fixed report (.xlsx) of the office, committee or department; a bad choice is
    answered on the downloads page next to the field."""
    name = report
    if name not in reports.reports_for(request.role):
        raise Http404
    if name == "summary":
        form = YearForm(request.GET, prefix="summary")
    elif name == "results":
        form = ResultsReportForm(
            request.GET, sessions=reports.sessions_with_results(request.role), prefix="results"
        )
    else:
        form = CertificatesReportForm(request.GET, prefix="certificates")
    if not form.is_valid():
        return _downloads_page(request, **{name: form})
    data = form.cleaned_data
    if name == "summary":
        built = reports.year_summary(request.role, data["year"])
        filters = {"report": name, "year": data["year"]}
    elif name == "results":
        built = reports.session_results(request.role, data["session"])
        filters = {"report": name, "session": data["session"].pk}
    else:
        built = reports.certificates_issued(request.role, data["start"], data["end"])
        filters = {
            "report": name,
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
        }
    return reports.report_response(
        actor=request.user, role_context=request.role, report=built, filters=filters
    )


@unit_staff_required
def publicity_table(request):
    """公示表 PDF: the unit's applicants of a year, for posting inside the unit."""
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    unit = request.role.organisation
    content = render_pdf(
        "reviews/pdf/publicity_table.html",
        {
            "unit": unit,
            "year": year,
            "entries": services.unit_publicity_entries(unit, year),
            "printed_on": timezone.localdate(),
        },
        request=request,
        files={"seal": unit.seal_image},
        language=settings.LANGUAGE_CODE,
    )
    return pdf_response(content, f"publicity-{year}.pdf", inline=True)


@unit_staff_required
@require_POST
def unit_publicity_start(request):
    form = UnitPublicityForm(request.POST)
    if form.is_valid():
        try:
            publicity = services.unit_publicity_start(
                actor=request.user,
                role_context=request.role,
                year=form.cleaned_data["year"],
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The publicity has started."))
            return redirect("reviews:unit_publicity", pk=publicity.pk)
    else:
        messages.error(request, _("Please check the year and the number of days."))
    return redirect("reviews:downloads")


@login_required
def unit_publicity(request, pk):
    """The online unit publicity, for the unit's staff and the people working there."""
    publicity = selectors.get_unit_publicity_for(request.user, request.role, pk)
    return render(
        request,
        "reviews/public/unit_publicity.html",
        {"publicity": publicity, "today": timezone.localdate()},
    )
