"""Checking a presented certificate PDF: on the public certificate query page (anyone) and
through the API (scope certificates:verify), with the same answer: is the signature valid,
which certificate is it and is that certificate still valid, void or replaced."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from api.scopes import VERIFY
from certificates import signing
from certificates.models import Certificate
from tests.api import conftest as api_fixtures
from tests.certificates import test_signing
from tests.certificates.test_pdf import pdf_bytes

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

# The signing CA and an issued certificate of tests/certificates/test_signing.py; the API
# client and its token of tests/api.
signing_ca = test_signing.signing_ca
issued = test_signing.issued
register = api_fixtures.register
get_token = api_fixtures.get_token
bearer = api_fixtures.bearer

PAGE = reverse("certificates:verify_pdf")
API = reverse("api_v1:certificate_verify_pdf")


def upload(data: bytes, name="证书.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def check_on_page(client, data: bytes, name="证书.pdf"):
    response = client.post(PAGE, {"pdf": upload(data, name)})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def api_headers(register, bearer):
    api_client, secret = register(scopes=[VERIFY])
    return bearer(api_client, secret)


def check_by_api(client, headers, data: bytes, name="证书.pdf"):
    return client.post(API, {"pdf": upload(data, name)}, **headers)


def tampered(data: bytes) -> bytes:
    changed = bytearray(data)
    at = changed.index(b"stream", len(changed) // 4) + 20
    changed[at] ^= 0x01
    return bytes(changed)


def test_the_page_offers_the_file_check(client):
    html = client.get(reverse("certificates:verify")).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert f'action="{PAGE}"' in html
    assert "核验电子证书文件" in html


def test_an_untouched_signed_pdf_passes(client, issued, signing_ca, api_headers, demo):
    data = pdf_bytes(issued)
    html = check_on_page(client, data)
    assert "签名有效" in html
    assert issued.number in html
    assert demo.office.name in html  # the signer
    assert '<span class="text-success fw-semibold">有效</span>' in html

    answer = check_by_api(client, api_headers, data)
    assert answer.status_code == 200
    body = answer.json()
    assert body["signature"] == "valid" and body["signature_label"] == "签名有效"
    assert body["certificate"]["number"] == issued.number
    assert body["certificate_state"] == "valid" and body["certificate_state_label"] == "有效"
    assert demo.office.name in body["signer"]


def test_a_pdf_changed_after_signing_fails(client, issued, signing_ca, api_headers):
    data = tampered(pdf_bytes(issued))
    html = check_on_page(client, data)
    assert "签名无效" in html
    assert "文件在签名后被改动过，内容不可信。" in html
    assert issued.number not in html  # nothing vouches for what the file says

    body = check_by_api(client, api_headers, data).json()
    assert body["signature"] == "invalid"
    assert body["explanation"] == "文件在签名后被改动过，内容不可信。"
    assert body["certificate"] is None


def test_content_added_after_signing_fails(client, issued, signing_ca):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    buffer = io.BytesIO(pdf_bytes(issued))
    writer = IncrementalPdfFileWriter(buffer)
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    writer.write_in_place()
    html = check_on_page(client, buffer.getvalue())
    assert "签名无效" in html and "文件在签名后被追加修改过" in html


def test_a_signature_under_another_root_is_not_trusted(
    client, issued, signing_ca, settings, tmp_path
):
    data = pdf_bytes(issued)
    signing.make_test_ca(tmp_path / "other")
    settings.CERTIFICATE_TRUST_ROOTS = [str(tmp_path / "other" / signing.CA_CERT)]
    html = check_on_page(client, data)
    assert "签名无效" in html and "不是本平台信任的发证机关证书" in html


def test_an_unsigned_pdf_says_unsigned(client, issued, api_headers, settings, tmp_path):
    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "no-keys"
    data = pdf_bytes(issued)
    html = check_on_page(client, data)
    assert "未签名" in html and "该文件没有电子签名" in html

    body = check_by_api(client, api_headers, data).json()
    assert body["signature"] == "unsigned" and body["certificate"] is None


@pytest.mark.parametrize(
    "content",
    [b"\xff\xd8\xff\xe0 a JPEG photo", "证书".encode(), b"%PDF-1.7\n this is no PDF at all"],
)
def test_what_is_not_a_pdf_gets_a_message_next_to_the_field(client, api_headers, content):
    response = client.post(PAGE, {"pdf": upload(content, "photo.pdf")})
    assert response.status_code == 200
    html = response.content.decode()
    message = "这不是可以读取的 PDF 文件，请选择从本平台下载的电子证书 PDF。"
    assert f'<div class="invalid-feedback d-block">{message}</div>' in html

    answer = check_by_api(client, api_headers, content, "photo.pdf")
    assert answer.status_code == 400 and answer.json()["detail"] == message


def test_no_file_and_an_oversized_file_get_messages(client, api_headers, settings):
    html = client.post(PAGE, {}).content.decode()
    assert "请选择电子证书的 PDF 文件。" in html
    settings.CERTIFICATE_CHECK_MAX_BYTES = 1024 * 1024
    big = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    html = check_on_page(client, big)
    assert "文件超过 1 MB" in html
    answer = check_by_api(client, api_headers, big)
    assert answer.status_code == 413 and "文件超过 1 MB" in answer.json()["detail"]


def test_the_current_state_of_the_certificate_is_told(
    client,
    issued,
    signing_ca,
    api_headers,
    approved,
    office_context,
    demo,
):
    data = pdf_bytes(issued)
    Certificate.objects.filter(pk=issued.pk).update(
        status=Certificate.Status.VOID,
        void_reason=Certificate.VoidReason.REVOKED,
        voided_on=datetime.date(2026, 3, 1),
    )
    html = check_on_page(client, data)
    assert "签名有效" in html and "已作废" in html and "自 2026-03-01 起" in html
    assert check_by_api(client, api_headers, data).json()["certificate_state"] == "void"

    from certificates import services

    other = services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=approved().pk
    )
    Certificate.objects.filter(pk=other.pk).update(replaces=issued)
    Certificate.objects.filter(pk=issued.pk).update(void_reason=Certificate.VoidReason.REPLACED)
    html = check_on_page(client, data)
    assert "已被替换" in html and f"已由证书 {other.number} 替换。" in html
    body = check_by_api(client, api_headers, data).json()
    assert body["certificate_state"] == "replaced" and body["certificate_state_label"] == "已被替换"
    assert body["certificate"]["replaced_by"] == other.number
