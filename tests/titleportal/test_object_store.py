"""Uploads and generated files in an S3-compatible object store (S3_BUCKET), against a real
S3 server on this machine (tests/object_store.py: moto in server mode, reached over HTTP).

Files uploaded through the portal's forms become objects of the private bucket; they leave
only through the views that check who asks, which redirect to a link signed for a minute
(PRIVATE_FILE_SERVER=presigned, the default with the object store) or stream the object
("django"). A store that does not answer is a clear Chinese sentence and a kept form.
"""

import os
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from applications.models import Attachment
from certificates.models import HistoricalCertificate
from tests import files
from tests import object_store as stores
from tests.applications.conftest import start
from tests.certificates import conftest as certificate_fixtures
from tests.certificates import test_signing
from tests.titleportal import test_private_files
from tests.titleportal.test_private_files import signed_in

pytestmark = pytest.mark.django_db

# The S3 server and buckets of tests/object_store.py; the demo's uploads of
# tests/titleportal/test_private_files.py; the signing CA and an issued certificate of
# tests/certificates.
s3_server = stores.s3_server
object_store = stores.object_store
object_store_down = stores.object_store_down
uploaded = test_private_files.uploaded
signing_ca = test_signing.signing_ca
issued = test_signing.issued
approved = certificate_fixtures.approved
office_context = certificate_fixtures.office_context
UNAVAILABLE = "文件存储服务暂时无法连接，文件未能保存。请过几分钟再试，本页已填写的内容已保留。"


def follow(location: str):
    """What a browser gets from the signed link (a plain HTTP GET to the object store)."""
    try:
        return urllib.request.urlopen(location, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_uploads_through_the_forms_are_objects_of_the_bucket(object_store, uploaded):
    for label, _url, name, _owner, _stranger, _type in uploaded:
        assert name in object_store.names(), label
    # The stashes of the forms were moved into place: nothing else is left, nothing on disk.
    assert not object_store.names("stash/")
    attachment = Attachment.objects.get(original_name="毕业证书.jpg")
    assert object_store.read(attachment.file.name)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert not (Path(django_settings.MEDIA_ROOT) / attachment.file.name).exists()


def test_whoever_may_see_a_file_is_sent_to_a_short_signed_link(object_store, uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "presigned"
    for label, url, name, owner, stranger, content_type in uploaded:
        response = owner.get(url)
        assert response.status_code == 302, label
        assert response["Cache-Control"] == "private, no-store"
        location = response["Location"]
        assert location.startswith(object_store.endpoint + "/"), label
        query = parse_qs(urlsplit(location).query)
        assert query["X-Amz-Expires"] == ["60"], label  # a minute, then the link is dead
        assert "X-Amz-Signature" in query
        fetched = follow(location)
        assert fetched.status == 200, label
        assert fetched.read() == object_store.read(name), label
        # The store answers with the type and disposition the portal chose.
        assert fetched.headers["Content-Type"] == content_type, label
        assert fetched.headers["Content-Disposition"].startswith("inline; filename*=UTF-8''")
        refused = stranger.get(url)
        assert refused.status_code == 404, label
        assert "Location" not in refused, label


def test_the_signed_link_names_the_file_as_it_was_uploaded(object_store, uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "presigned"
    _label, url, _name, owner, _stranger, _type = uploaded[0]
    fetched = follow(owner.get(url)["Location"])
    disposition = fetched.headers["Content-Disposition"]
    assert unquote(disposition.split("''", 1)[1]) == "毕业证书.jpg"


def test_the_portal_can_stream_objects_itself(object_store, uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "django"
    for label, url, name, owner, stranger, content_type in uploaded:
        response = owner.get(url)
        assert response.status_code == 200, label
        assert response["Content-Type"] == content_type
        assert response["Content-Security-Policy"].endswith("sandbox")
        assert b"".join(response.streaming_content) == object_store.read(name), label
        assert stranger.get(url).status_code == 404, label


def test_a_presented_link_without_its_signature_is_refused_by_the_store(object_store, uploaded):
    """The bucket is private: knowing an object's name is not enough."""
    _label, _url, name, *_rest = uploaded[0]
    answer = follow(f"{object_store.endpoint}/{object_store.bucket}/{name}")
    assert answer.status == 403


@pytest.mark.pdf
def test_a_certificate_pdf_is_made_into_the_bucket_and_verifies(
    object_store, signing_ca, issued, demo, settings, client
):
    settings.PRIVATE_FILE_SERVER = "presigned"
    holder = signed_in(demo.applicant)
    response = holder.get(reverse("certificates:download", args=[issued.pk]))
    assert response.status_code == 302
    fetched = follow(response["Location"])
    assert fetched.headers["Content-Type"] == "application/pdf"
    data = fetched.read()
    issued.refresh_from_db()
    assert issued.pdf.name in object_store.names()
    assert object_store.read(issued.pdf.name) == data
    # The stored file is the office's signed certificate: the public check says so.
    page = client.post(
        reverse("certificates:verify_pdf"),
        {"pdf": files.upload("证书.pdf", data, "application/pdf")},
    ).content.decode()
    assert "签名有效" in page and issued.number in page
    # Someone else gets nothing, not even a link.
    assert signed_in(demo.applicant2).get(
        reverse("certificates:download", args=[issued.pk])
    ).status_code in (404, 403)


HISTORICAL = {
    "number": "145",
    "specialty_name": "林业工程",
    "issuing_body": "广西流动人员职称改革办公室",
    "approved_on": "2016-07-01",
}


def test_a_store_that_does_not_answer_is_a_sentence_next_to_the_field(object_store_down, demo):
    from tests.factories import engineer_qualification

    zhang = signed_in(demo.applicant)
    response = zhang.post(
        reverse("certificates:historical_new"),
        {
            **HISTORICAL,
            "qualification": engineer_qualification("assistant").pk,
            "granting_office": demo.office_qz.pk,
            "certificate_scan": files.jpeg(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["certificate_scan"] == [UNAVAILABLE]
    page = response.content.decode()
    assert UNAVAILABLE in page
    for value in HISTORICAL.values():  # what the person typed is still there
        assert f'value="{value}"' in page, value
    assert not HistoricalCertificate.objects.exists()


def test_a_store_that_does_not_answer_refuses_a_material_upload_plainly(object_store_down, demo):
    zhang = signed_in(demo.applicant)
    application = start(demo.applicant, demo=demo)
    url = reverse("applications:material_upload", args=[application.pk, "materials", "diploma"])
    response = zhang.post(url, {"m-diploma-file": files.jpeg("毕业证书.jpg")}, follow=True)
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    assert not Attachment.objects.filter(application=application).exists()


def test_a_download_while_the_store_does_not_answer_is_the_503_page(
    object_store, uploaded, settings
):
    """The object was stored; then the store went away. Streaming needs it: 503, not 500."""
    settings.PRIVATE_FILE_SERVER = "django"
    _label, url, *_rest = uploaded[0]
    gone = object_store.storage_settings()
    gone["OPTIONS"]["endpoint_url"] = f"http://127.0.0.1:{stores.closed_port()}"
    settings.STORAGES = {**settings.STORAGES, "default": gone}
    zhang = Client(raise_request_exception=False)
    zhang.force_login(Attachment.objects.first().application.applicant)
    response = zhang.get(url)
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


def test_health_check_reports_the_object_store(object_store_down, client):
    """Required: an app server that cannot store files is taken out of the pool."""
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["components"]["storage"]["status"] == "down"


def test_health_check_passes_with_a_working_object_store(object_store, client):
    body = client.get("/healthz").json()
    assert body["components"]["storage"]["status"] == "ok"
    assert not object_store.names("healthz/")  # its probe file is removed again


def test_the_environment_configures_the_object_store_and_its_links():
    """S3_* variables make the bucket the file store, hand files out by signed links and let
    the pages show previews from the store's public address; without them nothing changes."""
    import json
    import subprocess
    import sys

    from tests.titleportal.test_settings import PRODUCTION_ENV

    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], s.PRIVATE_FILE_SERVER, "
        "s.SECURE_CSP['img-src'], s.SECURE_CSP['frame-src'], "
        "s.STORAGES['default'].get('OPTIONS', {}).get('bucket_name')]))"
    )

    def configured(**env):
        result = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {script}"],
            cwd=django_settings.BASE_DIR,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("S3_")},
                **PRODUCTION_ENV,
                "DJANGO_SETTINGS_MODULE": "titleportal.settings",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])

    backend, mode, img, frame, bucket = configured(
        S3_BUCKET="titleportal",
        S3_ENDPOINT_URL="http://minio.internal:9000",
        S3_PUBLIC_URL="https://files.zhicheng.example.gov.cn",
    )
    assert (backend, mode, bucket) == (
        "titleportal.s3.PrivateS3Storage",
        "presigned",
        "titleportal",
    )
    assert "https://files.zhicheng.example.gov.cn" in img
    assert "https://files.zhicheng.example.gov.cn" in frame
    assert "http://minio.internal:9000" not in img

    backend, mode, img, _frame, _bucket = configured()
    assert backend == "django.core.files.storage.FileSystemStorage" and mode == "django"
    assert not any("files." in source for source in img)


def test_check_deploy_refuses_a_file_server_that_reads_the_local_disk_with_the_bucket():
    from tests.titleportal.test_settings import PRODUCTION_ENV, run_manage

    result = run_manage(
        "check",
        "--deploy",
        env_overrides={
            **PRODUCTION_ENV,
            "S3_BUCKET": "titleportal",
            "PRIVATE_FILE_SERVER": "nginx",
        },
    )
    assert result.returncode != 0
    assert "titleportal.E002" in result.stderr + result.stdout


def test_links_are_signed_for_the_address_browsers_reach(object_store, settings):
    """The app servers reach the store inside the data centre, browsers at its public name."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    options = object_store.storage_settings()
    options["OPTIONS"]["public_endpoint_url"] = "https://files.zhicheng.example.gov.cn"
    settings.STORAGES = {**settings.STORAGES, "default": options}
    name = default_storage.save("exports/2026/a.xlsx", ContentFile(b"rows"))
    assert name in object_store.names()  # written through the inside address
    link = default_storage.url(name)
    assert link.startswith(f"https://files.zhicheng.example.gov.cn/{object_store.bucket}/{name}?")
    assert "X-Amz-Signature=" in link
