"""The applicant's pages: read-only pages, progress, print copy, void notices."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import actionlog, workflow
from applications.fees import fee_timeline
from applications.models import Kind, Status
from applications.selectors import (
    latest_return,
    running_void_notices,
    sections_for,
)
from titleportal.pdf import pdf_response, render_pdf

from .common import _get

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


# --- Read-only pages --------------------------------------------------------------------------


@role_required(*ANY_ROLE)
def detail(request, pk):
    application = _get(request, pk)
    return render(
        request,
        "applications/applicant/detail.html",
        {
            "application": application,
            "sections": sections_for(application),
            "return_entry": latest_return(application)
            if application.status == Status.RETURNED
            else None,
            "refusal_entry": application.actions.filter(action="application.rejected")
            .order_by("-created_at", "-pk")
            .first()
            if application.status == Status.REJECTED
            else None,
        },
    )


@role_required(*ANY_ROLE)
def progress(request, pk):
    application = _get(request, pk)
    rows = [
        {
            "time": entry.created_at,
            "step": entry.step,
            "opinion": actionlog.opinion_text(entry),
            "organisation": entry.organisation_name,
            "state": _("Done"),
        }
        for entry in application.actions.all()
    ]
    # The fee's notice, payment and refunds between the acts, in time order.
    rows = sorted(
        [*rows, *fee_timeline(request.role, request.user, application)],
        key=lambda row: row["time"],
    )
    waiting_at = workflow.current(application)
    holder = waiting_at.organisation if waiting_at is not None else None
    if holder is not None:
        # The step now waiting, as in the seeds' timeline (单位审核 … 受理中).
        rows.append(
            {
                "time": application.last_submitted_at or application.updated_at,
                "step": workflow.review_words(waiting_at),
                "opinion": "",
                "organisation": str(holder),
                "state": _("In progress"),
            }
        )
    if application.status in (Status.DRAFT, Status.RETURNED):
        holder = application.applicant
    return render(
        request,
        "applications/applicant/progress.html",
        {
            "application": application,
            "rows": rows,
            "holder": holder,
            "steps": workflow.applicant_progress(application),
        },
    )


def _print_context(application):
    return {
        "application": application,
        "sections": sections_for(application),
        "printed_at": timezone.localtime(),
    }


@role_required(*ANY_ROLE)
def print_view(request, pk):
    application = _get(request, pk)
    context = _print_context(application)
    if application.certificate_photo():
        section = "application_info" if application.kind == Kind.REPLACEMENT else "basic_info"
        context["photo_src"] = reverse("applications:file", args=[application.pk, section, "photo"])
    return render(request, "applications/print/application.html", context)


@role_required(*ANY_ROLE)
def pdf(request, pk):
    application = _get(request, pk)
    content = render_pdf(
        "applications/print/application_pdf.html",
        _print_context(application),
        request=request,
        files={"photo": application.certificate_photo()},
    )
    return pdf_response(content, f"application-{application.pk}.pdf", inline=False)


def void_notices(request):
    """Public page: void notices of lost certificates in their publicity period."""
    query = request.GET.get("q", "").strip()[:50]
    notices = running_void_notices()
    if query:
        from django.db.models import Q

        notices = notices.filter(
            Q(holder_name__icontains=query) | Q(certificate_number__icontains=query)
        )
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/public/void_notices.html",
        {"page": page, "query": query, "query_string": urlencode({"q": query}) if query else ""},
    )
