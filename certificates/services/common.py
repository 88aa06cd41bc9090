"""Certificate services: shared checks."""

import logging

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, RoleContext
from titleportal.errors import DomainError
from titleportal.notifications import notify

logger = logging.getLogger(__name__)


def _require_office(role_context: RoleContext | None, office_id: int) -> None:
    if (
        role_context is None
        or role_context.role != Role.OFFICE_STAFF
        or role_context.organisation is None
        or role_context.organisation.pk != office_id
    ):
        raise DomainError(_("This belongs to another title-reform office."), code="scope")


def _notify_office_staff(
    office_id: int,
    *,
    event: str,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
    person_id: int | None = None,
) -> int:
    """In-site message to the enabled staff of an office (not to ``person_id``, the person the
    matter is about, should they be one of them)."""
    from accounts.models import User

    staff = User.objects.filter(
        memberships__role=Role.OFFICE_STAFF,
        memberships__is_enabled=True,
        memberships__office_id=office_id,
    ).distinct()
    if person_id is not None:
        staff = staff.exclude(pk=person_id)
    sent = 0
    for person in staff:
        notify(person, event=event, title=title, body=body, link=link)
        sent += 1
    return sent
