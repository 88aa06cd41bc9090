"""Who acts on an application now, and which acts the acting role has (booleans for pages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from accounts.roles import RoleContext
from applications.models import Application, Kind, OrganisationType, Status
from titleportal.errors import DomainError

from .levels import LEVELS, Level
from .routes import current, next_step

if TYPE_CHECKING:
    from accounts.models import User


def acting_level(application: Application) -> Level | None:
    step = current(application)
    return LEVELS[step.organisation_type] if step is not None else None


def acts_here(application: Application, role_context: RoleContext | None) -> bool:
    """The role context is the organisation the application waits at now."""
    step = current(application)
    if step is None or role_context is None or role_context.organisation is None:
        return False
    level = LEVELS[step.organisation_type]
    return role_context.role == level.role and step.organisation_id == role_context.organisation.pk


def check_actor(
    *, actor: User | None, role_context: RoleContext | None, application: Application
) -> None:
    """The actor acts at the level the application waits at, for its organisation, as an
    enabled staff member of it, and is not the applicant."""
    from applications.policies import check_not_own
    from units.models import Membership

    if not acts_here(application, role_context):
        raise DomainError(
            gettext("This application is not waiting for your review; it is now: %(status)s.")
            % {"status": application.get_status_display()},
            code="stale",
        )
    level = acting_level(application)
    assert role_context is not None and level is not None  # acts_here said so
    organisation = role_context.organisation
    enabled = Membership.objects.filter(
        person=actor, role=level.role, is_enabled=True, **{level.field: organisation}
    ).exists()
    if not enabled:
        raise DomainError(
            gettext("You are not an enabled staff member of %(organisation)s.")
            % {"organisation": organisation},
            code="forbidden",
        )
    check_not_own(actor=actor, person_id=application.applicant_id)


def may_decide(application: Application) -> bool:
    """The current level approves: the committee for evaluations, a deciding level otherwise."""
    step = current(application)
    if step is None or not step.may_decide:
        return False
    is_committee = step.organisation_type == OrganisationType.COMMITTEE
    return is_committee == (application.kind == Kind.EVALUATION)


@dataclass(frozen=True)
class Acts:
    """What the acting role may do on an application now, for pages and templates."""

    opinions: bool = False  # 单位意见 (unit level)
    forward: bool = False
    approve: bool = False
    fail: bool = False
    accept: bool = False  # 受理 (committee)
    return_: bool = False
    reject: bool = False
    refusal: str = ""  # why nothing may be done, when it is the person's own application

    @property
    def any(self) -> bool:
        return any((self.opinions, self.forward, self.approve, self.fail, self.accept))

    @property
    def names(self) -> list[str]:
        names = [
            name
            for name in ("opinions", "forward", "accept", "approve", "fail")
            if getattr(self, name)
        ]
        return [*names, *(["return", "reject"] if self.return_ else [])]


def acts(
    application: Application, role_context: RoleContext | None, actor: User | None = None
) -> Acts:
    if not acts_here(application, role_context):
        return Acts()
    from applications.policies import own_case_refusal

    refusal = own_case_refusal(actor, application.applicant_id)
    if refusal:
        return Acts(refusal=refusal)
    step = current(application)
    assert step is not None  # acts_here said so
    committee = step.organisation_type == OrganisationType.COMMITTEE
    accepted = committee and hasattr(application, "acceptance")
    decides = may_decide(application)
    return Acts(
        opinions=step.organisation_type == OrganisationType.UNIT,
        forward=next_step(application) is not None and not committee,
        approve=decides and (accepted or not committee),
        fail=committee and accepted,
        accept=committee and not accepted,
        return_=True,
        reject=True,
    )


def may_withdraw(application: Application) -> bool:
    """撤回: only while it waits at the unit and the unit has not acted (seed 002)."""
    return application.status == Status.UNIT_REVIEW and application.unit_acted_at is None
