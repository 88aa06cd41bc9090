"""Who works for which unit (the applicant's affiliation)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from titleportal.errors import DomainError
from titleportal.notifications import notify
from units.models import (
    Affiliation,
    Membership,
    OrganisationEvent,
    Unit,
    new_unit_key,
)

from .common import _event, _locked


def affiliation_join(*, person: User, unit: Unit) -> Affiliation:
    """单位调整: the person's current unit becomes ``unit`` (their applications use it)."""
    if person.kind != User.Kind.PERSON:
        raise DomainError(_("Only personal accounts belong to a unit."), code="not_a_person")
    with transaction.atomic():
        affiliation, created = Affiliation.objects.select_for_update().get_or_create(
            person=person, defaults={"unit": unit}
        )
        if not created and affiliation.unit_id == unit.pk:
            return affiliation
        if not created:
            affiliation.unit = unit
            affiliation.joined_at = timezone.now()
            affiliation.save(update_fields=["unit", "joined_at"])
        _event(OrganisationEvent.Action.PERSON_JOINED, actor=person, unit=unit, subject=person)
    return affiliation


def affiliation_remove(
    *, actor: User, unit: Unit, affiliation: Affiliation, reason: str, new_key: bool = False
) -> Affiliation:
    """单位用户 → 移出: a person who does not belong to the unit leaves it.

    Their next first submission is refused until they join a unit again; applications the
    unit already has stay with it (it returns or rejects them as usual). A staff membership
    of the unit is disabled too. With ``new_key`` the key they joined with stops working.
    The person is told in 我的消息 and by SMS.
    """
    with transaction.atomic():
        locked_unit = _locked(unit)
        locked = (
            Affiliation.objects.select_for_update()
            .select_related("person")
            .filter(pk=affiliation.pk, unit=locked_unit)
            .first()
        )
        if locked is None:
            raise DomainError(_("This person is no longer in the unit."), code="gone")
        person = locked.person
        locked.delete()
        _event(
            OrganisationEvent.Action.PERSON_REMOVED,
            actor=actor,
            unit=locked_unit,
            subject=person,
            detail=reason,
        )
        for membership in Membership.objects.select_for_update().filter(
            unit=locked_unit, person=person, is_enabled=True
        ):
            membership.is_enabled = False
            membership.save(update_fields=["is_enabled"])
            _event(
                OrganisationEvent.Action.STAFF_DISABLED,
                actor=actor,
                unit=locked_unit,
                subject=person,
            )
        if new_key:
            locked_unit.key = new_unit_key()
            locked_unit.save(update_fields=["key"])
            _event(OrganisationEvent.Action.KEY_REGENERATED, actor=actor, unit=locked_unit)
        notify(
            person,
            event="units.person_removed",
            title=_("%(unit)s removed you from its people") % {"unit": locked_unit.name},
            body=_(
                "Reason: %(reason)s. Your applications can no longer be submitted to this "
                "unit. If you do work there, ask the unit for its current unit key and join "
                "again under 单位调整."
            )
            % {"reason": reason},
            link=reverse("units:join"),
            sms=True,
        )
    return locked
