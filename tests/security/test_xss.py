"""XSS payloads in every text a person types, rendered inert everywhere that text appears.

The payloads of ``xss.py`` go into every free-text field of the demo world (names, titles of
achievements, unit and organisation names, reviewers' opinions, return reasons, messages,
notices, certificate data, the rich-text work summary) — straight into the database, past the
forms, because the point is that OUTPUT is inert even for text that was never cleaned. Then
each role crawls every page it can reach from its home page (detail, review, print pages, the
evaluation-form, publicity and certificate PDFs, the .xlsx downloads) and each answer is
checked: HTML with the parser of ``xss.py``, PDFs read back with pypdf, workbooks with openpyxl.

The crawl runs in rounds; in round r the i-th field holds payload (i + r) mod N, so each round
places every payload in several fields and the rounds move each payload on to other fields.
``XSS_ROUNDS`` (default 2; the number of payloads gives every payload in every field) sets how
many; each round prints what it checked, and the totals are asserted at the end.
"""

import html
import io
import os
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.template import Context, Template

from accounts.selectors import available_role_contexts
from titleportal.sanitize import sanitize_html
from titleportal.spreadsheets import FORMULA_START

from .xss import PAYLOADS, TEMPLATE_EVALUATED, URL_PAYLOADS, find_active_content, response_nonce

pytestmark = pytest.mark.django_db

PAYLOAD_IDS = [f"payload{i + 1}" for i in range(len(PAYLOADS))]
# The spreadsheet payloads are plain text in a page; they are checked in the .xlsx read back.
MARKUP_IDS, MARKUP_PAYLOADS = zip(
    *[
        (i, p)
        for i, p in zip(PAYLOAD_IDS, PAYLOADS, strict=True)
        if not p.startswith(FORMULA_START)
    ],
    strict=True,
)

ROUNDS = int(os.environ.get("XSS_ROUNDS", "2"))
PROJECT_APPS = (
    "reference",
    "accounts",
    "applications",
    "certificates",
    "reviews",
    "units",
    "titleportal",
)

# Fields whose value the portal's logic reads (codes, keys, identifiers used to look things up,
# stored file names): a payload there tests nothing a person types and only breaks the world.
SKIPPED_FIELDS = {
    "password",
    "username",
    "id_number",
    "holder_id_number",
    "uscc",
    "code",
    "key",
    "slot",
    "section",
    "content_kind",
    "file_type",
    "kind",
    "event",
    "action",
    "role",
    "from_status",
    "to_status",
    "status",
    "session_key",
    "verification_code",
    "pdf_fingerprint",
    "security_answer",
    "phone",
    "mobile",
    "email",
    "provider_id",
    "name_initials",
    "achievement_kind",
    "number",
    "postcode",
    "last_error",
}
SKIPPED_MODELS = {"Region", "Delivery.titleportal", "StashedUpload", "CalendarDay"}


def text_fields():
    """(model, field) for every free-text column of the project's apps."""
    found = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__ in SKIPPED_MODELS or (f"{model.__name__}.{app}" in SKIPPED_MODELS):
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, (models.CharField, models.TextField)):
                    continue
                if field.choices or field.unique or field.primary_key:
                    continue
                if field.name in SKIPPED_FIELDS or isinstance(field, models.EmailField):
                    continue
                if field.model is not model:  # inherited (Organisation.name): once, on the parent
                    continue
                found.append((model, field))
    return found


def json_fields():
    found = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.JSONField) and field.model is model:
                    found.append((model, field))
    return found


# Keys inside JSON data that the portal reads as codes rather than text.
_JSON_CODE_KEYS = re.compile(r"(^|_)(code|kind|id|pk|slot|section|status|key|date|on|at|year)s?$")


def _poison(value, payload):
    if isinstance(value, dict):
        return {
            key: value[key] if _JSON_CODE_KEYS.search(str(key)) else _poison(value[key], payload)
            for key in value
        }
    if isinstance(value, list):
        return [_poison(item, payload) for item in value]
    if isinstance(value, str) and value and not value.isdigit() and not value.isascii():
        return payload  # Chinese text a person typed; codes and dates are ASCII
    return value


def inject(round_number: int) -> Counter:
    """Write the payloads into every free-text field; returns payload index → fields holding it."""
    from django.db import connection

    placed = Counter()
    # PostgreSQL stores no NUL character at all, so none can come back out of it.
    storable = (lambda text: text.replace("\x00", "")) if connection.vendor == "postgresql" else str
    for index, (model, field) in enumerate(text_fields()):
        which = (index + round_number) % len(PAYLOADS)
        payload = PAYLOADS[which]
        if isinstance(field, models.URLField):
            payload = URL_PAYLOADS[(index + round_number) % len(URL_PAYLOADS)]
        payload = storable(payload)
        if field.max_length:
            payload = payload[: field.max_length]
        try:
            with transaction.atomic():
                changed = model._default_manager.update(**{field.attname: payload})
        except IntegrityError:  # unique together (a catalogue's names): one suffix per row
            changed = 0
            for pk in model._default_manager.values_list("pk", flat=True):
                value = f"{payload}#{pk}"
                if field.max_length:
                    value = value[-field.max_length :]
                changed += model._default_manager.filter(pk=pk).update(**{field.attname: value})
        if changed:
            placed[which] += 1
    for index, (model, field) in enumerate(json_fields()):
        which = (index + round_number + 7) % len(PAYLOADS)
        for row in model._default_manager.all():
            value = getattr(row, field.attname)
            poisoned = _poison(value, storable(PAYLOADS[which]))
            if poisoned != value:
                model._default_manager.filter(pk=row.pk).update(**{field.attname: poisoned})
                placed[which] += 1
    return placed


# --- the crawl -------------------------------------------------------------------------------

# Links that change something on GET or leave the portal's pages.
_NOT_FOLLOWED = re.compile(r"(/logout|/admin/|/static/|/media/|/captcha/|/i18n/|/me/role/|/open/$)")
MAX_PAGES_PER_ROLE = 120
PAGES_PER_PATTERN = 3  # of the same URL pattern (one detail page and the next look alike)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "iframe"):
            for name, value in attrs:
                if name in ("href", "src") and value:
                    self.links.append(value)


def _links(page: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    found = []
    for link in parser.links:
        link = urldefrag(link)[0]
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not link:
            continue
        if not link.startswith("/"):
            link = base.rsplit("/", 1)[0] + "/" + link
        if _NOT_FOLLOWED.search(parts.path):
            continue
        found.append(link)
    return found


def _pdf_findings(data: bytes) -> tuple[list[str], str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    problems = []
    root = reader.trailer["/Root"]
    for key in ("/OpenAction", "/AA", "/AcroForm"):
        if key in root:
            problems.append(f"PDF catalogue has {key}")
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        problems.append("PDF has document JavaScript")
    for page in reader.pages:
        if "/AA" in page:
            problems.append("PDF page has an additional action")
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            kind = str(action.get("/S"))
            uri = str(action.get("/URI", ""))
            if kind in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData"):
                problems.append(f"PDF link runs {kind}")
            if "".join(uri.split()).lower().startswith(("javascript:", "vbscript:", "data:")):
                problems.append(f"PDF link to {uri[:60]}")
    return problems, text


_FORMULA_START = FORMULA_START


def _xlsx_findings(data: bytes) -> tuple[list[str], str]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    problems, texts = [], []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"formula in {sheet.title}!{cell.coordinate}: {cell.value!r}")
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(_FORMULA_START):
                        problems.append(f"unquoted {cell.coordinate}: {cell.value!r}")
    return problems, "\n".join(texts)


class Tally:
    def __init__(self):
        self.renders = Counter()  # kind of answer → count
        self.seen = Counter()  # payload index → renders showing it
        self.pairs = 0  # (payload shown, render) pairs checked
        self.problems: list[str] = []
        self.urls: set[str] = set()  # URL patterns rendered
        self.pages: set[str] = set()  # paths with the numbers taken out

    def saw(self, text: str):
        text = html.unescape(text)
        shown = {
            i
            for i, marker in MARKERS.items()
            if marker in text or marker.replace("\x00", "") in text  # PostgreSQL drops NUL
        }
        for i in shown:
            self.seen[i] += 1
        self.pairs += len(shown)


def _marker(payload: str) -> str:
    """What shows a payload was rendered: its first characters (short fields cut the rest)."""
    return payload[:14]


MARKERS = {i: _marker(p) for i, p in enumerate(PAYLOADS)}
assert len(set(MARKERS.values())) == len(PAYLOADS)


def _route(url: str) -> str:
    """The URL pattern a path answers to ("applications/<int:pk>/detail/")."""
    from django.urls import Resolver404, resolve

    path = urlsplit(url).path
    try:
        return "/" + resolve(path).route
    except Resolver404:
        return path


def unlinked_urls() -> list[str]:
    """Pages reached from outside the portal's links (a QR code, a form's action) or not
    linked in the demo world's states; tried by every role, rendered where allowed."""
    from django.urls import reverse

    from applications.models import Application
    from certificates.models import Certificate, HistoricalCertificate
    from reviews.models import UnitPublicity
    from units.models import ReviewSession

    urls = [reverse("reviews:publicity_table"), reverse("reviews:unit_publicity_start")]
    urls += [
        reverse("certificates:verify_code", args=[code])
        for code in Certificate.objects.values_list("verification_code", flat=True)
    ]
    urls += [
        reverse("reviews:publicity_detail", args=[pk])
        for pk in ReviewSession.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("reviews:unit_publicity", args=[pk])
        for pk in UnitPublicity.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("certificates:verification_detail", args=[pk])
        for pk in HistoricalCertificate.objects.values_list("pk", flat=True)
    ]
    for pk in Application.objects.values_list("pk", flat=True):
        urls += [
            reverse(f"reviews:{name}", args=[pk])
            for name in ("opinions", "forward", "return", "reject", "accept")
        ]
    return urls


def crawl(client, label: str, tally: Tally):
    queue, seen, per_pattern = ["/", *unlinked_urls()], set(), Counter()
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        pattern = re.sub(r"\d+", "N", urlsplit(url).path)  # sections stay apart
        if url in seen or per_pattern[pattern] >= PAGES_PER_PATTERN:
            continue
        seen.add(url)
        per_pattern[pattern] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        where = f"{label} GET {url}"
        assert response.status_code < 500, where
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "").split(";")[0]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        tally.urls.add(_route(url))
        tally.pages.add(pattern)
        if kind == "text/html":
            page = body.decode()
            for finding in find_active_content(page, nonce=response_nonce(response)):
                tally.problems.append(f"{where}: {finding}")
            tally.renders["html"] += 1
            tally.saw(page)
            queue.extend(link for link in _links(page, url) if link not in seen)
        elif kind == "application/pdf":
            problems, text = _pdf_findings(body)
            tally.problems += [f"{where}: {problem}" for problem in problems]
            if any(evaluated in text for evaluated in TEMPLATE_EVALUATED):
                tally.problems.append(f"{where}: template syntax evaluated in the PDF")
            tally.renders["pdf"] += 1
            tally.saw(text)
        elif "spreadsheetml" in kind:
            problems, text = _xlsx_findings(body)
            tally.problems += [f"{where}: {problem}" for problem in problems]
            tally.renders["xlsx"] += 1
            tally.saw(text)
        elif kind == "text/csv":
            text = body.decode("utf-8-sig")
            for line in text.splitlines():
                for value in line.split(","):
                    if value.strip('"').startswith(_FORMULA_START):
                        tally.problems.append(f"{where}: unquoted CSV value {value!r}")
            tally.renders["csv"] += 1
            tally.saw(text)


@pytest.fixture
def world(demo):
    """The demo world of `make run`: applications in every state, reviews, certificates."""
    from titleportal.demo import seed_notices
    from titleportal.demo.applications import seed_applications
    from titleportal.demo.certificates import seed_certificates
    from titleportal.demo.reviews import seed_reviews

    seed_notices()
    seed_applications()
    seed_reviews()
    seed_certificates()
    return demo


# Where the typed text is shown, by URL pattern: the crawl must reach each of them.
MUST_RENDER = {
    "/",
    "/applications/<int:pk>/detail/",
    "/applications/<int:pk>/progress/",
    "/applications/<int:pk>/print/",
    "/applications/<int:pk>/pdf/",
    "/applications/<int:pk>/sections/<slug:section>/",
    "/reviews/queue/",
    "/reviews/queue/export.xlsx",
    "/reviews/applications/<int:pk>/",
    "/reviews/applications/<int:pk>/evaluation-form.pdf",
    "/reviews/records/",
    "/reviews/sessions/<int:pk>/",
    "/reviews/sessions/<int:pk>/results-template.xlsx",
    "/reviews/publicity/",
    "/certificates/mine/",
    "/certificates/mine/<int:pk>/pdf/",
    "/certificates/office/",
    "/certificates/office/<int:pk>/pdf/",
    "/messages/",
    "/units/info/",
    "/units/staff/",
    "/certificates/verify/<str:code>/",
    "/reviews/downloads/publicity-table.pdf",
}


def signed_in_roles(world):
    """(label, user, role key) for every demo account and every role it can act as."""
    from accounts.models import User

    people = User.objects.filter(is_active=True, is_superuser=False).order_by("pk")
    roles = []
    for user in people:
        for context in available_role_contexts(user):
            roles.append(
                (f"{user.get_full_name() or user.username} as {context.key}", user, context)
            )
    return roles


def test_every_payload_is_inert_on_every_page_pdf_and_export(world, client, settings):
    roles = signed_in_roles(world)
    assert len(roles) >= 9, roles
    tally, placed = Tally(), Counter()
    for round_number in range(ROUNDS):
        placed += inject(round_number)
        before = dict(tally.renders)
        for label, user, context in roles:
            client.force_login(user)
            client_session = client.session
            client_session["acting_as"] = context.key
            client_session.save()
            crawl(client, label, tally)
        client.logout()
        crawl(client, "anonymous", tally)
        print(
            f"round {round_number + 1}: {len(text_fields())} text fields, "
            f"renders {dict(tally.renders - Counter(before))}"
        )
    assert not tally.problems, "\n".join(tally.problems[:40])
    renders = sum(tally.renders.values())
    print(
        f"XSS: {len(PAYLOADS)} payloads, {len(text_fields())} text fields + "
        f"{len(json_fields())} JSON fields, {sum(placed.values())} placements, "
        f"{renders} renders {dict(tally.renders)} of {len(tally.pages)} pages ({len(tally.urls)} URL patterns) by "
        f"{len(roles) + 1} roles; {tally.pairs} payload × render pairs shown and inert"
    )
    # Every kind of output was reached, and every payload was seen in a rendered answer.
    assert tally.renders["html"] and tally.renders["pdf"] and tally.renders["xlsx"]
    assert not [i for i in range(len(PAYLOADS)) if not placed[i]]
    if ROUNDS >= 2:  # one round can leave a payload only in fields no page shows
        assert not [PAYLOADS[i] for i in range(len(PAYLOADS)) if not tally.seen[i]]
    print("\n".join(sorted(tally.urls)))
    assert tally.urls >= MUST_RENDER, MUST_RENDER - tally.urls


# --- the checker can fail ------------------------------------------------------------------


def _unsafe_renderings(payload: str) -> list[str]:
    """How a payload would arrive if the portal failed: unescaped, or decoded once first."""
    decoded = {
        payload,
        html.unescape(payload),
        payload.replace("\x00", ""),
        payload.encode().decode("unicode_escape", errors="ignore"),
        Template(payload).render(Context()) if "{" in payload else payload,
    }
    pages = []
    for text in decoded:
        pages += [
            f"<div>{text}</div>",
            f'<input value="{text}">',
            f"<textarea>{text}</textarea>",
            f"<script nonce=n>var note = '{text}';</script>",
        ]
    return pages


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS, ids=MARKUP_IDS)
def test_checker_finds_each_payload_when_output_is_not_escaped(payload):
    assert any(find_active_content(page, nonce="n") for page in _unsafe_renderings(payload))


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_escaped_payload_is_inert(payload):
    assert not find_active_content(
        f'<div title="{html.escape(payload)}">{html.escape(payload)}</div>'
    )


# --- rich text: sanitised on save and on output --------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_sanitised_rich_text_is_inert_and_keeps_the_words(payload):
    clean = sanitize_html(f"<p>本人从事<strong>工程</strong>技术工作。</p>{payload}")
    assert not find_active_content(clean)
    assert "<p>本人从事<strong>工程</strong>技术工作。</p>" in clean
    assert sanitize_html(clean) == clean  # sanitising again changes nothing


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_clean_html_filter_renders_stored_payloads_inert(payload):
    page = Template(
        "{% load portal_tags %}<div class=rich-text>{{ text|clean_html }}</div>"
    ).render(Context({"text": payload}))
    assert not find_active_content(page)


@pytest.fixture
def draft(demo):
    from tests.applications.conftest import start

    return start(demo.applicant, demo=demo)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_work_summary_is_stored_sanitised_by_form_service_and_model(draft, payload):
    from applications.forms import WorkSummaryForm
    from applications.models import WorkSummary
    from tests.applications.conftest import fill_summary

    text = f"<p>本人从事工程技术工作十年。</p>{payload}"
    form = WorkSummaryForm(data={"content": text})
    if "\x00" in payload:  # Django refuses null characters, with a message next to the field
        assert form.errors["content"] == ["不允许是用空字符串。"]
    else:
        assert form.is_valid(), form.errors
        assert not find_active_content(form.cleaned_data["content"])
    fill_summary(draft, text)
    stored = WorkSummary.objects.get(application=draft)
    assert not find_active_content(stored.content)
    assert "本人从事工程技术工作十年。" in stored.content
    stored.content = payload  # an edit that bypasses the form (the admin, a script)
    stored.save()
    stored.refresh_from_db()
    assert not find_active_content(stored.content)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_notice_body_is_stored_sanitised(payload):
    from titleportal.models import Notice

    notice = Notice.objects.create(
        category=Notice.Category.NOTICE, title="通知", body=f"<p>各有关单位：</p>{payload}"
    )
    notice.refresh_from_db()
    assert not find_active_content(notice.body)
    assert notice.body.startswith("<p>各有关单位：</p>")


def test_work_summary_typed_by_the_applicant_is_stored_and_shown_inert(draft, client):
    """Through the applicant's own form: what is stored and what the pages show."""
    from applications.models import WorkSummary

    client.force_login(draft.applicant)
    text = "<p>本人从事工程技术工作十年。</p>" + "".join(p for p in PAYLOADS if "\x00" not in p)
    url = f"/applications/{draft.pk}/sections/work_summary/"
    response = client.post(url, {"content": text})
    assert response.status_code == 302, response.context["form"].errors
    stored = WorkSummary.objects.get(application=draft).content
    assert "本人从事工程技术工作十年。" in stored
    assert not find_active_content(stored)
    for page_url in (url, f"/applications/{draft.pk}/", f"/applications/{draft.pk}/print/"):
        page = client.get(page_url, follow=True)
        assert page.status_code == 200
        assert not find_active_content(page.content.decode(), nonce=response_nonce(page))


# --- spreadsheets: text that starts a formula stays text -----------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/x","点击")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
]


@pytest.fixture
def committee_session(demo):
    from units.models import ReviewSession

    return ReviewSession.objects.get(committee=demo.committee)


def _application(demo, committee_session, **kwargs):
    from tests.factories import ApplicationFactory

    return ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit,
        office=demo.office,
        committee=demo.committee,
        review_session=committee_session,
        **kwargs,
    )


def _signed_in(client, user, organisation, role):
    client.force_login(user)
    client_session = client.session
    client_session["acting_as"] = f"{role}:{organisation.pk}"
    client_session.save()
    return client


def _cells(data: bytes):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


@pytest.mark.parametrize("formula", FORMULAS, ids=[f"formula{i + 1}" for i in range(len(FORMULAS))])
def test_queue_export_writes_formula_text_as_text(demo, committee_session, client, formula):
    from accounts.models import User

    _application(demo, committee_session, at_office=True)
    User.objects.filter(pk=demo.applicant.pk).update(full_name=formula)
    demo.unit.__class__.objects.filter(pk=demo.unit.pk).update(name=formula)
    office = _signed_in(client, demo.office_staff, demo.office, "office_staff")
    response = office.get("/reviews/queue/export.xlsx")
    rows = _cells(b"".join(response.streaming_content))
    row = rows[1]
    assert [cell.data_type for cell in row if cell.value is not None] == ["n"] + ["s"] * (
        len([cell for cell in row if cell.value is not None]) - 1
    )
    assert row[1].value == "'" + formula  # the name, shown as the text typed
    assert "'" + formula in [cell.value for cell in row]  # the unit


@pytest.mark.parametrize("formula", FORMULAS, ids=[f"formula{i + 1}" for i in range(len(FORMULAS))])
def test_results_template_and_import_round_trip_a_formula_name(
    demo, committee_session, client, formula
):
    from accounts.models import User
    from applications.models import Status

    session = committee_session
    app = _application(demo, session, at_committee=True, accepted=True)
    User.objects.filter(pk=demo.applicant.pk).update(full_name=formula)
    client = _signed_in(client, demo.committee_staff, demo.committee, "committee_staff")
    response = client.get(f"/reviews/sessions/{session.pk}/results-template.xlsx")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    name = sheet.cell(row=2, column=2)
    assert (name.data_type, name.value) == ("s", "'" + formula)
    sheet.cell(row=2, column=3).value = "通过"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name = "results.xlsx"
    buffer.seek(0)
    response = client.post(f"/reviews/sessions/{session.pk}/import/", {"file": buffer})
    assert response.status_code == 302, response.context["import_report"].errors
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_reading_an_import_takes_only_the_export_apostrophe_off():
    from titleportal.spreadsheets import read_text_cell, text_cell

    for text in [*FORMULAS, "\r=1+1", "张三", "'引号开头", "O'Neil", ""]:
        assert read_text_cell(text_cell(text)) == text
    assert read_text_cell("  张三 ") == "张三"
    assert read_text_cell(None) == ""


# --- links typed into URL fields ---------------------------------------------------------


@pytest.mark.parametrize("url", URL_PAYLOADS, ids=[f"url{i + 1}" for i in range(len(URL_PAYLOADS))])
def test_stored_link_with_a_script_scheme_is_not_written_into_href(url):
    page = Template('{% load portal_tags %}<a href="{{ url|safe_url }}">链接</a>').render(
        Context({"url": url})
    )
    assert find_active_content(f'<a href="{url}">链接</a>')  # the checker sees it raw
    assert not find_active_content(page)


def test_ordinary_links_are_kept():
    from titleportal.sanitize import safe_url

    for url in ("https://rst.gxzf.gov.cn/zcfg/", "http://example.cn/a?b=1", "/notices/notice/3/"):
        assert safe_url(url) == url
    assert safe_url("") == ""


# --- PDFs show a payload as the text typed -----------------------------------------------

NAME_PAYLOAD = "<script>alert(1)</script>"  # fits a 50-character name


def _compact(text: str) -> str:
    return "".join(text.split())


def test_pdfs_print_a_payload_name_as_literal_text(world, client):
    from accounts.models import User
    from applications.models import Application, Kind, Status
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(holder__isnull=False).first()
    User.objects.filter(pk=certificate.holder_id).update(full_name=NAME_PAYLOAD)
    Certificate.objects.filter(pk=certificate.pk).update(holder_name=NAME_PAYLOAD)
    client.force_login(certificate.holder)
    response = client.get(f"/certificates/mine/{certificate.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    problems, text = _pdf_findings(b"".join(response.streaming_content))
    assert not problems
    assert NAME_PAYLOAD in _compact(text)

    application = Application.objects.filter(
        kind=Kind.EVALUATION, status=Status.UNIT_REVIEW
    ).first()
    User.objects.filter(pk=application.applicant_id).update(full_name=NAME_PAYLOAD)
    _signed_in(client, world.staff, application.unit, "unit_staff")
    response = client.get(f"/reviews/applications/{application.pk}/evaluation-form.pdf")
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    problems, text = _pdf_findings(body)
    assert not problems
    assert NAME_PAYLOAD in _compact(text)
