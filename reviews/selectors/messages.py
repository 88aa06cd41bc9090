"""Messages that organisations sent to applicants."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from applications import workflow
from reviews.models import OrganisationMessage

# --- messages from organisations --------------------------------------------------------------


def organisation_messages_for(role_context):
    """The messages the acting organisation sent, newest first; nothing for other roles."""
    level = workflow.level_of_role(role_context.role) if role_context is not None else None
    if level is None or role_context.organisation is None:
        return OrganisationMessage.objects.none()
    return (
        OrganisationMessage.objects.filter(
            organisation_type=level.type, organisation_id=role_context.organisation.pk
        )
        .select_related("sender")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            read_count=Count(
                "recipients",
                filter=Q(recipients__inbox_message__read_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def get_organisation_message_for(role_context, pk) -> OrganisationMessage:
    return get_object_or_404(organisation_messages_for(role_context), pk=pk)


def message_recipients(message: OrganisationMessage):
    """Each recipient with the in-site message (read or not) and its SMS deliveries."""
    return message.recipients.select_related(
        "person", "application", "inbox_message"
    ).prefetch_related("inbox_message__deliveries")
