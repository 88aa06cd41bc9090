"""Resident ID numbers: masked on every page, shown whole only where a role needs them, and
every such showing logged (titleportal.FullIdView).

Where a full number is shown to someone other than its holder (the choice, kept here):
- the 评审表 PDF (reviews:evaluation_form), printed for the unit's, department's, office's and
  committee's files: the official form carries the full number;
- the certificate PDF the office opens to print or check it (certificates:office_pdf);
- the committee's results template (reviews:session_template), matched by ID number on import;
- the account page of a person in Django admin (the list of accounts masks the number, which
  is a person's account name; searching by the full number still works);
- the office's queue export with full numbers (already logged by reviews.ExportLog).
Every HTML list and detail page masks the number (110105********002X), for every role. The
holder sees their own number on their own certificate download, which is not logged.
"""

import io
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import User
from certificates.models import Certificate
from reviews.models import Acceptance
from titleportal.models import FullIdView

ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Pages the walk does not open: files (PDF, spreadsheets, uploads) are checked below, sign-out
# and role switching would end the walk, admin is the administrator's own tool.
SKIP = re.compile(
    r"\.pdf|\.xlsx|/pdf/|/files/|/attachments/|/download|logout|/switch|/choose-role|/admin/"
    r"|/template|/export|/static/|/media/|/i18n/|/evaluation-form"
)
MAX_PAGES = 120


@pytest.fixture
def world(demo):
    """The whole demo data set of `make run`: applications in every state, certificates."""
    from titleportal.demo import seed_demo

    seed_demo()
    return demo


def _client(user, key: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if key:
        session = client.session
        session[SESSION_KEY] = key
        session.save()
    return client


def walk(client: Client) -> dict[str, str]:
    """Open the home page and every same-site link reachable from it (GET only), at most
    MAX_PAGES; returns {path: html} of the pages answered with 200."""
    pages: dict[str, str] = {}
    queue = deque(["/"])
    seen = {"/"}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        assert response.status_code < 500, path
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in re.findall(r'href="([^"#]+)"', html):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


def full_ids_shown(pages: dict[str, str], own: str | None) -> dict[str, set[str]]:
    """{path: full ID numbers of other people} over the pages."""
    known = set(User.objects.exclude(id_number=None).values_list("id_number", flat=True))
    shown = {}
    for path, html in pages.items():
        found = {value.upper() for value in ID_PATTERN.findall(html)} & known
        found.discard(own)
        if found:
            shown[path] = found
    return shown


ROLES = [
    ("applicant", None),
    ("applicant2", None),
    ("staff", "unit_staff:{unit}"),
    ("staff2", "unit_staff:{unit2}"),
    ("dept_staff", "department_staff:{department}"),
    ("office_staff", "office_staff:{office}"),
    ("committee_staff", "committee_staff:{committee}"),
    ("unit_account", None),
]


@pytest.mark.django_db
def test_no_page_of_any_role_shows_another_persons_full_id_number(world):
    organisations = {
        "unit": world.unit.pk,
        "unit2": world.unit2.pk,
        "department": world.department.pk,
        "office": world.office.pk,
        "committee": world.committee.pk,
    }
    opened = {}
    for person_key, role_key in ROLES:
        person = getattr(world, person_key)
        key = role_key.format(**organisations) if role_key else None
        pages = walk(_client(person, key))
        opened[person_key] = len(pages)
        assert full_ids_shown(pages, person.id_number) == {}, person_key
    # The walk reached the lists and the detail pages, not only the home page.
    assert opened["applicant"] >= 8, opened
    for reviewer in ("staff", "office_staff", "committee_staff"):
        assert opened[reviewer] >= 8, opened
    reviewer_pages = walk(_client(world.office_staff, f"office_staff:{world.office.pk}"))
    assert any("/reviews/applications/" in path for path in reviewer_pages)
    # Walking pages logs nothing: no full number was shown.
    assert not FullIdView.objects.exists()


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.django_db
class TestFullIdViewsAreLogged:
    def test_evaluation_form_pdf(self, world, cjk_font):
        app = world.applicant.applications.filter(unit=world.unit).exclude(status="draft").first()
        assert app is not None
        client = _client(world.staff, f"unit_staff:{world.unit.pk}")
        response = client.get(reverse("reviews:evaluation_form", args=[app.pk]))
        assert response.status_code == 200
        assert app.applicant.id_number in _pdf_text(response.content).replace(" ", "")

        row = FullIdView.objects.get()
        assert row.subject == app.applicant and row.subject_name == app.applicant.full_name
        assert row.viewer == response.wsgi_request.user
        assert row.place == FullIdView.Place.EVALUATION_FORM
        assert row.organisation_name and row.role
        assert row.path == reverse("reviews:evaluation_form", args=[app.pk])

    def test_certificate_pdf_opened_by_the_office(self, world, cjk_font):
        certificate = Certificate.objects.filter(
            office=world.office, origin=Certificate.Origin.ISSUED, holder__isnull=False
        ).first()
        assert certificate is not None
        client = _client(world.office_staff, f"office_staff:{world.office.pk}")
        response = client.get(reverse("certificates:office_pdf", args=[certificate.pk]))
        assert response.status_code == 200

        row = FullIdView.objects.get()
        assert (row.viewer, row.subject, row.place) == (
            world.office_staff,
            certificate.holder,
            FullIdView.Place.CERTIFICATE_PDF,
        )
        assert row.organisation_name == world.office.name

    def test_the_holders_own_download_is_not_logged(self, world, cjk_font):
        certificate = Certificate.objects.filter(holder=world.applicant).first()
        if certificate is None:
            pytest.skip("the demo data gives 张三 no certificate")
        response = _client(world.applicant).get(
            reverse("certificates:download", args=[certificate.pk])
        )
        assert response.status_code == 200
        assert not FullIdView.objects.exists()

    def test_results_template_of_the_committee(self, world):
        from openpyxl import load_workbook

        accepted = Acceptance.objects.filter(
            committee=world.committee, application__status="committee_review"
        ).select_related("application__applicant", "application__review_session")
        if not accepted.exists():
            pytest.skip("the demo data has no accepted application without a result")
        session = accepted.first().application.review_session
        client = _client(world.committee_staff, f"committee_staff:{world.committee.pk}")
        response = client.get(reverse("reviews:session_template", args=[session.pk]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        listed = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}

        rows = FullIdView.objects.filter(place=FullIdView.Place.RESULTS_TEMPLATE)
        assert rows.count() == len(listed) > 0
        assert {row.subject.id_number for row in rows} == listed
        assert {row.viewer for row in rows} == {world.committee_staff}

    def test_account_page_in_django_admin(self, world):
        client = _client(world.admin)
        url = reverse("admin:accounts_user_change", args=[world.applicant.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert world.applicant.id_number in page.content.decode()

        row = FullIdView.objects.get()
        assert (row.viewer, row.subject, row.place) == (
            world.admin,
            world.applicant,
            FullIdView.Place.ADMIN_ACCOUNT,
        )
        # Opening the list of accounts or one's own page is not such a view.
        client.get(reverse("admin:accounts_user_change", args=[world.admin.pk]))
        assert FullIdView.objects.count() == 1

    def test_the_account_list_in_django_admin_masks_id_numbers(self, world):
        from titleportal.validators import mask_resident_id

        client = _client(world.admin)
        listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
        assert full_ids_shown({"list": listing}, None) == {}
        assert mask_resident_id(world.applicant.id_number) in listing
        # Searching by the full number still finds the person.
        found = client.get(
            reverse("admin:accounts_user_changelist"), {"q": world.applicant.id_number}
        ).content.decode()
        assert world.applicant.full_name in found
        assert not FullIdView.objects.exists()

    def test_the_log_is_read_only_in_django_admin(self, world):
        client = _client(world.admin)
        client.get(reverse("admin:accounts_user_change", args=[world.applicant.pk]))
        row = FullIdView.objects.get()
        listing = client.get(reverse("admin:titleportal_fullidview_changelist"))
        assert listing.status_code == 200
        assert world.applicant.full_name in listing.content.decode()
        assert client.get(reverse("admin:titleportal_fullidview_add")).status_code == 403
        delete = reverse("admin:titleportal_fullidview_delete", args=[row.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        change = client.get(reverse("admin:titleportal_fullidview_change", args=[row.pk]))
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
        assert FullIdView.objects.filter(pk=row.pk).exists()
