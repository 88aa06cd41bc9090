"""Certificate services: historical certificates (审验 / 核验)."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RoleContext
from applications import transitions
from applications.models import ActionLog
from applications.policies import check_not_own
from certificates.models import (
    Certificate,
    HistoricalCertificate,
)
from certificates.selectors import normalize_number
from reference.models import Level, Qualification
from titleportal.errors import DomainError
from titleportal.models import StashedUpload
from titleportal.notifications import notify
from units.models import Office

# --- historical certificates (审验 / 核验) ------------------------------------------------------
from .common import _notify_office_staff, _require_office


def verifying_office_for(*, granting_office: Office, level: Level) -> Office:
    """Where a historical certificate is verified (seed 002, 3.7 审验原则).

    Junior and intermediate certificates: the granting office. Senior ones: the office named by
    the CERTIFICATES_SENIOR_VERIFICATION_OFFICE setting (an office code), or else the top of
    the granting office's chain of superior offices (the provincial office).
    """
    if not level.is_senior:
        return granting_office
    code = getattr(settings, "CERTIFICATES_SENIOR_VERIFICATION_OFFICE", "")
    if code:
        configured = Office.objects.filter(code=code, is_active=True).first()
        if configured is not None:
            return configured
    office, seen = granting_office, {granting_office.pk}
    while (parent := office.parent) is not None and parent.pk not in seen:
        seen.add(parent.pk)
        office = parent
    return office


def historical_certificate_submit(
    *,
    actor: User,
    role_context: RoleContext,
    number: str,
    qualification: Qualification,
    specialty_name: str,
    issuing_body: str,
    granting_office: Office,
    approved_on: datetime.date,
    certificate_scan: StashedUpload | None = None,
    supporting_document: StashedUpload | None = None,
    historical_id: int | None = None,
) -> HistoricalCertificate:
    """A person sends in (or corrects and sends again) a certificate obtained earlier; the
    verifying office's staff are told.

    Scans are ``StashedUpload``s from the form (None keeps the stored file on a resubmission).
    """
    number = normalize_number(number)
    if not number:
        raise DomainError(_("Enter the certificate number."), field="number", code="required")
    if approved_on > timezone.localdate():
        raise DomainError(
            _("The date granted cannot be in the future."), field="approved_on", code="future"
        )

    def check(record: HistoricalCertificate) -> None:
        if record.person_id != actor.pk:
            raise DomainError(_("The record does not exist."), code="missing")
        if record.pk is not None and not record.is_editable:
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
            raise DomainError(
                _("Upload a scan of the certificate."), field="certificate_scan", code="required"
            )

    def change(record: HistoricalCertificate) -> dict:
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
        return {"number": number}

    def tell_office(record: HistoricalCertificate, entry: ActionLog | None) -> None:
        _notify_office_staff(
            record.office_id,
            event="historical.submitted",
            title=_("Historical certificate to verify: %(name)s, %(number)s")
            % {"name": actor.full_name, "number": record.number},
            body=record.qualification.name,
            link=reverse("certificates:verification_detail", args=[record.pk]),
            person_id=actor.pk,
        )

    return transitions.run(
        model=HistoricalCertificate,
        target=HistoricalCertificate(person=actor) if historical_id is None else historical_id,
        actor=actor,
        role_context=role_context,
        action="historical.submitted",
        check=check,
        change=change,
        notify=tell_office,
    )


def _historical_check(
    actor: User, role_context: RoleContext
) -> Callable[[HistoricalCertificate], None]:
    def check(record: HistoricalCertificate) -> None:
        _require_office(role_context, record.office_id)
        check_not_own(actor=actor, person_id=record.person_id)
        if record.status != HistoricalCertificate.Status.SUBMITTED:
            raise DomainError(_("This record has already been handled."), code="status")

    return check


def _tell_person(
    record: HistoricalCertificate, *, event: str, title: str | Promise, body: str = ""
) -> None:
    notify(
        record.person,
        event=event,
        title=title,
        body=body,
        link=reverse("certificates:mine"),
        sms=True,
    )


def historical_certificate_verify(
    *, actor: User, role_context: RoleContext, historical_id: int
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


def _decide_historical(
    *,
    actor: User,
    role_context: RoleContext,
    historical_id: int,
    reason: str,
    status: str,
    action: str,
    title: str | Promise,
) -> HistoricalCertificate:
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
    *, actor: User, role_context: RoleContext, historical_id: int, reason: str
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
    *, actor: User, role_context: RoleContext, historical_id: int, reason: str
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
