"""Two saves of a person's first record of a year at the same moment (PostgreSQL): one record,
and the other save gets a clear answer instead of an error page."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from reference.models import Level, Series
from talent import services
from talent.models import TalentRecord
from tests.conftest import REQUIRE_ALL
from titleportal.errors import DomainError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL (set DATABASE_URL to a PostgreSQL database)"
        if REQUIRE_ALL:
            pytest.fail(f"{reason}; CI requires the concurrency tests to run", pytrace=False)
        pytest.skip(reason)


def test_simultaneous_first_saves_make_one_record(postgres, demo):
    barrier = threading.Barrier(THREADS)
    values = {
        "series": Series.objects.order_by("pk").first(),
        "level": Level.objects.order_by("rank").first(),
        "title_name": "助理工程师",
        "obtained_on": datetime.date(2020, 6, 1),
        "specialty": "土木工程",
        "education": "21",
        "is_high_level": False,
    }

    def one(_index):
        try:
            barrier.wait(timeout=30)
            services.talent_record_save(person=demo.applicant, year=2026, **values)
            return "ok"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(one, range(THREADS)))

    assert set(results) <= {"ok", "conflict"}, results
    assert "ok" in results
    assert TalentRecord.objects.filter(person=demo.applicant, year=2026).count() == 1
