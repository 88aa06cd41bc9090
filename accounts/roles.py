"""Roles a signed-in account can act as, and the context a request acts in.

One person may hold several roles (an applicant who is also unit staff). After sign-in the
person chooses one role and organisation; ``RoleContextMiddleware`` resolves it once per
request into ``request.role`` and views declare which roles they accept.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    UNIT_ACCOUNT = "unit_account", _("Unit account")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    DEPARTMENT_STAFF = "department_staff", _("Competent department staff")
    OFFICE_STAFF = "office_staff", _("Title-reform office staff")
    COMMITTEE_STAFF = "committee_staff", _("Review committee staff")
    ADMIN = "admin", _("Administrator")


# Roles that review applications; they may be required to use a second factor.
REVIEWER_ROLES = frozenset(
    {Role.UNIT_STAFF, Role.DEPARTMENT_STAFF, Role.OFFICE_STAFF, Role.COMMITTEE_STAFF}
)

# The one statement of which organisation each staff role acts for: the field of a membership
# (and of a review step) naming it, which is also the organisation type of the review level
# where that role acts. Everything else derives from it: ``applications.workflow.LEVELS``, the
# membership check constraint, the action log's organisation, the operation guides.
# tests/test_architecture.py refuses the mapping written anywhere else.
ORGANISATION_FIELD = {
    Role.UNIT_STAFF: "unit",
    Role.DEPARTMENT_STAFF: "department",
    Role.OFFICE_STAFF: "office",
    Role.COMMITTEE_STAFF: "committee",
}
ORGANISATION_FIELDS = tuple(ORGANISATION_FIELD.values())
# The staff role acting for an organisation type (``"unit"`` → unit staff).
STAFF_ROLE = {organisation: role for role, organisation in ORGANISATION_FIELD.items()}
# The organisation type a role acts for: the staff roles', and the unit account's unit.
ACTS_FOR = {**ORGANISATION_FIELD, Role.UNIT_ACCOUNT: "unit"}


@dataclass(frozen=True)
class RoleContext:
    """Who the request acts as: a role and, for organisation roles, the organisation."""

    role: Role
    organisation: Any = None
    # The person acting; not part of the identity of the context (``key``, equality).
    user: Any = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        org_id = self.organisation.pk if self.organisation is not None else ""
        return f"{self.role}:{org_id}"

    @property
    def label(self) -> str:
        if self.organisation is None:
            return str(self.role.label)
        return f"{self.role.label} · {self.organisation}"

    @property
    def organisation_type(self) -> str:
        """The type of organisation the context acts for (``unit``, …), or ""."""
        return ACTS_FOR.get(self.role, "") if self.organisation is not None else ""

    @property
    def is_reviewer(self) -> bool:
        return self.role in REVIEWER_ROLES

    # For templates, which get booleans rather than compare role names.
    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_unit_account(self) -> bool:
        return self.role == Role.UNIT_ACCOUNT

    @property
    def is_unit_staff(self) -> bool:
        return self.role == Role.UNIT_STAFF

    @property
    def is_office_staff(self) -> bool:
        return self.role == Role.OFFICE_STAFF

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __getattr__(self, name):
        # context.unit / .department / .office / .committee: the organisation when it is one.
        if name in ORGANISATION_FIELDS:
            return self.organisation if ACTS_FOR.get(self.role) == name else None
        raise AttributeError(name)
