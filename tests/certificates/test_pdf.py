"""The certificate PDF, read back: its text, its embedded font, its QR code, its size."""

import io
import shutil
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from applications.models import Application
from certificates import services
from certificates.pdf import certificate_pdf
from tests.conftest import _missing
from tests.files import image_bytes

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture
def pdftoppm():
    if not PDFTOPPM:
        _missing("pdftoppm (poppler-utils) is not installed, so PDF pages cannot be rasterised")
    return PDFTOPPM


@pytest.fixture
def issued(approved, office_context, demo, cjk_font):
    application = approved()
    return services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=application.pk
    )


def pdf_bytes(certificate) -> bytes:
    request = RequestFactory().get("/", HTTP_HOST="portal.example.cn")
    with certificate_pdf(certificate, request=request).open("rb") as handle:
        return handle.read()


def text_of(data: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def font_names(data: bytes) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return names


def test_text_holds_name_number_and_qualification(issued):
    text = text_of(pdf_bytes(issued))
    compact = "".join(text.split())
    assert "张三" in compact
    assert issued.number in compact
    assert issued.qualification.name in compact
    assert issued.verification_code in compact
    assert "职称证书" in compact


def test_cjk_font_is_embedded_as_a_subset(issued):
    names = font_names(pdf_bytes(issued))
    cjk = [name for name in names if "CJK" in name]
    assert cjk, names
    # Subset fonts carry a six-letter tag: ABCDEF+NotoSerifCJKsc-Regular.
    assert all(name.lstrip("/")[6] == "+" for name in cjk)


def test_file_stays_small_with_a_large_photo_and_a_seal(issued, monkeypatch):
    # Random pixels are the worst case for JPEG: a real photo compresses far better.
    photo_name = default_storage.save(
        "test-photos/photo.jpg", ContentFile(image_bytes(size=(2400, 3200), noise=True))
    )
    monkeypatch.setattr(
        Application, "certificate_photo", lambda self: default_storage.open(photo_name)
    )
    issued.office.seal_image.save(
        "seal.png", ContentFile(image_bytes("PNG", size=(1200, 1200), color=(200, 20, 20)))
    )
    data = pdf_bytes(issued)
    assert len(data) <= 200 * 1024
    from pypdf import PdfReader

    images = [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
    assert len(images) >= 2  # the photo and the seal are on the page


def test_same_data_gives_the_same_text_and_a_cached_file(issued):
    first = pdf_bytes(issued)
    issued.refresh_from_db()
    name = issued.pdf.name
    second = pdf_bytes(issued)
    issued.refresh_from_db()
    assert issued.pdf.name == name  # served from the cache, not rendered again
    assert text_of(first) == text_of(second)


def test_changed_data_renders_again(issued):
    pdf_bytes(issued)
    issued.refresh_from_db()
    old_name = issued.pdf.name
    issued.specialty_name = "道路与桥梁工程"
    issued.save()
    data = pdf_bytes(issued)
    issued.refresh_from_db()
    assert issued.pdf.name != old_name
    assert "道路与桥梁工程" in "".join(text_of(data).split())


def test_qr_code_opens_the_public_page_of_this_certificate(issued, pdftoppm, tmp_path):
    import zxingcpp

    (tmp_path / "certificate.pdf").write_bytes(pdf_bytes(issued))
    subprocess.run(
        [pdftoppm, "-r", "200", "-png", "-singlefile", "certificate.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    page = Image.open(tmp_path / "page.png")
    results = zxingcpp.read_barcodes(page)
    texts = [result.text for result in results if result.format == zxingcpp.BarcodeFormat.QRCode]
    expected = "http://portal.example.cn" + reverse(
        "certificates:verify_code", kwargs={"code": issued.verification_code}
    )
    assert texts == [expected]
