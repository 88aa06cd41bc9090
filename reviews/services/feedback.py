"""意见建议: feedback to an office about an application or the portal, and the office's answer."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications.models import Application
from reviews.models import Feedback
from titleportal.errors import DomainError
from titleportal.notifications import notify
from units.models import Membership, Office

FEEDBACK_SENT = "feedback.sent"
FEEDBACK_ANSWERED = "feedback.answered"


def _office_staff(office, *, exclude=None):
    from accounts.models import User

    staff = User.objects.filter(
        memberships__role=Role.OFFICE_STAFF,
        memberships__office=office,
        memberships__is_enabled=True,
        is_active=True,
    ).distinct()
    return staff.exclude(pk=exclude.pk) if exclude is not None else staff


def feedback_send(
    *,
    actor,
    kind: str,
    title: str,
    body: str,
    application: Application | None = None,
    office: Office | None = None,
) -> Feedback:
    """The sender writes about one of their own applications (the office of that application
    answers) or about the portal (to the office they choose); that office's staff are told."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise DomainError(_("Enter a subject."), field="title", code="required")
    if not body:
        raise DomainError(_("Enter the content."), field="body", code="required")
    if kind not in Feedback.Kind.values:
        raise DomainError(_("Choose suggestion or complaint."), field="kind", code="invalid")
    if application is not None:
        if application.applicant_id != actor.pk:
            raise DomainError(
                _("You can only write about your own applications."),
                field="application",
                code="forbidden",
            )
        office = application.office
    if office is None or not office.is_active:
        raise DomainError(
            _("Choose the title-reform office your feedback is for."),
            field="office",
            code="required",
        )
    with transaction.atomic():
        feedback = Feedback.objects.create(
            sender=actor,
            kind=kind,
            office=office,
            application=application,
            title=title,
            body=body,
        )
        link = reverse("reviews:office_feedback_detail", kwargs={"pk": feedback.pk})
        for person in _office_staff(office, exclude=actor):
            notify(
                person,
                event=FEEDBACK_SENT,
                title=_("New feedback: %(title)s") % {"title": title},
                body=body[:200],
                link=link,
            )
    return feedback


def feedback_answer(*, actor, role_context, feedback_id: int, answer: str) -> Feedback:
    """The office answers; the sender finds the answer in 我的消息 (投诉反馈)."""
    answer = (answer or "").strip()
    office = role_context.organisation if role_context is not None else None
    if (
        office is None
        or role_context.role != Role.OFFICE_STAFF
        or not Membership.objects.filter(
            person=actor, role=Role.OFFICE_STAFF, office=office, is_enabled=True
        ).exists()
    ):
        raise DomainError(_("Only enabled staff of the office may do this."), code="forbidden")
    if not answer:
        raise DomainError(_("Enter the answer."), field="answer", code="required")
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update().filter(pk=feedback_id, office=office).first()
        )
        if feedback is None:
            raise DomainError(_("No such feedback."), code="not_found")
        if feedback.sender_id == actor.pk:
            raise DomainError(_("You cannot answer your own feedback."), code="own")
        if feedback.answered_at is not None:
            raise DomainError(_("This feedback has already been answered."), code="answered")
        feedback.answer = answer
        feedback.answered_at = timezone.now()
        feedback.answered_by = actor
        feedback.save(update_fields=["answer", "answered_at", "answered_by"])
        notify(
            feedback.sender,
            event=FEEDBACK_ANSWERED,
            title=_("Answer to your feedback: %(title)s") % {"title": feedback.title},
            body=answer,
            link=reverse("reviews:feedback_detail", kwargs={"pk": feedback.pk}),
        )
    return feedback
