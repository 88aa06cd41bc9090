"""Private files leave through permission-checked views, also when the web server sends them.

With PRIVATE_FILE_SERVER=nginx the view answers X-Accel-Redirect to an internal location
(nginx maps it onto MEDIA_ROOT with `internal; alias`), with "apache" X-Sendfile with the file's
path: Django sends no bytes itself, and only after the view has checked who asks. The internal
location is not a route of the portal, so asking for it directly gets nothing.
"""

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from applications.models import Attachment
from tests import files
from tests.applications.conftest import start

pytestmark = pytest.mark.django_db


def signed_in(user, role: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if role:
        session = client.session
        session[SESSION_KEY] = role
        session.save()
    return client


@pytest.fixture
def uploaded(demo):
    """Files of the demo: a diploma scan on 张三's application and the unit's seal, each with the
    URL of the view that hands it out, who may fetch it and who may not."""
    zhang = signed_in(demo.applicant)
    application = start(demo.applicant, demo=demo)
    scan = files.jpeg("毕业证书.jpg")
    response = zhang.post(
        reverse("applications:material_upload", args=[application.pk, "materials", "diploma"]),
        {"m-diploma-file": scan},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application, original_name="毕业证书.jpg")

    # A PDF that would open with a script.
    paper = files.upload("考核表.pdf", files.active_pdf_bytes("open_action"), "application/pdf")
    response = zhang.post(
        reverse(
            "applications:material_upload",
            args=[application.pk, "materials", "probation_appraisal"],
        ),
        {"m-probation_appraisal-file": paper},
    )
    assert response.status_code == 302
    pdf = Attachment.objects.filter(application=application, original_name="考核表.pdf").get()

    unit = signed_in(demo.unit_account)
    seal = files.png(mode="RGBA", name="公章.png")
    assert unit.post(reverse("units:seal_upload"), {"seal": seal}).status_code == 302
    demo.unit.refresh_from_db()
    return [
        (
            "application attachment",
            reverse("applications:attachment", args=[application.pk, attachment.pk]),
            attachment.file.name,
            zhang,
            signed_in(demo.applicant2),
            "image/jpeg",
        ),
        (
            "application PDF",
            reverse("applications:attachment", args=[application.pk, pdf.pk]),
            pdf.file.name,
            zhang,
            signed_in(demo.applicant2),
            "application/pdf",
        ),
        (
            "unit seal",
            reverse("units:seal_file"),
            demo.unit.seal_image.name,
            unit,
            signed_in(demo.applicant2),
            "image/png",
        ),
    ]


def stored_bytes(name: str) -> bytes:
    return (Path(django_settings.MEDIA_ROOT) / name).read_bytes()


def test_django_streams_the_file_to_whoever_may_see_it(uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "django"
    for label, url, name, owner, stranger, content_type in uploaded:
        response = owner.get(url)
        assert response.status_code == 200, label
        assert response["Content-Type"] == content_type
        assert b"".join(response.streaming_content) == stored_bytes(name), label
        assert "X-Accel-Redirect" not in response and "X-Sendfile" not in response
        assert stranger.get(url).status_code == 404, label


def test_nginx_gets_an_internal_redirect_and_sends_the_bytes_itself(uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "nginx"
    settings.PRIVATE_FILE_INTERNAL_URL = "/protected-media/"
    for label, url, name, owner, stranger, content_type in uploaded:
        response = owner.get(url)
        assert response.status_code == 200, label
        assert response.content == b"", label  # no body from Django
        target = response["X-Accel-Redirect"]
        assert target.startswith("/protected-media/"), label
        # nginx's `location /protected-media/ { internal; alias MEDIA_ROOT/; }` finds the file.
        path = unquote(target.removeprefix("/protected-media/"))
        assert stored_bytes(path) == stored_bytes(name), label
        assert "X-Sendfile" not in response
        # nginx passes type, name and caching on itself; its internal location adds the
        # other hardening headers back from these (see the README test below).
        assert response["Content-Type"] == content_type
        assert response["Content-Disposition"].startswith("inline; filename*=UTF-8''")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        refused = stranger.get(url)
        assert refused.status_code == 404, label
        assert "X-Accel-Redirect" not in refused, label


def test_apache_gets_the_path_for_x_sendfile(uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "apache"
    media_root = Path(django_settings.MEDIA_ROOT).resolve()
    for label, url, name, owner, stranger, content_type in uploaded:
        response = owner.get(url)
        assert response.status_code == 200, label
        assert response.content == b"", label
        path = Path(response["X-Sendfile"])
        assert path.is_absolute() and path.resolve().is_relative_to(media_root), label
        assert path.read_bytes() == stored_bytes(name), label
        assert "X-Accel-Redirect" not in response
        assert response["Content-Type"] == content_type
        refused = stranger.get(url)
        assert refused.status_code == 404, label
        assert "X-Sendfile" not in refused, label


def test_anonymous_visitors_get_no_file_in_any_mode(uploaded, settings):
    for mode in ("django", "nginx", "apache"):
        settings.PRIVATE_FILE_SERVER = mode
        for label, url, *_ in uploaded:
            response = Client().get(url)
            assert response.status_code == 302, (mode, label)
            assert response["Location"].startswith(reverse("account_login"))
            assert "X-Accel-Redirect" not in response and "X-Sendfile" not in response


@pytest.mark.parametrize("mode", ["django", "nginx", "apache"])
def test_the_internal_location_and_media_paths_are_not_routes(uploaded, settings, mode):
    """Asked for directly (even signed in as the owner), the stored file is not there."""
    settings.PRIVATE_FILE_SERVER = mode
    for label, _url, name, owner, _stranger, _type in uploaded:
        assert stored_bytes(name)
        for prefix in (django_settings.PRIVATE_FILE_INTERNAL_URL, "/media/", "/static/", "/"):
            response = owner.get(prefix.rstrip("/") + "/" + name)
            assert response.status_code == 404, (label, prefix)
            assert "X-Accel-Redirect" not in response and "X-Sendfile" not in response
            assert stored_bytes(name) not in response.content


# What keeps a private file from running anything, on every answer of the checked views.
HARDENING = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'; sandbox",
    "X-Frame-Options": "SAMEORIGIN",
    "Cache-Control": "private, no-store",
}


@pytest.mark.parametrize("mode", ["django", "nginx", "apache"])
def test_every_file_is_a_sandboxed_document_of_its_stored_type(uploaded, settings, mode):
    settings.PRIVATE_FILE_SERVER = mode
    for label, url, _name, owner, _stranger, content_type in uploaded:
        response = owner.get(url)
        for header, value in HARDENING.items():
            assert response[header] == value, (mode, label, header)
        assert response["Content-Type"] == content_type, (mode, label)
        # The person's file name, percent-encoded: nothing in it can end the header value.
        assert re.fullmatch(
            r"inline; filename\*=UTF-8''[A-Za-z0-9%._~-]+", response["Content-Disposition"]
        ), (mode, label)


def test_the_pdf_served_back_has_no_script(uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "django"
    (pdf,) = [entry for entry in uploaded if entry[-1] == "application/pdf"]
    _label, url, _name, owner, _stranger, _type = pdf
    served = b"".join(owner.get(url).streaming_content)
    assert files.active_content(served) == set()


def test_a_name_with_separators_stays_inside_the_header(demo):
    zhang = signed_in(demo.applicant)
    application = start(demo.applicant, demo=demo)
    scan = files.jpeg("证书; filename=evil.html; x=.jpg")
    zhang.post(
        reverse("applications:material_upload", args=[application.pk, "materials", "diploma"]),
        {"m-diploma-file": scan},
    )
    attachment = Attachment.objects.get(application=application)
    response = zhang.get(reverse("applications:attachment", args=[application.pk, attachment.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.count(";") == 1 and '"' not in disposition
    assert attachment.original_name == "证书; filename=evil.html; x=.jpg"
    assert unquote(disposition.split("''", 1)[1]) == attachment.original_name


def test_any_other_stored_type_is_an_opaque_download(settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from titleportal.files import serve_private_file
    from titleportal.models import StashedUpload

    name = default_storage.save("stash/page.html", ContentFile(b"<script>alert(1)</script>"))
    response = serve_private_file(StashedUpload(file=name).file, download_name="page.html")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''page.html"
    assert response["Content-Security-Policy"] == HARDENING["Content-Security-Policy"]


# What nginx itself passes on from the portal's answer after X-Accel-Redirect (the headers
# flagged for redirects in nginx's ngx_http_upstream_headers_in table); the internal location
# in the README must add every other hardening header back.
NGINX_KEEPS = {"Content-Type", "Content-Disposition", "Cache-Control", "Expires", "Set-Cookie"}


def test_the_readme_nginx_location_adds_back_the_headers_nginx_drops(uploaded, settings):
    settings.PRIVATE_FILE_SERVER = "nginx"
    readme = (Path(django_settings.BASE_DIR) / "README.md").read_text()
    location = re.search(r"location /protected-media/ \{(.*?)\n\}", readme, re.S)
    assert location, "the README shows the internal location"
    _label, url, _name, owner, _stranger, _type = uploaded[0]
    response = owner.get(url)
    for header in HARDENING.keys() - NGINX_KEEPS:
        variable = "$upstream_http_" + header.lower().replace("-", "_")
        assert header in response
        assert f"add_header {header} {variable} always;" in location.group(1), header
