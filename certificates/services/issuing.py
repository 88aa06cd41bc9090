"""Certificate services: issuing certificates."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RoleContext
from applications import transitions
from applications.models import ActionLog, Application, Kind, Status
from applications.policies import check_not_own
from certificates.models import (
    Certificate,
)
from certificates.selectors import normalize_number
from titleportal.errors import DomainError
from titleportal.notifications import notify

from .common import _require_office

# --- issuing --------------------------------------------------------------------------------
from .numbering import next_certificate_number


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


def certificate_void(
    *,
    actor: User,
    role_context: RoleContext,
    certificate_id: int,
    reason: str,
    replaced_by: Certificate | None = None,
) -> Certificate:
    """A valid certificate becomes void from today, with its reason: replaced (by the
    certificate the acting office issues for a lost one, ``replaced_by``, whichever office
    granted the original) or revoked (by the office that granted it). The holder is told of a
    revocation; of a replacement they hear by the message of the new certificate."""
    if reason not in Certificate.VoidReason.values:
        raise DomainError(_("Give the reason for voiding the certificate."), code="reason")

    def check(certificate: Certificate) -> None:
        if replaced_by is None:
            _require_office(role_context, certificate.office_id)
            check_not_own(actor=actor, person_id=certificate.holder_id)
        if certificate.status != Certificate.Status.VALID:
            raise DomainError(_("This certificate is already void."), code="void")

    def change(certificate: Certificate) -> dict:
        certificate.status = Certificate.Status.VOID
        certificate.voided_on = timezone.localdate()
        certificate.void_reason = reason
        return {
            "number": certificate.number,
            "reason": reason,
            "replaced_by": replaced_by.number if replaced_by is not None else "",
        }

    def tell_holder(certificate: Certificate, entry: ActionLog | None) -> None:
        if replaced_by is not None:
            return
        notify(
            certificate.holder,
            event="certificate.voided",
            title=_("Your certificate %(number)s is void") % {"number": certificate.number},
            body=certificate.get_void_reason_display(),
            link=reverse("certificates:mine"),
            sms=True,
        )

    return transitions.run(
        model=Certificate,
        target=certificate_id,
        actor=actor,
        role_context=role_context,
        action="certificate.voided",
        check=check,
        change=change,
        application=lambda certificate: certificate.application or certificate,
        notify=tell_holder,
    )


def certificate_issue(
    *, actor: User, role_context: RoleContext, application_id: int
) -> Certificate:
    """Issue the certificate of an approved application (approved → certified)."""
    issued: dict = {}

    def check(application: Application) -> None:
        _require_office(role_context, application.office_id)
        check_not_own(actor=actor, person_id=application.applicant_id)
        if application.status == Status.CERTIFIED:
            raise DomainError(_("The certificate has already been issued."), code="certified")
        if application.status != Status.APPROVED:
            raise DomainError(_("Only approved applications receive a certificate."), code="status")
        ends_on = application.publicity_ends_on
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
            certificate_void(
                actor=actor,
                role_context=role_context,
                certificate_id=original.pk,
                reason=Certificate.VoidReason.REPLACED,
                replaced_by=certificate,
            )
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


def certificate_issue_batch(
    *, actor: User, role_context: RoleContext, application_ids: Iterable[int]
) -> list[CertifyOutcome]:
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
