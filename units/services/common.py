"""Shared pieces of the organisation acts: the event row and the unit lock."""

from accounts.models import User
from units.models import (
    Department,
    OrganisationEvent,
    Unit,
)


def _event(
    action: str,
    *,
    actor: User | None = None,
    unit: Unit | None = None,
    department: Department | None = None,
    subject: User | None = None,
    detail: str = "",
) -> OrganisationEvent:
    return OrganisationEvent.objects.create(
        action=action,
        unit=unit,
        department=department,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        subject=subject,
        detail=detail[:255],
    )


def _locked(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().get(pk=unit.pk)
