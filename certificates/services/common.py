"""Certificate services: shared checks."""

import logging

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, RoleContext
from titleportal.errors import DomainError

logger = logging.getLogger(__name__)


def _require_office(role_context: RoleContext | None, office_id: int) -> None:
    if (
        role_context is None
        or role_context.role != Role.OFFICE_STAFF
        or role_context.organisation is None
        or role_context.organisation.pk != office_id
    ):
        raise DomainError(_("This belongs to another title-reform office."), code="scope")
