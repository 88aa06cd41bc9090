"""Acts on organisations: unit registration and maintenance, staff, unit keys, affiliations.

Each act is one function with keyword-only arguments and the acting account, runs in one
transaction, locks the row it changes and writes an ``OrganisationEvent``. A refusal raises
``DomainError`` with the sentence the person reads.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from reference.models import Region
from titleportal.errors import DomainError
from titleportal.models import StashedUpload
from titleportal.notifications import notify
from titleportal.validators import mask_name

from .models import (
    Affiliation,
    Department,
    Membership,
    Office,
    OrganisationEvent,
    StaffInvitation,
    StaffLookup,
    Unit,
    UnitRename,
    new_unit_key,
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


# --- unit account ---------------------------------------------------------------------------


def register_unit(
    *,
    uscc: str,
    name: str,
    legal_representative: str,
    industry: str,
    region: Region,
    address: str,
    unit_type: str,
    department: Department | None,
    contact_name: str,
    contact_phone: str,
    password: str,
    licence: StashedUpload,
) -> Unit:
    """单位注册: the unit and its login (username = USCC), with the licence scan."""
    try:
        with transaction.atomic():
            account = User.objects.create_user(
                username=uscc, kind=User.Kind.UNIT, full_name=name, password=password
            )
            unit = Unit(
                uscc=uscc,
                name=name,
                legal_representative=legal_representative,
                industry=industry,
                region=region,
                address=address,
                unit_type=unit_type,
                department=department,
                contact_name=contact_name,
                contact_phone=contact_phone,
                account=account,
            )
            licence.claim(unit.licence_file, "licences")
            unit.save()
            _event(OrganisationEvent.Action.REGISTERED, actor=account, unit=unit)
    except IntegrityError:
        # Two registrations of the same code at once: the second one is told so.
        raise DomainError(
            _("This unified social credit code is already registered."), field="uscc", code="taken"
        ) from None
    return unit


def unit_update_info(
    *,
    actor: User,
    unit: Unit,
    name: str,
    legal_representative: str,
    industry: str,
    region: Region,
    address: str,
    unit_type: str,
    licence: StashedUpload | None = None,
) -> Unit:
    """单位信息: a change of name keeps a 更名记录 row; the unit login shows the new name."""
    with transaction.atomic():
        locked = _locked(unit)
        old_name = locked.name
        locked.name = name
        locked.legal_representative = legal_representative
        locked.industry = industry
        locked.region = region
        locked.address = address
        locked.unit_type = unit_type
        if licence is not None:
            licence.claim(locked.licence_file, "licences")
            _event(OrganisationEvent.Action.LICENCE_REPLACED, actor=actor, unit=locked)
        locked.save()
        if old_name != name:
            UnitRename.objects.create(
                unit=locked, old_name=old_name, new_name=name, renamed_by=actor
            )
            if locked.account_id:
                User.objects.filter(pk=locked.account_id).update(full_name=name)
            _event(
                OrganisationEvent.Action.RENAMED,
                actor=actor,
                unit=locked,
                detail=f"{old_name} → {name}",
            )
        _event(OrganisationEvent.Action.INFO_CHANGED, actor=actor, unit=locked)
    return locked


def unit_update_contacts(*, actor: User, unit: Unit, contact_name: str, contact_phone: str) -> Unit:
    with transaction.atomic():
        locked = _locked(unit)
        locked.contact_name = contact_name
        locked.contact_phone = contact_phone
        locked.save(update_fields=["contact_name", "contact_phone"])
        _event(OrganisationEvent.Action.CONTACTS_CHANGED, actor=actor, unit=locked)
    return locked


def unit_upload_seal(*, actor: User, unit: Unit, seal: StashedUpload) -> Unit:
    """The seal image (transparent PNG) printed on the unit's generated documents."""
    with transaction.atomic():
        locked = _locked(unit)
        old = locked.seal_image.name
        seal.claim(locked.seal_image, "seals/units")
        locked.save(update_fields=["seal_image"])
        _event(OrganisationEvent.Action.SEAL_UPLOADED, actor=actor, unit=locked)
    if old:
        transaction.on_commit(lambda: locked.seal_image.storage.delete(old))
    return locked


def unit_key_regenerate(*, actor: User, unit: Unit) -> str:
    """单位秘钥: a new key; the old one stops working at once (joined people stay joined)."""
    with transaction.atomic():
        locked = _locked(unit)
        locked.key = new_unit_key()
        locked.save(update_fields=["key"])
        _event(OrganisationEvent.Action.KEY_REGENERATED, actor=actor, unit=locked)
    return locked.key


def unit_password_reset_via_staff(
    *, request: HttpRequest, unit: Unit, staff: Membership, password: str
) -> None:
    """单位密码找回: a new password, after an enabled staff member confirmed by SMS code."""
    if staff.unit_id != unit.pk or not staff.is_enabled or unit.account_id is None:
        raise DomainError(
            _("This staff member cannot recover the unit's password."), code="forbidden"
        )
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=unit.account_id)
        account.set_password(password)
        account.save(update_fields=["password"])
        _event(
            OrganisationEvent.Action.PASSWORD_RECOVERED,
            actor=staff.person,
            unit=unit,
            subject=staff.person,
        )
    from allauth.account.adapter import get_adapter

    get_adapter(request).clear_login_failures(request, account)


# --- staff ----------------------------------------------------------------------------------


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


# --- competent department staff (added by the office above) -------------------------------


def department_staff_add(
    *, actor: User, office: Office, department: Department, person: User
) -> Membership:
    from .selectors import departments_under

    if not departments_under(office).filter(pk=department.pk).exists():
        raise DomainError(_("This competent department is not under your office."), code="scope")
    _check_person(person)
    with transaction.atomic():
        Department.objects.select_for_update().get(pk=department.pk)
        if Membership.objects.filter(department=department, person=person).exists():
            raise DomainError(
                _("%(name)s is already on the staff list.") % {"name": person.full_name},
                field="id_number",
                code="duplicate",
            )
        membership = Membership.objects.create(
            person=person, role=Role.DEPARTMENT_STAFF, department=department, is_enabled=True
        )
        _event(
            OrganisationEvent.Action.STAFF_ADDED,
            actor=actor,
            department=department,
            subject=person,
        )
    return membership


def _locked_department_membership(office: Office, membership: Membership) -> Membership:
    from .selectors import departments_under

    return Membership.objects.select_for_update().get(
        pk=membership.pk, department__in=departments_under(office)
    )


def department_staff_set_enabled(
    *, actor: User, office: Office, membership: Membership, enabled: bool
) -> Membership:
    with transaction.atomic():
        locked = _locked_department_membership(office, membership)
        if locked.is_enabled != enabled:
            locked.is_enabled = enabled
            locked.save(update_fields=["is_enabled"])
            action = (
                OrganisationEvent.Action.STAFF_ENABLED
                if enabled
                else OrganisationEvent.Action.STAFF_DISABLED
            )
            _event(action, actor=actor, department=locked.department, subject=locked.person)
    return locked


def department_staff_remove(*, actor: User, office: Office, membership: Membership) -> None:
    with transaction.atomic():
        locked = _locked_department_membership(office, membership)
        person, department = locked.person, locked.department
        locked.delete()
        _event(
            OrganisationEvent.Action.STAFF_REMOVED,
            actor=actor,
            department=department,
            subject=person,
        )


# --- affiliation ----------------------------------------------------------------------------


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
