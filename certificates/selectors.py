"""Reads of certificates, scoped to who asks.

Single objects come from ``get_<thing>_for(...)``, which answers 404 for anything outside the
asker's scope: a holder sees their own certificates, an office the ones it issued or verified.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Model, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import workflow
from applications.models import Application, Status
from units.models import Office

from . import signing
from .models import Certificate, CertificateLookup, Delivery, HistoricalCertificate

CERTIFICATE_RELATIONS = ("qualification", "series", "level", "office")


def _office_of(role_context: RoleContext | None) -> Office:
    if role_context is None or role_context.role != Role.OFFICE_STAFF:
        raise Http404
    return role_context.organisation


def _get_or_404[M: Model](queryset: QuerySet[M], pk: object) -> M:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- the holder -----------------------------------------------------------------------------


def certificates_of(person: User) -> QuerySet[Certificate]:
    """The person's valid certificates: issued here, and historical ones an office verified.

    The applications work offers these as 原职称 in reconfirmation, replacement and transfer.
    """
    return (
        Certificate.objects.valid()
        .filter(holder=person)
        .select_related(*CERTIFICATE_RELATIONS)
        .order_by("-approved_on", "-pk")
    )


def certificates_for_holder(user: User) -> QuerySet[Certificate]:
    """Every certificate of the person, void ones included (我的证书)."""
    return (
        Certificate.objects.filter(holder=user)
        .select_related(*CERTIFICATE_RELATIONS, "replaces")
        .order_by("status", "-approved_on", "-pk")
    )


def lookup_total_of(user: User) -> int:
    """证书共计被在线查验或浏览 N 次: the checks of all the person's certificates (those of
    我的证书, void ones included), in one query."""
    total = Certificate.objects.filter(holder=user).aggregate(total=Sum("lookup_count"))["total"]
    return total or 0


def get_certificate_for_holder(user: User, pk: object) -> Certificate:
    return _get_or_404(certificates_for_holder(user), pk)


def lookups_of(certificate: Certificate) -> QuerySet[CertificateLookup]:
    return certificate.lookups.order_by("-looked_up_at", "-pk")


def applications_awaiting_delivery(user: User) -> QuerySet[Application]:
    """The person's approved or certified applications, for choosing how to receive the paper."""
    return (
        workflow.own_applications(user)
        .filter(status__in=[Status.APPROVED, Status.CERTIFIED])
        # A replaced certificate is not sent any more.
        .exclude(certificate__status=Certificate.Status.VOID)
        .select_related(
            "office", "qualification__series", "qualification__level", "delivery__region"
        )
        .order_by("-created_at")
    )


def get_application_for_delivery(user: User, pk: object) -> Application:
    return _get_or_404(applications_awaiting_delivery(user), pk)


def historical_certificates_of(user: User) -> QuerySet[HistoricalCertificate]:
    return HistoricalCertificate.objects.filter(person=user).select_related(
        "qualification__series", "qualification__level", "office"
    )


def get_historical_for_person(user: User, pk: object) -> HistoricalCertificate:
    return _get_or_404(historical_certificates_of(user), pk)


# --- the office -----------------------------------------------------------------------------


def applications_of_office(role_context: RoleContext | None) -> QuerySet[Application]:
    """What the office issues certificates for: applications it may see (the one rule,
    ``workflow.visible_to``) that name it as their office."""
    return workflow.visible_to(role_context).filter(office=_office_of(role_context))


def applications_awaiting_certification(role_context: RoleContext | None) -> QuerySet[Application]:
    return (
        applications_of_office(role_context)
        .filter(status=Status.APPROVED)
        .select_related(
            "applicant",
            "qualification__series",
            "qualification__level",
            "specialty",
            "committee",
            "unit",
            "delivery",
        )
        .order_by("decided_at", "pk")
    )


def certificates_of_office(role_context: RoleContext | None) -> QuerySet[Certificate]:
    """The office's certificates: those of the applications it issues for
    (``applications_of_office``, so the one rule ``workflow.visible_to``), and the historical
    ones it verified, which belong to no application."""
    office = _office_of(role_context)
    return Certificate.objects.filter(
        Q(application__in=applications_of_office(role_context))
        | Q(application__isnull=True, origin=Certificate.Origin.HISTORICAL, office=office)
    )


def certificates_issued_by(
    role_context: RoleContext | None, *, search: str = ""
) -> QuerySet[Certificate]:
    # Issued certificates all have their application: those the office may see.
    queryset = Certificate.objects.issued().filter(
        application__in=applications_of_office(role_context)
    )
    search = (search or "").strip()
    if search:
        number = normalize_number(search)
        queryset = queryset.filter(number=number) | queryset.filter(holder_name=search)
    return queryset.select_related(*CERTIFICATE_RELATIONS).order_by("-issued_at", "-pk")


def get_certificate_for_office(role_context: RoleContext | None, pk: object) -> Certificate:
    return _get_or_404(
        certificates_of_office(role_context).select_related(*CERTIFICATE_RELATIONS), pk
    )


def deliveries_of(
    role_context: RoleContext | None, *, open_only: bool = True
) -> QuerySet[Delivery]:
    office = _office_of(role_context)
    queryset = Delivery.objects.filter(application__office=office)
    if open_only:
        queryset = queryset.filter(status=Delivery.Status.WAITING)
    return queryset.select_related(
        "application__applicant", "application__certificate", "region"
    ).order_by("created_at", "pk")


def get_delivery_for_office(role_context: RoleContext | None, pk: object) -> Delivery:
    return _get_or_404(deliveries_of(role_context, open_only=False), pk)


def verification_queue(
    role_context: RoleContext | None, *, pending: bool = True
) -> QuerySet[HistoricalCertificate]:
    office = _office_of(role_context)
    queryset = HistoricalCertificate.objects.filter(office=office)
    if pending:
        queryset = queryset.filter(status=HistoricalCertificate.Status.SUBMITTED).order_by(
            "submitted_at", "pk"
        )
    else:
        queryset = queryset.exclude(status=HistoricalCertificate.Status.SUBMITTED).order_by(
            "-decided_at", "-pk"
        )
    return queryset.select_related("person", "qualification__series", "qualification__level")


def get_historical_for_office(
    role_context: RoleContext | None, pk: object
) -> HistoricalCertificate:
    office = _office_of(role_context)
    return _get_or_404(
        HistoricalCertificate.objects.filter(office=office).select_related(
            "person", "qualification__series", "qualification__level", "granting_office"
        ),
        pk,
    )


# --- the public -----------------------------------------------------------------------------

_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "‐": "-"})


def normalize_number(value: str) -> str:
    """What people type (spaces, full-width dashes, lower case) to the stored form."""
    return re.sub(r"\s+", "", (value or "").translate(_DASHES)).upper()


def find_certificates(*, number: str, holder_name: str) -> list[Certificate]:
    """Certificates with this number whose holder has exactly this name.

    Historical numbers come from many bodies, so more than one may match.
    """
    number = normalize_number(number)
    holder_name = (holder_name or "").strip()
    if not number or not holder_name:
        return []
    return list(
        Certificate.objects.filter(number=number, holder_name=holder_name)
        .select_related(*CERTIFICATE_RELATIONS)
        .order_by("-approved_on", "-pk")[:5]
    )


def find_certificate_by_code(code: str) -> Certificate | None:
    code = (code or "").strip().upper()
    if not code.isascii() or not code.isalnum():
        return None  # codes are letters and digits; NUL cannot go into a PostgreSQL query
    return (
        Certificate.objects.filter(verification_code=code)
        .select_related(*CERTIFICATE_RELATIONS)
        .first()
    )


# --- a presented PDF ------------------------------------------------------------------------


class CertificateState(models.TextChoices):
    VALID = "valid", pgettext_lazy("certificate state", "Valid")
    VOID = "void", pgettext_lazy("certificate state", "Void")
    REPLACED = "replaced", pgettext_lazy("certificate state", "Replaced")


SIGNATURE_LABELS = {
    signing.SignatureState.VALID: _("Signature valid"),
    signing.SignatureState.INVALID: _("Signature not valid"),
    signing.SignatureState.UNSIGNED: _("Not signed"),
}
SIGNATURE_PROBLEMS = {
    signing.SignatureProblem.CHANGED: _(
        "The file was changed after it was signed; its content cannot be trusted."
    ),
    signing.SignatureProblem.MODIFIED_AFTER: _(
        "Content was added to the file after it was signed; its content cannot be trusted."
    ),
    signing.SignatureProblem.UNTRUSTED: _(
        "The signature was not made with the certificate of an office this portal trusts."
    ),
    signing.SignatureProblem.UNREADABLE: _("The signature cannot be read or checked."),
}
UNSIGNED_TEXT = _(
    "The file carries no electronic signature, so it cannot show that an office issued it."
)
UNKNOWN_CERTIFICATE_TEXT = _(
    "The signature is valid, but no certificate of this portal corresponds to the file."
)


@dataclass(frozen=True)
class PdfCheck:
    """What the public page and the API answer about a presented certificate PDF."""

    signature: signing.SignatureCheck
    certificate: Certificate | None = None

    @property
    def certificate_state(self) -> CertificateState | None:
        certificate = self.certificate
        if certificate is None:
            return None
        if certificate.status == Certificate.Status.VALID:
            return CertificateState.VALID
        replaced = certificate.void_reason == Certificate.VoidReason.REPLACED
        return CertificateState.REPLACED if replaced else CertificateState.VOID

    @property
    def signature_label(self) -> str:
        return str(SIGNATURE_LABELS[self.signature.state])

    @property
    def explanation(self) -> str:
        """Why the signature is not valid, or what a valid one does not prove."""
        signature = self.signature
        if signature.state == signing.SignatureState.UNSIGNED:
            return str(UNSIGNED_TEXT)
        if signature.problem is not None:
            return str(SIGNATURE_PROBLEMS[signature.problem])
        if self.certificate is None:
            return str(UNKNOWN_CERTIFICATE_TEXT)
        return ""

    @property
    def replacement(self) -> Certificate | None:
        certificate = self.certificate
        return getattr(certificate, "replaced_by", None) if certificate is not None else None


def check_certificate_pdf(data: bytes) -> PdfCheck:
    """The signature of ``data`` and, when it is valid, the certificate it is and its state
    today. Raises ``signing.NotAPdf`` for what is not a readable PDF."""
    signature = signing.check_signature(data)
    certificate = None
    if signature.state == signing.SignatureState.VALID and signature.verification_code:
        certificate = (
            Certificate.objects.filter(verification_code=signature.verification_code)
            .select_related(*CERTIFICATE_RELATIONS, "replaced_by")
            .first()
        )
    return PdfCheck(signature=signature, certificate=certificate)
