"""Signed certificate PDFs: each is signed (PAdES) by its issuing office's certificate, which a
validator trusting the CA accepts; a changed byte breaks it."""

import io
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates import services, signing
from certificates.pdf import certificate_pdf
from tests.certificates.test_pdf import pdf_bytes

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]


@pytest.fixture
def signing_ca(settings, tmp_path, demo):
    """A test CA and a signing certificate of 广西流动人员职改办, in a fresh directory."""
    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "signing"
    signing.make_office_certificate(demo.office)
    return tmp_path / "signing"


@pytest.fixture
def issued(approved, office_context, demo, cjk_font):
    application = approved()
    return services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=application.pk
    )


def validate(data: bytes, ca_dir):
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor((ca_dir / signing.CA_CERT).read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    reader = PdfFileReader(io.BytesIO(data))
    [signature] = reader.embedded_signatures
    return signature, validate_pdf_signature(signature, context)


def test_the_pdf_is_signed_by_the_office_and_validates_against_the_ca(issued, signing_ca, demo):
    data = pdf_bytes(issued)
    signature, status = validate(data, signing_ca)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert demo.office.name in signature.signer_cert.subject.human_friendly
    assert len(data) < 200 * 1024


def test_a_changed_byte_breaks_the_signature(issued, signing_ca):
    data = bytearray(pdf_bytes(issued))
    # A byte of the page content, inside the signed range (the first half of the file).
    at = data.index(b"stream", len(data) // 4) + 20
    data[at] ^= 0x01
    _, status = validate(bytes(data), signing_ca)
    assert not status.bottom_line


def test_a_pdf_signed_under_another_ca_is_not_trusted(issued, signing_ca, tmp_path, settings):
    data = pdf_bytes(issued)
    other = tmp_path / "other"
    signing.make_test_ca(other)
    _, status = validate(data, other)
    assert status.intact and not status.trusted and not status.bottom_line


def test_a_new_signing_certificate_signs_the_stored_pdf_again(issued, signing_ca, demo):
    first = pdf_bytes(issued)
    assert pdf_bytes(issued) == first  # cached while nothing changed
    signing.make_office_certificate(demo.office, force=True)
    second = pdf_bytes(issued)
    assert second != first
    assert validate(second, signing_ca)[1].bottom_line


def test_without_a_key_the_pdf_is_left_unsigned(issued, settings, tmp_path):
    from pypdf import PdfReader

    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "none"
    data = pdf_bytes(issued)
    assert "/AcroForm" not in PdfReader(io.BytesIO(data)).trailer["/Root"]


def test_signing_adds_little_time(issued, signing_ca):
    certificate_pdf(issued)  # warm up: font subset, caches
    from certificates.pdf import render_certificate_pdf

    data = render_certificate_pdf(issued, url="http://portal.example.cn/x")
    started = time.perf_counter()
    signing.sign(data, office=issued.office)
    assert time.perf_counter() - started < 0.3


def test_the_command_makes_a_ca_and_office_certificates(settings, tmp_path, demo):
    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "cmd"
    call_command("make_signing_ca", office=[demo.office.code], force=False)
    assert (tmp_path / "cmd" / signing.CA_CERT).is_file()
    assert signing.is_signed_by_office(demo.office)
    assert not signing.is_signed_by_office(demo.office_qz)


def test_the_public_page_says_the_pdf_is_signed_by_the_office(client, issued, signing_ca, demo):
    page = client.get(
        reverse("certificates:verify_code", kwargs={"code": issued.verification_code})
    )
    assert f"电子证书由{demo.office.name}电子签名" in page.content.decode()
