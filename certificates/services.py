"""Writes of the certificates app: one function per act.

Each act runs in one transaction: lock the row, check the guard, change the state, write the
record, and queue what concerns the person for after the commit.
"""

import datetime
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from applications import transitions
from applications.models import Application, Kind, Status
from applications.policies import check_not_own
from titleportal.errors import DomainError
from titleportal.notifications import notify
from titleportal.validators import normalize_mobile
from units.models import Office

from .models import (
    Certificate,
    CertificateCounter,
    CertificateLookup,
    Delivery,
    HistoricalCertificate,
)
from .selectors import normalize_number

logger = logging.getLogger(__name__)


def _require_office(role_context, office_id: int) -> None:
    if (
        role_context is None
        or role_context.role != Role.OFFICE_STAFF
        or role_context.organisation is None
        or role_context.organisation.pk != office_id
    ):
        raise DomainError(_("This belongs to another title-reform office."), code="scope")


# --- numbering ------------------------------------------------------------------------------


def format_number(*, office_code: str, year: int, level_rank: int, sequence: int) -> str:
    """GXLD-2026-3-000017: office code, year, level code (its rank), sequence."""
    return f"{office_code.upper()}-{year}-{level_rank}-{sequence:06d}"


def next_certificate_number(*, office, year: int, level) -> str:
    """The next number of the office-year-level sequence. Call inside the issuing transaction.

    The counter row is created if missing (a concurrent creation is ignored), then locked:
    concurrent issues wait for each other, and a rollback returns the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_certificate_number must run inside the issuing transaction")
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(office=office, year=year, level=level)], ignore_conflicts=True
    )
    counter = CertificateCounter.objects.select_for_update().get(
        office=office, year=year, level=level
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_number(
        office_code=office.code, year=year, level_rank=level.rank, sequence=counter.last_number
    )


# --- issuing --------------------------------------------------------------------------------


def notify_certificate_issued(certificate: Certificate) -> None:
    """Tell the holder that their certificate was issued: 我的消息 now, SMS and email after
    the commit (a failing gateway never undoes the issuance)."""
    try:
        link = reverse("certificates:mine")
    except NoReverseMatch:
        link = ""
    notify(
        certificate.holder,
        event="application.certified",
        title=_("Your certificate %(number)s has been issued") % {"number": certificate.number},
        body=_("%(qualification)s. You can download it under My certificates.")
        % {"qualification": certificate.qualification_label},
        link=link,
        sms=True,
        email=True,
    )


def _find_original(application: Application) -> Certificate | None:
    number = normalize_number(application.original_certificate_number())
    if not number:
        return None
    return (
        Certificate.objects.select_for_update()
        .filter(
            number=number,
            holder_id_number=application.applicant.id_number,
            status=Certificate.Status.VALID,
        )
        .order_by("-approved_on", "-pk")
        .first()
    )


def certificate_issue(*, actor, role_context, application_id: int) -> Certificate:
    """Issue the certificate of an approved application (approved → certified)."""
    issued: dict = {}

    def check(application: Application) -> None:
        _require_office(role_context, application.office_id)
        check_not_own(actor=actor, person_id=application.applicant_id)
        if application.status == Status.CERTIFIED:
            raise DomainError(_("The certificate has already been issued."), code="certified")
        if application.status != Status.APPROVED:
            raise DomainError(_("Only approved applications receive a certificate."), code="status")
        ends_on = application.results_publicity_ends_on
        if application.kind == Kind.EVALUATION and not (ends_on and ends_on < timezone.localdate()):
            raise DomainError(
                _("The publicity of the review results has not ended yet."), code="publicity"
            )

    def change(application: Application) -> dict:
        today = timezone.localdate()
        original = _find_original(application) if application.kind == Kind.REPLACEMENT else None
        application.certify()
        office = application.office
        if original is not None:
            # A replacement re-issues the title: it keeps the original grant date.
            approved_on = original.approved_on
        elif application.decided_at:
            approved_on = timezone.localdate(application.decided_at)
        else:
            approved_on = today
        evaluation = application.kind == Kind.EVALUATION
        certificate = Certificate.objects.create(
            number=next_certificate_number(office=office, year=today.year, level=application.level),
            origin=Certificate.Origin.ISSUED,
            application=application,
            holder=application.applicant,
            holder_name=application.applicant.full_name,
            holder_id_number=application.applicant.id_number or "",
            series=application.series,
            level=application.level,
            qualification=application.qualification,
            specialty_name=application.specialty_name,
            office=office,
            issuing_body=office.name,
            committee=application.committee if evaluation else None,
            committee_name=application.committee.name
            if evaluation and application.committee
            else "",
            approved_on=approved_on,
            replaces=original,
            replaces_number=(
                normalize_number(application.original_certificate_number())
                if application.kind == Kind.REPLACEMENT
                else ""
            ),
        )
        if original is not None:
            original.status = Certificate.Status.VOID
            original.voided_on = today
            original.void_reason = Certificate.VoidReason.REPLACED
            original.save(update_fields=["status", "voided_on", "void_reason"])
        issued["certificate"] = certificate
        return {
            "certificate_id": certificate.pk,
            "certificate_number": certificate.number,
            "replaces": original.number if original else "",
        }

    transitions.run(
        model=Application,
        target=application_id,
        actor=actor,
        role_context=role_context,
        action="application.certified",
        check=check,
        change=change,
        notify=lambda application, entry: notify_certificate_issued(issued["certificate"]),
    )
    return issued["certificate"]


@dataclass(frozen=True)
class CertifyOutcome:
    application_id: int
    certificate: Certificate | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.certificate is not None


def certificate_issue_batch(*, actor, role_context, application_ids) -> list[CertifyOutcome]:
    """Certify several applications; each succeeds or fails on its own."""
    outcomes = []
    for application_id in dict.fromkeys(application_ids):
        try:
            certificate = certificate_issue(
                actor=actor, role_context=role_context, application_id=application_id
            )
        except DomainError as error:
            outcomes.append(CertifyOutcome(application_id, error=str(error)))
        else:
            outcomes.append(CertifyOutcome(application_id, certificate=certificate))
    return outcomes


# --- public checks --------------------------------------------------------------------------


def certificate_lookup_record(*, certificate: Certificate, via: str) -> None:
    """Count one public check and log its time (who checked is not stored)."""
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(lookup_count=F("lookup_count") + 1)
        CertificateLookup.objects.create(certificate=certificate, via=via)
    certificate.lookup_count += 1


# --- delivery of the paper certificate ------------------------------------------------------

POSTCODE_RE = re.compile(r"^\d{6}$")
TRACKING_RE = re.compile(r"^[A-Z0-9]{10,30}$")


def delivery_choose(
    *,
    actor,
    application_id: int,
    method: str,
    recipient: str = "",
    region=None,
    address: str = "",
    phone: str = "",
    postcode: str = "",
) -> Delivery:
    """The holder chooses 现场领取 or 邮寄证书 (with the address) for an approved application."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("office")
            .filter(pk=application_id, applicant=actor)
            .first()
        )
        if application is None:
            raise DomainError(_("The application does not exist."), code="missing")
        if application.status not in (Status.APPROVED, Status.CERTIFIED):
            raise DomainError(
                _("The way of receiving can be chosen once the application is approved."),
                code="status",
            )
        if method not in Delivery.Method.values:
            raise DomainError(_("Choose how to receive the certificate."), field="method")
        delivery = Delivery.objects.filter(application=application).first()
        if delivery is not None and not delivery.is_open:
            raise DomainError(
                _("The certificate has already been sent or collected."), code="closed"
            )
        if method == Delivery.Method.MAIL:
            if not application.office.mailing_enabled:
                raise DomainError(
                    _("This office does not send certificates by mail."), field="method"
                )
            phone = normalize_mobile(phone)
            checks = [
                ("recipient", recipient.strip(), _("Enter the recipient.")),
                ("region", region, _("Choose the province, city and district.")),
                ("address", address.strip(), _("Enter the detailed address.")),
                ("phone", phone, _("Enter a contact phone.")),
            ]
            for field, value, message in checks:
                if not value:
                    raise DomainError(message, field=field)
            if region.children.exists():
                raise DomainError(
                    _("Choose the district as well."), field="region", code="required"
                )
            if not re.fullmatch(r"[\d-]{7,20}", phone):
                raise DomainError(_("Enter a valid phone number."), field="phone")
            if postcode and not POSTCODE_RE.match(postcode):
                raise DomainError(_("A postcode has 6 digits."), field="postcode")
        else:
            recipient, region, address, phone, postcode = "", None, "", "", ""
        values = {
            "method": method,
            "recipient": recipient.strip(),
            "region": region,
            "address": address.strip(),
            "phone": phone,
            "postcode": postcode,
        }
        if delivery is None:
            delivery = Delivery.objects.create(application=application, **values)
        else:
            for name, value in values.items():
                setattr(delivery, name, value)
            delivery.save()
    return delivery


def _delivery_check(actor, role_context, method_wanted: bool):
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


def _tell_holder(delivery: Delivery, *, event: str, title, body="", sms: bool = False) -> None:
    notify(
        delivery.application.applicant,
        event=event,
        title=title,
        body=body,
        link=reverse("certificates:mine"),
        sms=sms,
    )


def delivery_ship(*, actor, role_context, delivery_id: int, tracking_number: str) -> Delivery:
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


def delivery_collect(*, actor, role_context, delivery_id: int) -> Delivery:
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


# --- historical certificates (审验 / 核验) ------------------------------------------------------


def verifying_office_for(*, granting_office: Office, level) -> Office:
    """Where a historical certificate is verified (seed 002, 3.7 审验原则).

    Junior and intermediate certificates: the granting office. Senior ones: the office named by
    the CERTIFICATES_SENIOR_VERIFICATION_OFFICE setting (an office code), or else the top of
    the granting office's chain of superior offices (the provincial office).
    """
    if not level.is_senior:
        return granting_office
    code = getattr(settings, "CERTIFICATES_SENIOR_VERIFICATION_OFFICE", "")
    if code:
        office = Office.objects.filter(code=code, is_active=True).first()
        if office is not None:
            return office
    office, seen = granting_office, {granting_office.pk}
    while office.parent_id and office.parent_id not in seen:
        seen.add(office.parent_id)
        office = office.parent
    return office


def historical_certificate_submit(
    *,
    actor,
    number: str,
    qualification,
    specialty_name: str,
    issuing_body: str,
    granting_office: Office,
    approved_on: datetime.date,
    certificate_scan=None,
    supporting_document=None,
    historical_id: int | None = None,
) -> HistoricalCertificate:
    """A person sends in (or corrects and sends again) a certificate obtained earlier.

    Scans are ``StashedUpload``s from the form (None keeps the stored file on a resubmission).
    """
    number = normalize_number(number)
    if not number:
        raise DomainError(_("Enter the certificate number."), field="number")
    if approved_on > timezone.localdate():
        raise DomainError(
            _("The date granted cannot be in the future."), field="approved_on", code="future"
        )
    with transaction.atomic():
        if historical_id is None:
            record = HistoricalCertificate(person=actor)
        else:
            record = (
                HistoricalCertificate.objects.select_for_update()
                .filter(pk=historical_id, person=actor)
                .first()
            )
            if record is None:
                raise DomainError(_("The record does not exist."), code="missing")
            if not record.is_editable:
                raise DomainError(
                    _("Only a record returned for correction can be changed."), code="status"
                )
        duplicate = (
            HistoricalCertificate.objects.filter(
                person=actor,
                number=number,
                status__in=[
                    HistoricalCertificate.Status.SUBMITTED,
                    HistoricalCertificate.Status.VERIFIED,
                ],
            )
            .exclude(pk=record.pk)
            .exists()
        )
        if duplicate or Certificate.objects.valid().filter(holder=actor, number=number).exists():
            raise DomainError(
                _("This certificate is already listed or waiting for verification."),
                field="number",
                code="duplicate",
            )
        if certificate_scan is None and not record.certificate_scan:
            raise DomainError(_("Upload a scan of the certificate."), field="certificate_scan")
        record.number = number
        record.qualification = qualification
        record.specialty_name = specialty_name.strip()
        record.issuing_body = issuing_body.strip()
        record.granting_office = granting_office
        record.approved_on = approved_on
        record.office = verifying_office_for(
            granting_office=granting_office, level=qualification.level
        )
        record.status = HistoricalCertificate.Status.SUBMITTED
        record.submitted_at = timezone.now()
        if certificate_scan is not None:
            certificate_scan.claim(record.certificate_scan, "historical")
        if supporting_document is not None:
            supporting_document.claim(record.supporting_document, "historical")
        record.save()
    return record


def _historical_check(actor, role_context):
    def check(record: HistoricalCertificate) -> None:
        _require_office(role_context, record.office_id)
        check_not_own(actor=actor, person_id=record.person_id)
        if record.status != HistoricalCertificate.Status.SUBMITTED:
            raise DomainError(_("This record has already been handled."), code="status")

    return check


def _tell_person(record: HistoricalCertificate, *, event: str, title, body="") -> None:
    notify(
        record.person,
        event=event,
        title=title,
        body=body,
        link=reverse("certificates:mine"),
        sms=True,
    )


def historical_certificate_verify(
    *, actor, role_context, historical_id: int
) -> HistoricalCertificate:
    """The office confirms a historical certificate: it joins the person's certificates."""

    def change(record: HistoricalCertificate) -> dict:
        qualification = record.qualification
        record.certificate = Certificate.objects.create(
            number=record.number,
            origin=Certificate.Origin.HISTORICAL,
            holder=record.person,
            holder_name=record.person.full_name,
            holder_id_number=record.person.id_number or "",
            series=qualification.series,
            level=qualification.level,
            qualification=qualification,
            specialty_name=record.specialty_name,
            office=role_context.organisation,
            issuing_body=record.issuing_body,
            approved_on=record.approved_on,
        )
        record.status = HistoricalCertificate.Status.VERIFIED
        record.reason = ""
        record.decided_at = timezone.now()
        record.decided_by = actor
        return {"number": record.number}

    return transitions.run(
        model=HistoricalCertificate,
        target=historical_id,
        actor=actor,
        role_context=role_context,
        action="historical.verified",
        check=_historical_check(actor, role_context),
        change=change,
        notify=lambda record, entry: _tell_person(
            record,
            event="historical.verified",
            title=_("Your certificate %(number)s has been verified") % {"number": record.number},
        ),
    )


def _decide_historical(*, actor, role_context, historical_id, reason, status, action, title):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."), field="reason", code="reason")

    def change(record: HistoricalCertificate) -> dict:
        record.status = status
        record.reason = reason
        record.decided_at = timezone.now()
        record.decided_by = actor
        return {"number": record.number}

    return transitions.run(
        model=HistoricalCertificate,
        target=historical_id,
        actor=actor,
        role_context=role_context,
        action=action,
        check=_historical_check(actor, role_context),
        change=change,
        opinion=reason,
        notify=lambda record, entry: _tell_person(
            record,
            event=action,
            title=title % {"number": record.number},
            body=_("Reason: %(reason)s") % {"reason": reason},
        ),
    )


def historical_certificate_return(
    *, actor, role_context, historical_id: int, reason: str
) -> HistoricalCertificate:
    """Back to the person for correction, with the reason."""
    return _decide_historical(
        actor=actor,
        role_context=role_context,
        historical_id=historical_id,
        reason=reason,
        status=HistoricalCertificate.Status.RETURNED,
        action="historical.returned",
        title=_("Your certificate %(number)s was returned for correction"),
    )


def historical_certificate_reject(
    *, actor, role_context, historical_id: int, reason: str
) -> HistoricalCertificate:
    """Final refusal, with the reason."""
    return _decide_historical(
        actor=actor,
        role_context=role_context,
        historical_id=historical_id,
        reason=reason,
        status=HistoricalCertificate.Status.REJECTED,
        action="historical.rejected",
        title=_("Your certificate %(number)s could not be verified"),
    )
