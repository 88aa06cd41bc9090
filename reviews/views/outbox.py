"""Messages of an organisation to the applicants of chosen applications (seed 004 §2.5)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviews import selectors, services
from reviews.forms import OrganisationMessageForm, QueueFilterForm
from titleportal.errors import DomainError

from .common import _query_without_page, reviewer_required

__all__ = ["outbox", "outbox_detail", "outbox_new"]

CANDIDATES_SHOWN = 200
OUTBOX_PAGE_SIZE = 20


@reviewer_required
def outbox(request):
    """消息推送: what the organisation sent, with how many received and read it."""
    page = Paginator(selectors.organisation_messages_for(request.role), OUTBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reviews/outbox/list.html", {"page": page})


@reviewer_required
def outbox_new(request):
    """Choose applications with the queue's filters (all states by default), write, send."""
    filter_data = request.GET.copy()
    filter_data.setdefault("status", "all")
    filter_form = QueueFilterForm(filter_data)
    candidates = selectors.queue_rows(
        selectors.filter_applications(request.role, filter_form.filters())
    )[:CANDIDATES_SHOWN]
    # Its own ids: the filter above has fields of the same names (kind).
    form = OrganisationMessageForm(request.POST or None, auto_id="message_%s")
    chosen = set()
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("applications") if v.isdigit()}
        if form.is_valid():
            try:
                sent = services.organisation_message_send(
                    actor=request.user,
                    role_context=request.role,
                    application_ids=sorted(chosen),
                    **form.cleaned_data,
                )
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, str(error.message))
            else:
                messages.success(
                    request,
                    _("The message was sent to %(n)s applicants.") % {"n": sent.recipients.count()},
                )
                return redirect("reviews:outbox_detail", pk=sent.pk)
    return render(
        request,
        "reviews/outbox/new.html",
        {
            "filter_form": filter_form,
            "form": form,
            "candidates": candidates,
            "chosen": chosen,
            "limit": CANDIDATES_SHOWN,
            "query": _query_without_page(request),
        },
    )


@reviewer_required
def outbox_detail(request, pk):
    message = selectors.get_organisation_message_for(request.role, pk)
    return render(
        request,
        "reviews/outbox/detail.html",
        {"message": message, "recipients": selectors.message_recipients(message)},
    )
