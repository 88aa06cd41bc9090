"""The staff of a unit: look-up, invitations, enabling and removal."""

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from titleportal.errors import DomainError
from titleportal.notifications import notify
from titleportal.validators import mask_name
from units.models import (
    Membership,
    OrganisationEvent,
    StaffInvitation,
    StaffLookup,
    Unit,
)

from .common import _event, _locked


def _check_person(person: User | None) -> User:
    if person is None or person.kind != User.Kind.PERSON or not person.is_active:
        raise DomainError(
            _(
                "No registered person has this ID number. Staff must register a personal "
                "account first."
            ),
            field="id_number",
            code="unknown_person",
        )
    return person


def staff_lookup(*, actor: User, unit: Unit, id_number: str, address: str = "") -> User | None:
    """查询: the registered person behind ``id_number`` (None if nobody), to invite them.

    Every look-up is logged (``StaffLookup``: who, which number, when, from where); a unit
    has STAFF_LOOKUP_DAILY_LIMIT of them a day, counted from the log.
    """
    with transaction.atomic():
        _locked(unit)  # one look-up of a unit at a time: the count below stays exact
        day_start = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(), datetime.time.min)
        )
        limit = settings.STAFF_LOOKUP_DAILY_LIMIT
        if StaffLookup.objects.filter(unit=unit, created_at__gte=day_start).count() >= limit:
            raise DomainError(
                _(
                    "Your unit has used today's %(limit)s look-ups by ID number; "
                    "look up more people tomorrow."
                )
                % {"limit": limit},
                field="id_number",
                code="limited",
            )
        person = User.objects.filter(
            id_number=id_number, kind=User.Kind.PERSON, is_active=True
        ).first()
        StaffLookup.objects.create(
            unit=unit,
            actor=actor,
            actor_name=actor.get_full_name() if actor else "",
            id_number=id_number,
            found=person,
            address=address[:45],
        )
    return person


def staff_invite_by_id_number(
    *, actor: User, unit: Unit, id_number: str, address: str = ""
) -> StaffInvitation:
    """新增工作人员 from the staff page: invite the person behind ``id_number``.

    A number the unit looked up today is not counted again; any other is a look-up of its
    own (logged and counted), so that inviting tells no more than looking up.
    """
    looked_up = (
        StaffLookup.objects.filter(
            unit=unit,
            id_number=id_number,
            found__isnull=False,
            found__is_active=True,
            created_at__gte=timezone.now() - datetime.timedelta(days=1),
        )
        .select_related("found")
        .first()
    )
    person = looked_up.found if looked_up is not None else None
    if person is None:
        person = staff_lookup(actor=actor, unit=unit, id_number=id_number, address=address)
    return staff_invite(actor=actor, unit=unit, person=person)


def staff_invite(*, actor: User | None, unit: Unit, person: User | None) -> StaffInvitation:
    """A registered person is invited to be the unit's staff; they answer in 我的消息.

    ``actor`` is the unit account (None: an administrator's set-up, e.g. demo data).
    """
    person = _check_person(person)
    try:
        with transaction.atomic():
            _locked(unit)
            if Membership.objects.filter(unit=unit, person=person).exists():
                raise DomainError(
                    _("%(name)s is already on the staff list.")
                    % {"name": mask_name(person.full_name)},
                    field="id_number",
                    code="duplicate",
                )
            if StaffInvitation.objects.filter(
                unit=unit, person=person, status=StaffInvitation.Status.PENDING
            ).exists():
                raise DomainError(
                    _("%(name)s has been invited already; the invitation waits for an answer.")
                    % {"name": mask_name(person.full_name)},
                    field="id_number",
                    code="invited",
                )
            invitation = StaffInvitation.objects.create(unit=unit, person=person, invited_by=actor)
            _event(OrganisationEvent.Action.STAFF_INVITED, actor=actor, unit=unit, subject=person)
            notify(
                person,
                event="units.staff_invited",
                title=_("%(unit)s invites you to be its staff member") % {"unit": unit.name},
                body=_(
                    "As staff you review the unit's applications. Open the invitation to "
                    "accept or decline it."
                ),
                link=reverse("units:invitation", args=[invitation.pk]),
            )
    except IntegrityError:
        # The same invitation sent twice at the same moment (a double click).
        raise DomainError(
            _("%(name)s has been invited already; the invitation waits for an answer.")
            % {"name": mask_name(person.full_name)},
            field="id_number",
            code="invited",
        ) from None
    return invitation


def _locked_invitation(invitation: StaffInvitation, **scope: Any) -> StaffInvitation:
    locked = (
        StaffInvitation.objects.select_for_update()
        .select_related("unit", "person")
        .get(pk=invitation.pk, **scope)
    )
    if not locked.is_pending:
        raise DomainError(
            _("This invitation has already been answered or withdrawn."), code="answered"
        )
    return locked


def staff_invitation_accept(*, actor: User, invitation: StaffInvitation) -> Membership:
    """接受邀请: the invited person becomes an enabled staff member of the unit."""
    with transaction.atomic():
        locked = _locked_invitation(invitation, person=actor)
        membership, created = Membership.objects.get_or_create(
            person=actor,
            unit=locked.unit,
            defaults={"role": Role.UNIT_STAFF, "is_enabled": True},
        )
        if not created and not membership.is_enabled:
            membership.is_enabled = True
            membership.save(update_fields=["is_enabled"])
        locked.status = StaffInvitation.Status.ACCEPTED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _event(
            OrganisationEvent.Action.INVITATION_ACCEPTED,
            actor=actor,
            unit=locked.unit,
            subject=actor,
        )
    return membership


def staff_invitation_decline(*, actor: User, invitation: StaffInvitation) -> StaffInvitation:
    """谢绝邀请: nothing changes for the person; the unit sees the invitation declined."""
    with transaction.atomic():
        locked = _locked_invitation(invitation, person=actor)
        locked.status = StaffInvitation.Status.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _event(
            OrganisationEvent.Action.INVITATION_DECLINED,
            actor=actor,
            unit=locked.unit,
            subject=actor,
        )
    return locked


def staff_invitation_withdraw(
    *, actor: User, unit: Unit, invitation: StaffInvitation
) -> StaffInvitation:
    """撤回邀请: the unit takes back an invitation that has no answer yet."""
    with transaction.atomic():
        locked = _locked_invitation(invitation, unit=unit)
        locked.status = StaffInvitation.Status.WITHDRAWN
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        _event(
            OrganisationEvent.Action.INVITATION_WITHDRAWN,
            actor=actor,
            unit=unit,
            subject=locked.person,
        )
    return locked


def staff_set_enabled(
    *, actor: User, unit: Unit, membership: Membership, enabled: bool
) -> Membership:
    """启用 / 停用: only enabled staff can sign in as the unit's staff and act."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk, unit=unit)
        if locked.is_enabled != enabled:
            locked.is_enabled = enabled
            locked.save(update_fields=["is_enabled"])
            action = (
                OrganisationEvent.Action.STAFF_ENABLED
                if enabled
                else OrganisationEvent.Action.STAFF_DISABLED
            )
            _event(action, actor=actor, unit=unit, subject=locked.person)
    return locked


def staff_remove(*, actor: User, unit: Unit, membership: Membership) -> None:
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk, unit=unit)
        person = locked.person
        locked.delete()
        _event(OrganisationEvent.Action.STAFF_REMOVED, actor=actor, unit=unit, subject=person)
