"""Every page of every role in a real Chromium, on the full demo data: no console error and no
Content-Security-Policy violation anywhere.

Each role signs in once (one browser context per role) and walks its navigation bar and user
menu, then the pages those link to and the pages linked from those (application edit steps,
review details, certificates, print pages, the Django admin, ...). Pages are told apart by URL
name (and the slug arguments, e.g. each edit step), so each kind of page is opened once per
role; downloads (PDF, spreadsheets, private files) are not pages and are left out.
"""

import contextlib
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.roles import Role
from accounts.selectors import available_role_contexts
from tests.browser.conftest import CSP_VIOLATION_REPORTER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links followed from the navigation: the navigation pages, their links, and those pages' links.
DEPTH = 2
# Admin pages differ by model, not by kind; a few of each kind are enough.
ADMIN_PAGES_PER_KIND = 2

# URL names that answer with a file, not a page, or that act on GET (sign-out, role switch).
NOT_PAGES = {
    "account_logout",
    "accounts:switch_role",
    "set_language",
    "stashed_upload",
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    "captcha-refresh",
}
# URL names that answer with a file (PDF, spreadsheet, private upload).
FILES = {
    "applications:attachment",
    "applications:file",
    "applications:pdf",
    "reviews:export",
    "reviews:evaluation_form",
    "reviews:publicity_table",
    "reviews:session_template",
    "certificates:download",
    "certificates:historical_file",
    "certificates:office_pdf",
    "certificates:verification_file",
    "units:licence_file",
    "units:seal_file",
    "mfa_download_recovery_codes",
    "notice_attachment",
    "download_file",
}


def page_key(path: str):
    """What makes two URLs the same kind of page, or None for URLs that are not pages."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in NOT_PAGES or name in FILES or path.endswith((".pdf", ".xlsx", ".csv", ".zip")):
        return None
    last = name.rsplit(":", 1)[-1]
    if name.startswith("admin:"):
        # admin:app_model_changelist -> admin:changelist (counted, see ADMIN_PAGES_PER_KIND)
        return ("admin", last.rsplit("_", 1)[-1], path)
    slugs = tuple(sorted((k, v) for k, v in match.kwargs.items() if not str(v).isdigit()))
    return (name, slugs)


def role_session(user, role_key: str | None) -> str:
    client = Client()
    client.force_login(user)
    if role_key:
        session = client.session
        session["acting_as"] = role_key
        session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def demo_data(demo):
    from titleportal.demo import seed_demo

    seed_demo()
    return demo


class PageWalker:
    """Opens pages in one browser context and records everything the console complains about."""

    def __init__(self, context, base_url: str):
        self.base_url = base_url
        context.expose_function(
            "__portalCspViolation", lambda text: self._record(f"CSP violation: {text}")
        )
        context.add_init_script(CSP_VIOLATION_REPORTER)
        self.page = context.new_page()
        self.current = "(none)"
        self.problems: list[str] = []
        self.visited: list[str] = []
        self.keys: set = set()
        self.admin_counts: dict[str, int] = {}
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self._record(f"script error: {error}"))
        self.page.on("response", self._response)

    def _record(self, text: str):
        self.problems.append(f"{self.current}: {text}")

    def _console(self, message):
        if message.type == "error":
            self._record(f"console error: {message.text}")
        elif "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self._record(f"console: {message.text}")

    def _response(self, response):
        if response.url.startswith(self.base_url) and response.status >= 400:
            self._record(f"{response.url} answered {response.status}")

    def wanted(self, href: str) -> str | None:
        current = self.page.url if self.page.url.startswith("http") else self.base_url
        url = urljoin(current, href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.base_url or not parts.path:
            return None
        key = page_key(parts.path)
        if key is None or key in self.keys:
            return None
        if key[0] == "admin":
            if self.admin_counts.get(key[1], 0) >= ADMIN_PAGES_PER_KIND:
                return None
            self.admin_counts[key[1]] = self.admin_counts.get(key[1], 0) + 1
        self.keys.add(key)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def visit(self, path: str) -> list[str]:
        """Open the page; answer the links on it."""
        self.current = path
        response = self.page.goto(self.base_url + path, wait_until="load")
        if response is None or response.status != 200:
            self._record(f"answered {response.status if response else 'nothing'}")
            return []
        if "text/html" not in response.headers.get("content-type", ""):
            return []
        self.visited.append(urlsplit(self.page.url).path)
        # Without a declared icon the browser asks for /favicon.ico, which is not served: a 404
        # in the console, reported whenever the request happens to finish before we move on.
        if not self.page.locator("link[rel~=icon]").count():
            self._record("no <link rel=icon> (the browser's /favicon.ico request fails)")
        return self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")

    def walk(self, start: list[str]):
        frontier = [path for href in start if (path := self.wanted(href))]
        for depth in range(DEPTH + 1):
            found = []
            for path in frontier:
                links = self.visit(path)
                if depth < DEPTH:
                    found += [p for href in links if (p := self.wanted(href))]
            frontier = found

    def navigation(self) -> list[str]:
        """Open the home page; answer the role's navigation bar and user menu links on it."""
        self.visit(self.wanted("/"))
        return self.page.eval_on_selector_all(
            "#portal-nav a[href], .user-menu a[href]", "els => els.map(e => e.href)"
        )


def role_cases():
    """(label, person key on the demo fixture, role, organisation attribute)."""
    return [
        ("anonymous", None, None, None),
        ("applicant 张三", "applicant", Role.APPLICANT, None),
        ("applicant 李四", "applicant2", Role.APPLICANT, None),
        ("unit account", "unit_account", Role.UNIT_ACCOUNT, None),
        ("unit staff 王五", "staff", Role.UNIT_STAFF, "unit"),
        ("unit staff 赵六", "staff2", Role.UNIT_STAFF, "unit2"),
        ("department 钱七", "dept_staff", Role.DEPARTMENT_STAFF, None),
        ("office 孙八", "office_staff", Role.OFFICE_STAFF, None),
        ("committee 周九", "committee_staff", Role.COMMITTEE_STAFF, None),
        ("admin", "admin", None, None),
    ]


# Pages every walk must have reached: proof that it saw the pages the issue names.
MUST_SEE = {
    "anonymous": {
        "account_login",
        "units:register",
        "account_signup",
        "certificates:verify",
        "certificates:verify_code",
        "reviews:publicity",
    },
    "applicant 张三": {
        "applications:list",
        "applications:section",
        "applications:detail",
        "applications:print",
        "applications:progress",
        "certificates:mine",
        "accounts:profile",
    },
    "unit staff 王五": {"reviews:queue", "reviews:detail", "reviews:records", "reviews:downloads"},
    "office 孙八": {
        "reviews:queue",
        "reviews:detail",
        "certificates:office_list",
        "certificates:verification_queue",
    },
    "committee 周九": {"reviews:sessions", "reviews:session_detail"},
    "unit account": {"units:account", "units:info", "units:staff"},
    "admin": {"admin:index"},
}


@pytest.mark.parametrize(
    ("label", "person", "role", "organisation"), role_cases(), ids=[c[0] for c in role_cases()]
)
def test_no_console_error_or_csp_violation_on_any_page(
    browser, browser_context_args, live_server, demo_data, label, person, role, organisation
):
    from certificates.models import Certificate

    context = browser.new_context(**browser_context_args)
    try:
        start = []
        if person:
            user = getattr(demo_data, person)
            role_key = None
            if role:
                contexts = [c for c in available_role_contexts(user) if c.role == role]
                if organisation:
                    contexts = [
                        c for c in contexts if c.organisation == getattr(demo_data, organisation)
                    ]
                role_key = contexts[0].key
            cookie = role_session(user, role_key)
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
        else:
            code = Certificate.objects.exclude(verification_code="").first().verification_code
            start = [
                "/accounts/login/",
                "/accounts/signup/",
                "/units/register/",
                "/units/login/",
                "/certificates/verify/",
                f"/certificates/verify/{code}/",
            ]
        if label == "admin":
            start.append("/admin/")
        walker = PageWalker(context, live_server.url)
        start = walker.navigation() + start
        walker.walk(start)
    finally:
        context.close()

    seen = set()
    for path in walker.visited:
        with contextlib.suppress(Resolver404):
            seen.add(resolve(path).view_name)
    missing = MUST_SEE.get(label, set()) - seen
    assert not missing, f"{label} never reached {sorted(missing)}; visited {walker.visited}"
    assert len(walker.visited) >= 5
    if label == "admin":
        for kind in ("_changelist", "_change", "_add"):
            assert any(name.endswith(kind) for name in seen), (kind, sorted(seen))
    assert walker.problems == [], f"{label}, {len(walker.visited)} pages:\n" + "\n".join(
        walker.problems
    )
    print(f"{label}: {len(walker.visited)} pages")
