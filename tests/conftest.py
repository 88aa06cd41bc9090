"""Shared fixtures: reference data in every test database, demo organisations and people,
the environment checks for browser and PDF tests, and the pinned clock.

Every test runs with the clock pinned (time-machine) to ``TITLEPORTAL_TEST_TODAY`` at 10:00
in Beijing, 2026-11-23 (a Monday) unless set; the clock ticks from there. Tests compute dates
from ``timezone.localdate()``, never from the real day. Tests marked ``dates`` (calendar,
publicity, deadlines, numbering, demo data) are run again by CI with the clock moved to
2027-01-04, 2027-10-08 and 2030-06-03 (``make test-dates``).

Browser and PDF tests need Debian's chromium and a CJK font. Where they are missing (a
newcomer's laptop) those tests are skipped with the install command; CI sets
TITLEPORTAL_REQUIRE_ALL=1 and then a missing tool fails the run instead.
"""

import datetime
import os
import shutil
import subprocess
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache import cache

from tests.clock import beijing

REQUIRE_ALL = os.environ.get("TITLEPORTAL_REQUIRE_ALL") == "1"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL_HINT = "sudo apt-get install chromium fonts-noto-cjk"
TODAY = datetime.date.fromisoformat(os.environ.get("TITLEPORTAL_TEST_TODAY") or "2026-11-23")
PINNED_NOW = beijing(TODAY)


def pytest_report_header(config):
    return f"clock pinned to {PINNED_NOW.isoformat()} (TITLEPORTAL_TEST_TODAY)"


@pytest.fixture(autouse=True, scope="session")
def _pinned_clock():
    """The whole run sees the same day, whatever the real date: session-scoped, so that
    session fixtures (the test database, the live server) share the pinned clock too."""
    with time_machine.travel(PINNED_NOW, tick=True):
        yield PINNED_NOW


def _missing(reason: str, hint: str = f"install with: {INSTALL_HINT}"):
    if REQUIRE_ALL:
        pytest.fail(
            f"{reason} (CI requires every browser, PDF and PostgreSQL test to run)", pytrace=False
        )
    pytest.skip(f"{reason}; {hint}")


def cjk_font_available() -> bool:
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


@pytest.fixture(scope="session")
def chromium_executable():
    if not CHROMIUM:
        _missing("Chromium is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def cjk_font():
    if not cjk_font_available():
        _missing("No CJK font is installed, so Chinese PDFs cannot be rendered")
    return True


@pytest.fixture
def postgres(db):
    """For tests that need PostgreSQL (row locks under real concurrency, server restarts)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing(
            "This test needs PostgreSQL",
            "run it with DATABASE_URL=postgres://postgres@127.0.0.1:5432/titleportal make test",
        )
    return connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from reference.loaders import load_catalogue, load_regions

        load_regions()
        load_catalogue()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference_data(db):
    """Reference data, reloaded after a transactional test emptied the tables."""
    from reference.loaders import load_catalogue, load_regions
    from reference.models import Region

    if not Region.objects.exists():
        load_regions()
        load_catalogue()


@pytest.fixture
def demo(reference_data):
    """The demo organisations and accounts of `make run`, by role."""
    from accounts.models import User
    from titleportal import demo as demo_data
    from units.models import Committee, Department, Office, Unit

    demo_data.seed_organisations()
    demo_data.seed_people()
    people = {spec.key: User.objects.get(id_number=spec.id_number) for spec in demo_data.PEOPLE}
    # Person keys: applicant, applicant2, staff, staff2, dept_staff, office_staff,
    # committee_staff; organisation keys: unit, unit2, department, office, office_qz, committee.
    unit_1 = Unit.objects.get(uscc=demo_data.UNIT_1["uscc"])
    return SimpleNamespace(
        **people,
        unit=unit_1,
        unit2=Unit.objects.get(uscc=demo_data.UNIT_2["uscc"]),
        unit_account=unit_1.account,
        admin=User.objects.get(username="admin"),
        office=Office.objects.get(name=demo_data.OFFICE_GX),
        office_qz=Office.objects.get(name=demo_data.OFFICE_QZ),
        department=Department.objects.get(name=demo_data.DEPARTMENT),
        committee=Committee.objects.get(name=demo_data.COMMITTEE),
        password=demo_data.DEMO_PASSWORD,
    )
