"""Who is told: the applicant, and the staff of the organisation an application reached."""

from __future__ import annotations

from django.urls import reverse

from applications.models import Application, ApplicationStep

from .levels import LEVELS


def notify_applicant(
    application: Application, *, event: str, title: str, body: str = "", urgent: bool = False
) -> None:
    """A message to the applicant linking to their application (SMS and email when urgent)."""
    from titleportal.notifications import notify

    notify(
        application.applicant,
        event=event,
        title=title,
        body=body,
        link=reverse("applications:detail", kwargs={"pk": application.pk}),
        sms=urgent,
        email=urgent,
    )


def notify_staff(
    application: Application, step: ApplicationStep, *, event: str, title: str, body: str = ""
) -> int:
    """In-site message to the enabled staff of the organisation at ``step``, linking to the
    reviewer's page (their 待办事项 badge counts it too). The applicant is left out when they
    are one of those staff: they cannot review it."""
    from accounts.models import User
    from titleportal.notifications import notify

    level = LEVELS[step.organisation_type]
    staff = (
        User.objects.filter(
            memberships__role=level.role,
            memberships__is_enabled=True,
            **{f"memberships__{level.field}_id": step.organisation_id},
        )
        .exclude(pk=application.applicant_id)
        .distinct()
    )
    link = reverse("reviews:detail", kwargs={"pk": application.pk})
    sent = 0
    for person in staff:
        notify(person, event=event, title=title, body=body, link=link)
        sent += 1
    return sent
