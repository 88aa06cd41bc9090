"""titleportal.pdf: what a PDF may load, and WeasyPrint kept out of start-up.

The documents themselves, with stored payloads, are in tests/security/test_pdf_resources.py.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from titleportal.pdf import FILE_SCHEME, RefusedResource, resolve_resource

BASE = "http://testserver/"
BASE_DIR = Path(settings.BASE_DIR)
PRINT_CSS = BASE_DIR / "static" / "applications" / "print.css"


def resolve(url: str, files=None):
    return resolve_resource(url, base_url=BASE, files=files or {})


def test_a_static_file_of_the_portal_is_read_from_disk():
    content, content_type = resolve("http://testserver/static/applications/print.css")
    assert content == PRINT_CSS.read_bytes()
    assert content_type == "text/css"


def test_a_file_passed_by_name_is_given_back():
    photo = (b"\xff\xd8jpeg", "image/jpeg")
    assert resolve(FILE_SCHEME + "photo", {"photo": photo}) == photo


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8000/static/applications/print.css",  # another host, same path
        "https://testserver/static/applications/print.css",  # another scheme
        "ftp://testserver/static/applications/print.css",
        "file:///etc/passwd",
        f"file://{PRINT_CSS}",  # a file URL, even to a static file
        "http://testserver/static/../titleportal/settings.py",
        "http://testserver/static/%2e%2e/titleportal/settings.py",
        "http://testserver/static/applications/..%2f..%2f..%2fpyproject.toml",
        "http://testserver/static/applications%5c..%5c..%5cpyproject.toml",
        "http://testserver/static/%2fetc%2fpasswd",
        "http://testserver/static/",
        "http://testserver/static/applications/missing.css",
        "http://testserver/media/applications/photo.jpg",  # private files: never by address
        "http://testserver/applications/1/pdf/",  # a page of the portal: never requested
        FILE_SCHEME + "seal",  # not passed to this PDF
        FILE_SCHEME + "../photo",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(RefusedResource):
        resolve(url, {"photo": (b"x", "image/jpeg")})


def test_a_link_out_of_the_static_root_is_refused(tmp_path):
    """A symbolic link under STATIC_ROOT that leads elsewhere is not followed out."""
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    root = Path(settings.STATIC_ROOT)
    inside, link = root / "pdf-test-inside.txt", root / "pdf-test-link.txt"
    inside.write_text("public")
    link.symlink_to(secret)
    try:
        assert resolve("http://testserver/static/pdf-test-inside.txt")[0] == b"public"
        with pytest.raises(RefusedResource):
            resolve("http://testserver/static/pdf-test-link.txt")
    finally:
        inside.unlink()
        link.unlink()


def test_the_fetcher_decodes_data_uris_and_refuses_the_rest():
    from titleportal.pdf import _fetcher_class

    fetcher = _fetcher_class()(base_url=BASE, files={})
    response = fetcher("data:text/plain;base64,5qCH6K6w")
    assert response.read().decode() == "标记"
    with pytest.raises(RefusedResource):
        fetcher("http://127.0.0.1:9/")


def test_starting_the_portal_does_not_import_weasyprint():
    """Every URL module (and so every view) loads without WeasyPrint; a PDF view imports it."""
    code = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "print('weasyprint' in sys.modules)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "titleportal.settings_test"},
    )
    assert found.stdout.strip().splitlines()[-1] == "False", found.stderr[-2000:]


def _ruff(source: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--stdin-filename", "reviews/x.py"],
        cwd=BASE_DIR,
        input=source,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "source",
    [
        "import weasyprint\n",
        "from weasyprint import HTML\n",
        "from weasyprint.urls import URLFetcher\n",
    ],
)
def test_lint_fails_on_a_module_level_weasyprint_import(source):
    result = _ruff(source)
    assert result.returncode == 1
    assert "TID253" in result.stdout


def test_lint_accepts_weasyprint_imported_where_it_is_used():
    result = _ruff("def render():\n    from weasyprint import HTML\n\n    return HTML\n")
    assert result.returncode == 0, result.stdout
