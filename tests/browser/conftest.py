"""Browser tests: pytest-playwright driving Debian's chromium against the live server."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between page actions are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


# The suite shares two cores with the live server and the database: an htmx round trip can
# take longer than Playwright's 5 s default under that load. Waits, not sleeps.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def _launched_browsers(launch_browser):
    # Asking for launch_browser keeps Playwright running until these browsers are closed.
    launched = []
    yield launched
    for browser in launched:
        if browser.is_connected():
            browser.close()


@pytest.fixture
def browser(_launched_browsers, launch_browser):
    """The session's chromium, launched again when the last one is gone.

    A chromium that crashes (it did once, in CI, late in the run) fails the test it crashed in;
    without this, every browser test after it failed too, at ``new_context``.
    """
    if not _launched_browsers or not _launched_browsers[-1].is_connected():
        _launched_browsers.append(launch_browser())
    return _launched_browsers[-1]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under var/screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# Reports every securitypolicyviolation event of a document (also those the console words
# differently or not at all) through a function the test exposes to the page.
CSP_VIOLATION_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__portalCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def console_errors(page):
    """Console errors and CSP violations seen by the page; tests assert it stays empty."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.expose_function("__portalCspViolation", lambda text: errors.append(f"CSP: {text}"))
    page.add_init_script(CSP_VIOLATION_REPORTER)
    return errors


@pytest.fixture
def login_as(live_server, context):
    """Sign the browser in as ``user`` without the sign-in page (for tests about other pages).

    ``role`` picks the role to act as ("unit_staff:<unit id>", see RoleContext.key).
    """
    from django.conf import settings as django_settings
    from django.test import Client

    def sign_in(user, role: str | None = None):
        client = Client()
        client.force_login(user)
        if role:
            session = client.session
            session["acting_as"] = role
            session.save()
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return user

    return sign_in
