"""Electronic signatures of certificate PDFs (PAdES, with pyHanko), one signing certificate
per issuing office.

Keys live outside the database, in CERTIFICATE_SIGNING_DIR: ``<office code>.key.pem`` and
``<office code>.cert.pem`` for each office, and ``ca.cert.pem``, the chain up to the root the
offices' certificates come from (embedded in each signature). ``manage.py make_signing_ca``
makes a local test CA and office certificates for development and tests; production puts the
office certificates of the provincial CA there. An office without a key gets unsigned PDFs
(and a warning in the log) rather than none.
"""

import datetime
import enum
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CA_CERT = "ca.cert.pem"
CA_KEY = "ca.key.pem"
FIELD_NAME = "OfficeSignature"


def signing_dir() -> Path:
    return Path(settings.CERTIFICATE_SIGNING_DIR)


@dataclass(frozen=True)
class OfficeKey:
    key: Path
    cert: Path
    chain: Path | None

    def fingerprint(self) -> str:
        """Changes when the office's certificate does: PDFs are then signed again."""
        return hashlib.sha256(self.cert.read_bytes()).hexdigest()


def office_key(office) -> OfficeKey | None:
    directory = signing_dir()
    key, cert = directory / f"{office.code}.key.pem", directory / f"{office.code}.cert.pem"
    if not (key.is_file() and cert.is_file()):
        return None
    chain = directory / CA_CERT
    return OfficeKey(key, cert, chain if chain.is_file() else None)


def is_signed_by_office(office) -> bool:
    return office_key(office) is not None


def sign(pdf: bytes, *, office) -> bytes:
    """The PDF with the office's PAdES signature, or unchanged when the office has no key."""
    configured = office_key(office)
    if configured is None:
        logger.warning("No signing key for office %s: certificate PDF left unsigned", office.code)
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    passphrase = settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE
    signer = signers.SimpleSigner.load(
        str(configured.key),
        str(configured.cert),
        ca_chain_files=(str(configured.chain),) if configured.chain else None,
        key_passphrase=passphrase.encode() if passphrase else None,
    )
    if signer is None:
        raise RuntimeError(f"the signing key of office {office.code} cannot be read")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=office.name,
        reason="职称证书电子签名",
    )
    output = signers.sign_pdf(writer, meta, signer=signer)
    return output.getvalue()


# --- checking a presented PDF ---------------------------------------------------------------


class NotAPdf(ValueError):
    """The bytes are not a PDF that can be read."""


class SignatureState(enum.StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNSIGNED = "unsigned"


class SignatureProblem(enum.StrEnum):
    """Why a signature is not valid (the public page and the API say it in Chinese)."""

    CHANGED = "changed"  # the signed bytes were changed
    MODIFIED_AFTER = "modified_after"  # something was added to the file after signing
    UNTRUSTED = "untrusted"  # not signed under one of the trust roots
    UNREADABLE = "unreadable"  # the signature itself cannot be read


@dataclass(frozen=True)
class SignatureCheck:
    state: SignatureState
    problem: SignatureProblem | None = None
    signer: str = ""
    signed_at: datetime.datetime | None = None
    # The certificate's verification code, read from the signed revision of the file (the PDF
    # identifier the certificate was rendered with), only when the signature is valid.
    verification_code: str = ""


def trust_roots() -> list:
    """The roots a certificate PDF's signature must lead to: CERTIFICATE_TRUST_ROOTS (PEM
    files), by default the chain in the signing directory."""
    from asn1crypto import pem, x509

    paths = [Path(path) for path in settings.CERTIFICATE_TRUST_ROOTS] or [signing_dir() / CA_CERT]
    roots = []
    for path in paths:
        if not path.is_file():
            continue
        data = path.read_bytes()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def check_signature(pdf: bytes) -> SignatureCheck:
    """Whether ``pdf`` carries a valid office signature (pyHanko's validator against the trust
    roots, nothing fetched from the network). Raises NotAPdf for what is not a readable PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not pdf.lstrip()[:1024].startswith(b"%PDF-"):
        raise NotAPdf("no PDF header")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise NotAPdf(str(error)) from error
    if not signatures:
        return SignatureCheck(SignatureState.UNSIGNED)
    ours = [sig for sig in signatures if sig.field_name == FIELD_NAME] or signatures
    return _check_embedded(reader, ours[0])


def _check_embedded(reader, embedded) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
    except Exception:  # a malformed signature must not become an error page
        logger.info("A presented PDF has a signature that cannot be validated", exc_info=True)
        return SignatureCheck(SignatureState.INVALID, SignatureProblem.UNREADABLE)
    try:
        signer = status.signing_cert.subject.native.get("common_name", "")
    except (AttributeError, ValueError):
        signer = ""
    signed_at = status.signer_reported_dt
    if not (status.intact and status.valid):
        problem = SignatureProblem.CHANGED
    elif not status.trusted:
        problem = SignatureProblem.UNTRUSTED
    elif (
        status.coverage != SignatureCoverageLevel.ENTIRE_FILE
        and status.modification_level
        not in (
            ModificationLevel.NONE,
            ModificationLevel.LTA_UPDATES,
        )
    ):
        problem = SignatureProblem.MODIFIED_AFTER
    elif not status.bottom_line:
        problem = SignatureProblem.UNTRUSTED
    else:
        return SignatureCheck(
            SignatureState.VALID,
            signer=signer,
            signed_at=signed_at,
            verification_code=_signed_identifier(reader, embedded),
        )
    return SignatureCheck(SignatureState.INVALID, problem, signer=signer, signed_at=signed_at)


def _signed_identifier(reader, embedded) -> str:
    """The first PDF identifier as of the signed revision (certificates.pdf renders each
    certificate with its verification code there)."""
    try:
        first, _ = reader.get_historical_resolver(embedded.signed_revision).document_id
        return first.decode("ascii")
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, UnicodeDecodeError):
        return ""


# --- a local test CA (development, demo and tests) ------------------------------------------


def _write_key(path: Path, key) -> None:
    from cryptography.hazmat.primitives import serialization

    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _name(common_name: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "职称服务平台（测试）"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_test_ca(directory: Path | None = None, *, force: bool = False):
    """A self-signed test root (EC P-256) in the signing directory; kept if it exists."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    directory = directory or signing_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / CA_CERT, directory / CA_KEY
    if cert_path.is_file() and key_path.is_file() and not force:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        return key, x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("职称服务平台测试根证书")
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_key(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key, cert


def make_office_certificate(office, directory: Path | None = None, *, force: bool = False):
    """The office's signing key and certificate, issued by the test CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    directory = directory or signing_dir()
    ca_key, ca_cert = make_test_ca(directory)
    cert_path = directory / f"{office.code}.cert.pem"
    key_path = directory / f"{office.code}.key.pem"
    if cert_path.is_file() and key_path.is_file() and not force:
        return cert_path
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(office.name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_key(key_path, key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path
