"""Messages from organisations to the applicants of chosen applications (seed 004 §2.5)."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications import workflow
from reviews.models import OrganisationMessage, OrganisationMessageRecipient
from titleportal.errors import DomainError
from titleportal.notifications import notify
from units.models import Membership

ORGANISATION_MESSAGE = "organisation.message"
MAX_RECIPIENTS = 500


def _check_staff(actor, role_context):
    level = workflow.level_of_role(role_context.role) if role_context is not None else None
    organisation = role_context.organisation if role_context is not None else None
    if (
        level is None
        or organisation is None
        or not Membership.objects.filter(
            person=actor, role=level.role, is_enabled=True, **{level.field: organisation}
        ).exists()
    ):
        raise DomainError(
            _("Only enabled staff of the organisation may do this."), code="forbidden"
        )
    return level, organisation


def organisation_message_send(
    *,
    actor,
    role_context,
    application_ids: list[int],
    kind: str,
    title: str,
    body: str,
    by_sms: bool = False,
) -> OrganisationMessage:
    """One in-site message (and SMS when asked) to each applicant of the chosen applications,
    which must all be visible to the organisation; the sender is not sent their own."""
    level, organisation = _check_staff(actor, role_context)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise DomainError(_("Enter a subject."), field="title", code="required")
    if not body:
        raise DomainError(_("Enter the content."), field="body", code="required")
    if kind not in OrganisationMessage.Kind.values:
        raise DomainError(_("Choose the type of message."), field="kind", code="invalid")
    wanted = set(application_ids)
    if not wanted:
        raise DomainError(
            _("Choose the applications whose applicants are to receive it."),
            field="applications",
            code="required",
        )
    if len(wanted) > MAX_RECIPIENTS:
        raise DomainError(
            _("Send to at most %(n)s applications at once.") % {"n": MAX_RECIPIENTS},
            field="applications",
            code="too_many",
        )
    applications = list(
        workflow.visible_to(role_context)
        .filter(pk__in=wanted)
        .select_related("applicant")
        .order_by("pk")
    )
    if len(applications) != len(wanted):
        raise DomainError(_("Some of the chosen applications were not found."), code="not_found")
    with transaction.atomic():
        message = OrganisationMessage.objects.create(
            sender=actor,
            organisation_type=level.type,
            organisation_id=organisation.pk,
            organisation_name=organisation.name[:100],
            kind=kind,
            title=title,
            body=body,
            by_sms=by_sms,
        )
        heading = f"【{organisation.name}】{title}"
        seen = set()
        for application in applications:
            person = application.applicant
            if person.pk in seen or person.pk == actor.pk:
                continue
            seen.add(person.pk)
            inbox = notify(
                person, event=ORGANISATION_MESSAGE, title=heading[:200], body=body, sms=by_sms
            )
            OrganisationMessageRecipient.objects.create(
                message=message, person=person, application=application, inbox_message=inbox
            )
    return message
