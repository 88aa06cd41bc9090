"""意见建议: the sender's pages and the office's answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import Role
from reviews import selectors, services
from reviews.forms import FeedbackAnswerForm, FeedbackForm
from titleportal.errors import DomainError

__all__ = [
    "feedback_detail",
    "feedback_mine",
    "feedback_new",
    "office_feedback",
    "office_feedback_detail",
]

FEEDBACK_PAGE_SIZE = 20


def _form_error(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@login_required
def feedback_mine(request):
    """The person's own feedback with the offices' answers."""
    page = Paginator(selectors.feedback_of_sender(request.user), FEEDBACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reviews/feedback/mine.html", {"page": page})


@login_required
def feedback_new(request):
    applications = selectors.applications_to_write_about(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("application", "").isdigit():
        initial["application"] = request.GET["application"]
    form = FeedbackForm(request.POST or None, applications=applications, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feedback = services.feedback_send(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Your feedback was sent to %(office)s.") % {"office": feedback.office}
            )
            return redirect("reviews:feedback_detail", pk=feedback.pk)
    return render(request, "reviews/feedback/new.html", {"form": form})


@login_required
def feedback_detail(request, pk):
    feedback = selectors.get_feedback_of_sender(request.user, pk)
    return render(request, "reviews/feedback/detail.html", {"feedback": feedback})


@role_required(Role.OFFICE_STAFF)
def office_feedback(request):
    """What was addressed to the office, unanswered first."""
    page = Paginator(selectors.feedback_for_office(request.role), FEEDBACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reviews/feedback/office_list.html", {"page": page})


@role_required(Role.OFFICE_STAFF)
def office_feedback_detail(request, pk):
    feedback = selectors.get_feedback_for(request.role, pk)
    form = FeedbackAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(
                actor=request.user,
                role_context=request.role,
                feedback_id=feedback.pk,
                answer=form.cleaned_data["answer"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The answer was sent."))
            return redirect("reviews:office_feedback_detail", pk=feedback.pk)
    return render(
        request,
        "reviews/feedback/office_detail.html",
        {
            "feedback": feedback,
            "form": form,
            "may_answer": not feedback.is_answered and feedback.sender_id != request.user.pk,
        },
    )
