"""Acts on a unit account: registration, its details, seal, unit key and password."""

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from reference.models import Region
from titleportal.errors import DomainError
from titleportal.models import StashedUpload
from units.models import (
    Department,
    Membership,
    OrganisationEvent,
    Unit,
    UnitRename,
    new_unit_key,
)

from .common import _event, _locked


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
