"""A PDF never loads what a stored text points at: not another host, not a local file.

WeasyPrint loads every ``src``, ``href`` and CSS ``url()`` of the page it renders. Stored text
is escaped (and rich text sanitised) before it reaches the page, so a payload such as
``<img src="http://169.254.169.254/…">`` prints as text; and should an escaping layer ever
fail, titleportal.pdf's fetcher is the last one: it refuses anything but data: URIs, the
portal's static files and the private files a view passes by name.

Each document is rendered through its view with payloads in a text field a person types: once
as configured (escaped), once with the templates' autoescaping turned off, so that the
payloads reach WeasyPrint as markup. A local HTTP server on 127.0.0.1 must receive no request,
the local file's content must not be in the PDF read back, and the Chinese text must be. The
last tests render the same documents with WeasyPrint's own fetcher and see the server called
and the file read: the payloads do reach the renderer, so the checks above can fail.
"""

import copy
import io
import re
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]

OUTSIDE_TEXT = "OUTSIDEHOSTCONTENT"
LOCAL_TEXT = "LOCALFILECONTENT"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40">'
    '<text x="0" y="30" font-size="20">{}</text></svg>'
)


class _Recorder(BaseHTTPRequestHandler):
    """Answers everything with content that would show in the PDF, and notes each request."""

    def do_GET(self):
        self.server.requests.append(self.path)
        if self.path.endswith(".css"):
            body, kind = f'body::after {{ content: "{OUTSIDE_TEXT}"; }}', "text/css"
        else:
            body, kind = SVG.format(OUTSIDE_TEXT), "image/svg+xml"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format, *args):
        pass


@pytest.fixture
def outside():
    """Another host, as far as the portal is concerned: an HTTP server on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_file():
    """A file of the server outside anything a PDF may show (a short path: it goes in names)."""
    directory = Path(tempfile.mkdtemp())
    path = directory / "s.svg"
    path.write_text(SVG.format(LOCAL_TEXT))
    yield path
    shutil.rmtree(directory)


@pytest.fixture(params=["escaped", "unescaped"])
def escaping(request, settings):
    """As configured, or with autoescaping off: every escaping layer failed at once."""
    if request.param == "unescaped":
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["autoescape"] = False
        settings.TEMPLATES = templates
    return request.param


def payloads(outside, local_file) -> dict[str, str]:
    """The ways a page makes WeasyPrint load something, pointed outside; short ones first."""
    origin = f"http://127.0.0.1:{outside.server_port}"
    return {
        "image": f"<img src={origin}/a.svg>",
        "file": f"<img src=file://{local_file}>",
        "stylesheet": f'<link rel="stylesheet" href="{origin}/b.css">',
        "object": f'<object data="file://{local_file}" type="image/svg+xml"></object>',
        "background": f"<p style=\"background: url('{origin}/c.svg')\">x</p>",
        "svg": f'<svg width="9" height="9"><image href="{origin}/d.svg" width="9" height="9"/></svg>',
        "attachment": '<a rel="attachment" href="file:///etc/passwd">x</a>',
    }


def within(limit: int, marker: str, *parts: str) -> str:
    text = marker + "".join(parts)
    assert len(text) <= limit, (len(text), text)  # PostgreSQL would refuse a longer value
    return text


def compact(text: str) -> str:
    return "".join(text.split())


def read_back(data: bytes) -> tuple[str, list[bytes]]:
    """The text of the PDF (without white space) and the files embedded in it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    embedded = [content for contents in reader.attachments.values() for content in contents]
    for page in reader.pages:  # <a rel="attachment"> becomes a file attachment annotation
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation["/FS"].get_object()
                embedded.append(spec["/EF"]["/F"].get_object().get_data())
    text = "".join(page.extract_text() or "" for page in reader.pages)
    return compact(text), embedded


def body(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content) if response.streaming else response.content


def _signed_in(client, user, key=None):
    client.force_login(user)
    if key:
        session = client.session
        session["acting_as"] = key
        session.save()
    return client


# --- the documents, each with payloads in a field a person types ---------------------------------


def certificate_pdf(demo, client, marker, outside, local_file):
    from accounts.roles import Role, RoleContext
    from certificates import services
    from certificates.models import Certificate
    from tests.factories import ApprovedApplicationFactory

    found = payloads(outside, local_file)
    application = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
    certificate = services.certificate_issue(
        actor=demo.office_staff,
        role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
        application_id=application.pk,
    )
    # The certificate's fields are short: one payload each.
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name=within(50, "张三", found["image"]),
        specialty_name=within(50, marker, found["file"]),
        issuing_body=within(100, "广西职改办", found["stylesheet"]),
    )
    response = _signed_in(client, demo.applicant).get(
        reverse("certificates:download", args=[certificate.pk])
    )
    return body(response), "职称证书"


def _evaluation(demo):
    from applications.models import Kind
    from tests.factories import ApplicationFactory, add_sections
    from units.models import ReviewSession

    application = ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit,
        office=demo.office,
        committee=demo.committee,
        review_session=ReviewSession.objects.get(committee=demo.committee),
        kind=Kind.EVALUATION,
        opinions=True,
    )
    add_sections(application)
    return application


def evaluation_form_pdf(demo, client, marker, outside, local_file):
    from reviews.models import UnitOpinion

    application = _evaluation(demo)
    UnitOpinion.objects.filter(application=application).update(
        appraisal_recommendation=marker + "".join(payloads(outside, local_file).values())
    )
    response = _signed_in(client, demo.staff, f"unit_staff:{demo.unit.pk}").get(
        reverse("reviews:evaluation_form", args=[application.pk])
    )
    return body(response), "评审表"


def publicity_table_pdf(demo, client, marker, outside, local_file):
    from accounts.models import User
    from applications.models import Application

    application = _evaluation(demo)
    found = payloads(outside, local_file)
    # The table lists short fields: the typed specialty and the name.
    Application.objects.filter(pk=application.pk).update(
        custom_specialty=within(50, marker, found["image"])
    )
    User.objects.filter(pk=demo.applicant.pk).update(full_name=within(50, "张三", found["file"]))
    response = _signed_in(client, demo.staff, f"unit_staff:{demo.unit.pk}").get(
        reverse("reviews:publicity_table"), {"year": application.year}
    )
    return body(response), "公示表"


def application_pdf(demo, client, marker, outside, local_file):
    from applications.models import BasicInfo

    application = _evaluation(demo)
    BasicInfo.objects.filter(application=application).update(
        achievements_summary=marker + "".join(payloads(outside, local_file).values())
    )
    response = _signed_in(client, demo.applicant).get(
        reverse("applications:pdf", args=[application.pk])
    )
    return body(response), "基本情况"


DOCUMENTS = {
    "certificate": certificate_pdf,
    "evaluation_form": evaluation_form_pdf,
    "publicity_table": publicity_table_pdf,
    "application": application_pdf,
}
MARKER = "桥梁结构设计甲"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_stored_payload_loads_nothing_from_outside(
    document, escaping, demo, client, outside, local_file, cjk_font
):
    data, title = DOCUMENTS[document](demo, client, MARKER, outside, local_file)
    text, embedded = read_back(data)
    assert outside.requests == []
    assert LOCAL_TEXT not in text and OUTSIDE_TEXT not in text
    assert embedded == [] and "root:" not in text
    # The document and the field holding the payloads are there, in Chinese.
    assert title in text and MARKER in text
    # Escaped, the payload prints as the text typed; unescaped, it was markup, and refused.
    assert ("<img" in text) is (escaping == "escaped")


def test_the_application_pdf_still_loads_the_print_stylesheet(demo, client, cjk_font):
    """A static file of the portal is allowed: print.css numbers the pages ("1 / 2")."""
    from applications.models import BasicInfo

    application = _evaluation(demo)
    BasicInfo.objects.filter(application=application).update(achievements_summary="主持设计")
    response = _signed_in(client, demo.applicant).get(
        reverse("applications:pdf", args=[application.pk])
    )
    text, _ = read_back(body(response))
    assert re.search(r"1/[1-9]", text), text[-200:]
    assert "主持设计" in text


# --- the checks can fail: WeasyPrint's own fetcher loads the same payloads ---------------------


@pytest.fixture
def open_fetcher(monkeypatch):
    """titleportal.pdf with WeasyPrint's default fetcher in place of the restricted one."""
    from titleportal import pdf

    def open_fetcher_class():
        from weasyprint.urls import URLFetcher

        class Open(URLFetcher):
            def __init__(self, *, base_url, files):
                super().__init__()

        return Open

    monkeypatch.setattr(pdf, "_fetcher_class", open_fetcher_class)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_without_the_restricted_fetcher_the_same_payloads_are_loaded(
    document, settings, open_fetcher, demo, client, outside, local_file, cjk_font
):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["autoescape"] = False
    settings.TEMPLATES = templates
    data, _ = DOCUMENTS[document](demo, client, MARKER, outside, local_file)
    text, embedded = read_back(data)
    assert outside.requests
    assert LOCAL_TEXT in text
    if document in ("evaluation_form", "application"):  # room for every payload
        assert OUTSIDE_TEXT in text
        assert any(b"root:" in content for content in embedded)
