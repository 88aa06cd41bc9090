"""The reviewers' pages: 待办事项 and batch acts."""

from pathlib import PurePath

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from applications.models import Kind
from applications.policies import own_case_refusal
from payments.models import OrderStatus
from payments.selectors import with_fee_status
from reviews import selectors, services
from reviews.exports import export_queue
from reviews.forms import (
    BatchForm,
    QueueFilterForm,
)
from reviews.models import ExportLog
from titleportal.errors import DomainError
from titleportal.files import serve_private_file
from titleportal.paging import window

# --- queue ------------------------------------------------------------------------------------
from .common import BATCH_RESULTS_KEY, QUEUE_PAGE_SIZE, _query_without_page, reviewer_required


@reviewer_required
def queue(request):
    """待办事项: the applications waiting for this organisation, or any filter of them."""
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    rows = selectors.queue_rows(selectors.filter_applications(request.role, filters))
    # Committees and offices charge the review fee: their queue shows who has paid.
    shows_fees = request.role.role in (Role.COMMITTEE_STAFF, Role.OFFICE_STAFF)
    if shows_fees:
        rows = with_fee_status(rows, request.role)
    page = window(
        rows,
        request.GET,
        per_page=QUEUE_PAGE_SIZE,
        keyset=selectors.keyset_of(filters),
    )
    for application in page.object_list:
        # The reviewer's own application is listed, read-only with the reason.
        application.own_refusal = own_case_refusal(request.user, application.applicant_id)
        if shows_fees and application.fee_status:
            application.fee_label = OrderStatus(application.fee_status).label
    counts = selectors.pending_counts_by_kind(request.role)
    kind_tabs = []
    for value, label in [("", _("All kinds")), *Kind.choices]:
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("after", None)
        query["kind"] = value
        query.setdefault("status", "pending")
        kind_tabs.append(
            {
                "value": value,
                "label": label,
                "count": sum(counts.values()) if not value else counts.get(value, 0),
                "query": query.urlencode(),
                "active": (filters.get("kind") or "") == value,
            }
        )
    return render(
        request,
        "reviews/reviewer/queue.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "kind_tabs": kind_tabs,
            "batch_form": BatchForm(),
            "batch_results": request.session.pop(BATCH_RESULTS_KEY, None),
            "level": selectors.level_of(request.role),
            "shows_fees": shows_fees,
        },
    )


@reviewer_required
def export(request):
    """The current queue filter as .xlsx (logged)."""
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    serialisable = form.serialisable() if form.is_bound else {}
    answer = export_queue(
        actor=request.user,
        role_context=request.role,
        filters=filters,
        serialisable_filters=serialisable,
    )
    if isinstance(answer, ExportLog):  # too big for the request: written by the task worker
        messages.info(
            request,
            _(
                "The export is being written. You can leave this page: the file will arrive "
                "in My messages when it is ready."
            ),
        )
        return redirect("reviews:export_job", pk=answer.pk)
    return answer


@reviewer_required
def export_job(request, pk):
    """The progress of a queued export, and its file once it is ready (its owner only)."""
    job = get_object_or_404(selectors.exports_of(request.user, request.available_roles), pk=pk)
    return render(
        request,
        "reviews/reviewer/export_job.html",
        {
            "job": job,
            "waiting": job.status in (ExportLog.Status.QUEUED, ExportLog.Status.RUNNING),
        },
    )


@reviewer_required
def export_download(request, pk):
    job = get_object_or_404(
        selectors.exports_of(request.user, request.available_roles).filter(
            status=ExportLog.Status.DONE
        ),
        pk=pk,
    )
    return serve_private_file(job.file, download_name=PurePath(job.file.name).name)


@reviewer_required
@require_POST
def batch(request):
    """Forward or return the selected rows; each row succeeds or fails on its own."""
    form = BatchForm(request.POST)
    back = reverse("reviews:queue")
    query = request.POST.get("query", "")
    if query and "\n" not in query:
        back += "?" + query
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
            break
        return redirect(back)
    rows = form.cleaned_data["rows"]
    found = {
        app.pk: app
        for app in selectors.reviewable_applications(request.role)
        .filter(pk__in=[pk for pk, _version in rows])
        .select_related("applicant")
    }
    results = []
    for pk, version in rows:
        app = found.get(pk)
        if app is None:
            results.append({"pk": pk, "name": "", "ok": False, "message": _("Not found.")})
            continue
        try:
            if form.cleaned_data["action"] == "forward":
                services.application_forward(
                    actor=request.user, role_context=request.role, application=app, version=version
                )
                message = _("Forwarded.")
            else:
                services.application_return(
                    actor=request.user,
                    role_context=request.role,
                    application=app,
                    version=version,
                    reason=form.cleaned_data["reason"],
                )
                message = _("Returned to the applicant.")
        except DomainError as error:
            results.append(
                {"pk": pk, "name": app.applicant.full_name, "ok": False, "message": str(error)}
            )
        else:
            results.append(
                {"pk": pk, "name": app.applicant.full_name, "ok": True, "message": message}
            )
    request.session[BATCH_RESULTS_KEY] = results
    return redirect(back)
