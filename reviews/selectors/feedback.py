"""意见建议: applicants' messages to the office."""

from __future__ import annotations

from django.db.models import F
from django.shortcuts import get_object_or_404

from accounts.roles import Role
from applications import workflow
from reviews.models import Feedback

# --- 意见建议 -----------------------------------------------------------------------------------


def feedback_of_sender(user):
    return Feedback.objects.filter(sender=user).select_related("office", "application")


def get_feedback_of_sender(user, pk) -> Feedback:
    return get_object_or_404(feedback_of_sender(user), pk=pk)


def feedback_for_office(role_context):
    """What was addressed to the acting office, unanswered first; nothing for other roles."""
    if role_context is None or role_context.role != Role.OFFICE_STAFF:
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(office=role_context.organisation)
        .select_related("sender", "application", "answered_by")
        .order_by(F("answered_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def get_feedback_for(role_context, pk) -> Feedback:
    return get_object_or_404(feedback_for_office(role_context), pk=pk)


def applications_to_write_about(user):
    """The person's own applications, each naming the office that answers about it."""
    return (
        workflow.own_applications(user)
        .select_related("qualification", "office")
        .order_by("-year", "-pk")
    )
