"""The integration API, version 1 (/api/v1/), with its OpenAPI document at /api/v1/openapi.json
and the documentation page at /api/v1/docs.

Certificate verification is the public check (the same look-ups and the same answer as the
certificate query page); applications and the feed are the client's office's only.
"""

import datetime

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, NinjaAPI, Query, Schema, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError

from certificates import selectors as certificate_selectors
from certificates import services as certificate_services
from certificates import signing
from certificates.forms import NOT_A_PDF, too_large_message
from certificates.models import Certificate, CertificateLookup
from titleportal.validators import mask_name

from . import selectors
from .auth import ClientToken, record
from .scopes import APPLICATIONS, FEED, VERIFY

api = NinjaAPI(
    title="Title Portal API",
    version="1",
    description=(
        "Certificate verification, application status and the feed of certificates issued "
        "and results published, for the systems of title-reform offices, employers and the "
        "national certificate database. Authenticate with an OAuth2 access token (client "
        "credentials grant at /api/oauth/token/, scopes certificates:verify, "
        'applications:read, feed:read). Errors are JSON: {"detail": message}.'
    ),
    urls_namespace="api_v1",
    docs_url="/docs",
)

FEED_MAX_LIMIT = 200


# --- errors: JSON with a Chinese message ------------------------------------------------------


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    response = api.create_response(
        request, {"detail": _("A valid access token is required.")}, status=401
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request,
        {"detail": _("The request is not valid."), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(HttpError)
def refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


# --- certificates -----------------------------------------------------------------------------


class CertificateOut(Schema):
    number: str
    holder_name: str = Field(description="Partly hidden, as on the certificate query page")
    qualification: str
    specialty: str
    approving_authority: str
    approved_on: datetime.date
    status: str = Field(description="valid or void")
    status_label: str
    voided_on: datetime.date | None
    void_reason: str = Field(description="replaced or revoked; empty while valid")
    replaced_by: str | None = Field(
        description="Number of the certificate that replaced a void one"
    )

    @staticmethod
    def of(certificate: Certificate) -> "CertificateOut":
        replacement = getattr(certificate, "replaced_by", None)
        return CertificateOut(
            number=certificate.number,
            holder_name=mask_name(certificate.holder_name),
            qualification=certificate.qualification_label,
            specialty=certificate.specialty_name,
            approving_authority=certificate.issuing_body,
            approved_on=certificate.approved_on,
            status=certificate.status,
            status_label=str(certificate.get_status_display()),
            voided_on=certificate.voided_on,
            void_reason=certificate.void_reason,
            replaced_by=replacement.number if replacement is not None else None,
        )


class VerifyIn(Schema):
    number: str = Field(max_length=40, description="Certificate number")
    holder_name: str = Field(max_length=50, description="Holder's full name")


class VerifyOut(Schema):
    results: list[CertificateOut]


def _checked(certificates) -> list[CertificateOut]:
    for certificate in certificates:
        certificate_services.certificate_lookup_record(
            certificate=certificate, via=CertificateLookup.Via.API
        )
    return [CertificateOut.of(certificate) for certificate in certificates]


@api.post(
    "/certificates/verify",
    response=VerifyOut,
    auth=ClientToken(VERIFY, "certificates.verify"),
    url_name="certificate_verify",
    summary="Verify a certificate by number and holder name",
    tags=["certificates"],
)
def certificate_verify(request, payload: VerifyIn):
    found = certificate_selectors.find_certificates(
        number=payload.number, holder_name=payload.holder_name
    )
    record(request, ",".join(f"certificate:{c.pk}" for c in found))
    return {"results": _checked(found)}


@api.get(
    "/certificates/by-code/{verification_code}",
    response=CertificateOut,
    auth=ClientToken(VERIFY, "certificates.by_code"),
    url_name="certificate_by_code",
    summary="Verify a certificate by its verification code",
    tags=["certificates"],
)
def certificate_by_code(request, verification_code: str):
    certificate = certificate_selectors.find_certificate_by_code(verification_code)
    if certificate is None:
        record(request, status=404)
        raise Http404
    record(request, f"certificate:{certificate.pk}")
    return _checked([certificate])[0]


class PdfCheckOut(Schema):
    signature: str = Field(description="valid, invalid or unsigned")
    signature_label: str
    explanation: str = Field(
        description="Why the signature is not valid, or what a valid one does not prove"
    )
    signer: str
    signed_at: datetime.datetime | None
    certificate: CertificateOut | None = Field(
        description="The certificate the signed file is, when the signature is valid"
    )
    certificate_state: str | None = Field(description="valid, void or replaced")
    certificate_state_label: str | None


@api.post(
    "/certificates/verify-pdf",
    response=PdfCheckOut,
    auth=ClientToken(VERIFY, "certificates.verify_pdf"),
    url_name="certificate_verify_pdf",
    summary="Check a certificate PDF: its signature, which certificate it is, its state",
    tags=["certificates"],
)
def certificate_verify_pdf(request, pdf: UploadedFile = File(...)):  # noqa: B008
    """The same check and the same answer as the certificate query page's file check
    (multipart/form-data with the file in ``pdf``)."""
    if pdf.size is None or pdf.size > settings.CERTIFICATE_CHECK_MAX_BYTES:
        record(request, "pdf", status=413)
        raise HttpError(413, too_large_message())
    try:
        check = certificate_selectors.check_certificate_pdf(pdf.read())
    except signing.NotAPdf:
        record(request, "pdf", status=400)
        raise HttpError(400, str(NOT_A_PDF)) from None
    certificate = check.certificate
    state = check.certificate_state
    record(request, f"certificate:{certificate.pk}" if certificate else "pdf")
    return PdfCheckOut(
        signature=check.signature.state.value,
        signature_label=check.signature_label,
        explanation=check.explanation,
        signer=check.signature.signer,
        signed_at=check.signature.signed_at,
        certificate=CertificateOut.of(certificate) if certificate else None,
        certificate_state=state.value if state else None,
        certificate_state_label=str(state.label) if state else None,
    )


# --- applications -----------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    kind: str
    kind_label: str
    year: int
    applicant_name: str
    qualification: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    results_publicity_ends_on: datetime.date | None
    certificate_number: str | None


@api.get(
    "/applications/{application_id}",
    response=ApplicationOut,
    auth=ClientToken(APPLICATIONS, "applications.status"),
    url_name="application_status",
    summary="Status of an application of the client's office",
    tags=["applications"],
)
def application_status(request, application_id: int):
    try:
        application = selectors.get_application_for_client(request.auth, application_id)
    except Http404:
        record(request, f"application:{application_id}", status=404)
        raise
    record(request, f"application:{application.pk}")
    certificate = Certificate.objects.filter(application=application).only("number").first()
    qualification = application.qualification
    return ApplicationOut(
        id=application.pk,
        kind=application.kind,
        kind_label=str(application.get_kind_display()),
        year=application.year,
        applicant_name=application.applicant.full_name,
        qualification=f"{qualification.series.label}/{qualification.level.name}/{qualification.name}",
        status=application.status,
        status_label=str(application.get_status_display()),
        submitted_at=application.submitted_at,
        decided_at=application.decided_at,
        results_publicity_ends_on=application.results_publicity_ends_on,
        certificate_number=certificate.number if certificate else None,
    )


# --- the feed ---------------------------------------------------------------------------------


class FeedQuery(Schema):
    since: datetime.datetime = Field(description="Start of the period (inclusive), ISO 8601")
    until: datetime.datetime | None = Field(
        None, description="End of the period (exclusive); now by default"
    )
    cursor: str | None = Field(None, description="next_cursor of the previous page")
    limit: int = Field(50, ge=1, le=FEED_MAX_LIMIT)


class FeedItemOut(Schema):
    type: str = Field(description="certificate.issued or results.published")
    at: datetime.datetime
    application_id: int | None
    certificate_number: str | None
    holder_name: str | None
    qualification: str | None
    results_publicity_ends_on: datetime.date | None


class FeedOut(Schema):
    items: list[FeedItemOut]
    next_cursor: str | None


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _feed_item(item: selectors.FeedItem) -> FeedItemOut:
    if item.certificate is not None:
        c = item.certificate
        return FeedItemOut(
            type=item.kind,
            at=item.at,
            application_id=c.application_id,
            certificate_number=c.number,
            holder_name=c.holder_name,
            qualification=c.qualification_label,
            results_publicity_ends_on=None,
        )
    application = item.action.application
    ends_on = (item.action.data or {}).get("ends_on")
    return FeedItemOut(
        type=item.kind,
        at=item.at,
        application_id=application.pk,
        certificate_number=None,
        holder_name=application.applicant.full_name,
        qualification=application.qualification.name,
        results_publicity_ends_on=datetime.date.fromisoformat(ends_on) if ends_on else None,
    )


@api.get(
    "/feed",
    response=FeedOut,
    auth=ClientToken(FEED, "feed.list"),
    url_name="feed",
    summary="Certificates issued and results published in a period (cursor pagination)",
    tags=["feed"],
)
def feed(request, query: Query[FeedQuery]):
    since = _aware(query.since)
    until = _aware(query.until) if query.until else timezone.now()
    after = None
    if query.cursor:
        try:
            after = selectors.Position.decode(query.cursor)
        except selectors.BadCursor:
            record(request, "feed", status=400)
            raise HttpError(400, _("The cursor is not valid.")) from None
    items, more = selectors.feed_for_client(
        request.auth, since=since, until=until, after=after, limit=query.limit
    )
    record(request, f"feed:{since:%Y-%m-%d}..{until:%Y-%m-%d}")
    return FeedOut(
        items=[_feed_item(item) for item in items],
        next_cursor=items[-1].position.encode() if more else None,
    )
