"""The kinds of review level: the role acting at each, the words for it, and lookups."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import ORGANISATION_FIELD, STAFF_ROLE, Role
from applications.models import ApplicationStep, OrganisationType, Status


@dataclass(frozen=True)
class Level:
    """A kind of review level: who acts there and how the portal speaks of it."""

    type: str  # OrganisationType, which is also the organisation field (accounts.roles)
    state: str  # the application's status while it waits there
    title: Promise  # 单位 (progress bar, route labels)
    whom: Promise  # "the unit" (return targets, sentences)
    review: Promise  # 单位审核 (the applicant's progress)

    @property
    def role(self) -> Role:
        """The staff role that acts there (``accounts.roles.STAFF_ROLE``, the one mapping)."""
        return STAFF_ROLE[self.type]

    @property
    def field(self) -> str:
        """The field of an application step (and of a membership) naming the organisation."""
        return ORGANISATION_FIELD[self.role]


LEVELS: dict[str, Level] = {
    OrganisationType.UNIT: Level(
        OrganisationType.UNIT,
        Status.UNIT_REVIEW,
        _("Unit"),
        _("the unit"),
        _("Review by the unit"),
    ),
    OrganisationType.DEPARTMENT: Level(
        OrganisationType.DEPARTMENT,
        Status.DEPT_REVIEW,
        _("Competent department"),
        _("the competent department"),
        _("Review by the competent department"),
    ),
    OrganisationType.OFFICE: Level(
        OrganisationType.OFFICE,
        Status.OFFICE_REVIEW,
        _("Title-reform office"),
        _("the office"),
        _("Review by the office"),
    ),
    OrganisationType.COMMITTEE: Level(
        OrganisationType.COMMITTEE,
        Status.COMMITTEE_REVIEW,
        _("Review committee"),
        _("the review committee"),
        _("Review by the committee"),
    ),
}
BY_STATE = {level.state: level for level in LEVELS.values()}
BY_ROLE = {level.role: level for level in LEVELS.values()}
DECIDED_STATES = (Status.APPROVED, Status.NOT_PASSED, Status.CERTIFIED)


def level_of_role(role: str | None) -> Level | None:
    return BY_ROLE.get(Role(role)) if role in Role.values else None


def level_of_state(state: str | None) -> Level | None:
    return BY_STATE.get(state or "")


def level_of_step(step: ApplicationStep) -> Level:
    return LEVELS[step.organisation_type]
