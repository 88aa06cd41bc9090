"""Certificate services: mailing and collection of the paper certificate."""

import re
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RoleContext
from applications import events, transitions
from applications.models import ActionLog, Application, Status
from applications.policies import check_not_own
from certificates.models import (
    Delivery,
)
from reference.models import Region
from titleportal.errors import DomainError
from titleportal.notifications import notify
from titleportal.validators import normalize_contact_phone

# --- delivery of the paper certificate ------------------------------------------------------
from .common import _notify_office_staff, _require_office

POSTCODE_RE = re.compile(r"^\d{6}$")
TRACKING_RE = re.compile(r"^[A-Z0-9]{10,30}$")


def _check_choice(
    application: Application,
    *,
    method: str,
    recipient: str,
    region: Region | None,
    address: str,
    phone: str,
    postcode: str,
) -> dict:
    """The values of the delivery as chosen, or a refusal naming the field to correct."""
    if method not in Delivery.Method.values:
        raise DomainError(
            _("Choose how to receive the certificate."), field="method", code="method"
        )
    if method != Delivery.Method.MAIL:
        return {
            "method": method,
            "recipient": "",
            "region": None,
            "address": "",
            "phone": "",
            "postcode": "",
        }
    if not application.office.mailing_enabled:
        raise DomainError(
            _("This office does not send certificates by mail."), field="method", code="method"
        )
    phone = normalize_contact_phone(phone)
    checks = [
        ("recipient", recipient.strip(), _("Enter the recipient.")),
        ("region", region, _("Choose the province, city and district.")),
        ("address", address.strip(), _("Enter the detailed address.")),
        ("phone", phone, _("Enter a contact phone.")),
    ]
    for field, value, message in checks:
        if not value:
            raise DomainError(message, field=field, code="required")
    if region is not None and region.children.exists():
        raise DomainError(_("Choose the district as well."), field="region", code="required")
    if not re.fullmatch(r"[\d-]{7,20}", phone):
        raise DomainError(_("Enter a valid phone number."), field="phone", code="invalid")
    if postcode and not POSTCODE_RE.match(postcode):
        raise DomainError(_("A postcode has 6 digits."), field="postcode", code="invalid")
    return {
        "method": method,
        "recipient": recipient.strip(),
        "region": region,
        "address": address.strip(),
        "phone": phone,
        "postcode": postcode,
    }


def delivery_choose(
    *,
    actor: User,
    role_context: RoleContext,
    application_id: int,
    method: str,
    recipient: str = "",
    region: Region | None = None,
    address: str = "",
    phone: str = "",
    postcode: str = "",
) -> Delivery:
    """The holder chooses 现场领取 or 邮寄证书 (with the address) for an approved application;
    the choice is on the timeline and the office's staff are told."""
    chosen: dict = {}

    def check(application: Application) -> None:
        if application.applicant_id != actor.pk:
            raise DomainError(_("The application does not exist."), code="missing")
        if application.status not in (Status.APPROVED, Status.CERTIFIED):
            raise DomainError(
                _("The way of receiving can be chosen once the application is approved."),
                code="status",
            )
        delivery = Delivery.objects.filter(application=application).first()
        if delivery is not None and not delivery.is_open:
            raise DomainError(
                _("The certificate has already been sent or collected."), code="closed"
            )

    def change(application: Application) -> dict:
        values = _check_choice(
            application,
            method=method,
            recipient=recipient,
            region=region,
            address=address,
            phone=phone,
            postcode=postcode,
        )
        delivery, _created = Delivery.objects.update_or_create(
            application=application, defaults=values
        )
        chosen["delivery"] = delivery
        # The postage order (payments) follows the choice, in this transaction.
        events.emit("delivery.chosen", application=application, actor=actor, mail=delivery.is_mail)
        return {"method": delivery.method}

    def tell_office(application: Application, entry: ActionLog | None) -> None:
        delivery = chosen["delivery"]
        _notify_office_staff(
            application.office_id,
            event="delivery.method_chosen",
            title=(
                _("Certificate to send by mail: %(name)s")
                if delivery.is_mail
                else _("Certificate to be collected in person: %(name)s")
            )
            % {"name": application.applicant.full_name},
            body=application.qualification.name,
            link=reverse("certificates:office_list"),
            person_id=application.applicant_id,
        )

    transitions.run(
        model=Application,
        target=application_id,
        actor=actor,
        role_context=role_context,
        action="delivery.method_chosen",
        check=check,
        change=change,
        notify=tell_office,
    )
    return chosen["delivery"]


def _delivery_check(
    actor: User, role_context: RoleContext, method_wanted: bool
) -> Callable[[Delivery], None]:
    """The acting office handles an open delivery of an issued certificate of someone else;
    ``method_wanted`` is True for mail, False for collection in person."""

    def check(delivery: Delivery) -> None:
        _require_office(role_context, delivery.application.office_id)
        check_not_own(actor=actor, person_id=delivery.application.applicant_id)
        if not delivery.is_open:
            raise DomainError(
                _("The certificate has already been sent or collected."), code="closed"
            )
        if delivery.application.status != Status.CERTIFIED:
            raise DomainError(_("The certificate has not been issued yet."), code="status")
        if method_wanted and not delivery.is_mail:
            raise DomainError(_("This certificate is collected in person."), code="method")
        if not method_wanted and delivery.is_mail:
            raise DomainError(_("This certificate is sent by mail."), code="method")

    return check


def _tell_holder(
    delivery: Delivery, *, event: str, title: str | Promise, body: str = "", sms: bool = False
) -> None:
    notify(
        delivery.application.applicant,
        event=event,
        title=title,
        body=body,
        link=reverse("certificates:mine"),
        sms=sms,
    )


def delivery_ship(
    *, actor: User, role_context: RoleContext, delivery_id: int, tracking_number: str
) -> Delivery:
    """The office records the EMS tracking number of a mailed certificate; the holder is told
    (message and SMS)."""
    tracking_number = re.sub(r"\s+", "", tracking_number or "").upper()
    if not TRACKING_RE.match(tracking_number):
        raise DomainError(
            _("Enter the EMS tracking number (10 to 30 letters and digits)."),
            field="tracking_number",
            code="invalid",
        )

    def change(delivery: Delivery) -> dict:
        delivery.tracking_number = tracking_number
        delivery.status = Delivery.Status.SHIPPED
        delivery.shipped_at = timezone.now()
        return {"tracking_number": tracking_number}

    return transitions.run(
        model=Delivery,
        target=delivery_id,
        actor=actor,
        role_context=role_context,
        action="delivery.shipped",
        check=_delivery_check(actor, role_context, method_wanted=True),
        change=change,
        application=lambda delivery: delivery.application,
        notify=lambda delivery, entry: _tell_holder(
            delivery,
            event="delivery.shipped",
            title=_("Your certificate has been sent by EMS"),
            body=_("Tracking number: %(number)s") % {"number": tracking_number},
            sms=True,
        ),
    )


def delivery_collect(*, actor: User, role_context: RoleContext, delivery_id: int) -> Delivery:
    """The office records that the holder collected the certificate in person."""

    def change(delivery: Delivery) -> None:
        delivery.status = Delivery.Status.COLLECTED
        delivery.collected_at = timezone.now()

    return transitions.run(
        model=Delivery,
        target=delivery_id,
        actor=actor,
        role_context=role_context,
        action="delivery.collected",
        check=_delivery_check(actor, role_context, method_wanted=False),
        change=change,
        application=lambda delivery: delivery.application,
        notify=lambda delivery, entry: _tell_holder(
            delivery,
            event="delivery.collected",
            title=_("You have collected your certificate"),
        ),
    )
