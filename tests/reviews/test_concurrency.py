"""Many reviewers acting on one application at the same moment (PostgreSQL).

SQLite has no row locks (it serialises whole write transactions), so these tests need
PostgreSQL; CI runs them there and, with TITLEPORTAL_REQUIRE_ALL=1, a missing PostgreSQL
fails the run instead of skipping.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from applications.models import ActionLog, Application, Status
from reviews import services
from tests.conftest import REQUIRE_ALL
from titleportal.errors import DomainError

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL database)"
        if REQUIRE_ALL:
            pytest.fail(f"{reason}; CI requires the concurrency tests to run", pytrace=False)
        pytest.skip(reason)


def race(act) -> list[str]:
    barrier = threading.Barrier(THREADS)

    def one(_index):
        try:
            barrier.wait(timeout=30)
            act()
            return "ok"
        except DomainError as error:
            return error.code or str(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(one, range(THREADS)))


@pytest.mark.parametrize("with_version", [True, False], ids=["same-form", "no-version"])
def test_many_threads_forward_the_same_application_once(
    postgres, demo, contexts, make_application, with_version
):
    app = make_application(applicant=demo.applicant, opinions=True)
    version = app.version if with_version else None

    results = race(
        lambda: services.application_forward(
            actor=demo.staff, role_context=contexts["staff"], application=app.pk, version=version
        )
    )

    assert results.count("ok") == 1, results
    assert set(results) == {"ok", "stale"}
    app = Application.objects.get(pk=app.pk)
    assert app.status == Status.OFFICE_REVIEW
    assert app.version == 1
    assert ActionLog.objects.filter(application=app, action="application.forwarded").count() == 1


def test_forward_and_return_at_once_one_wins(postgres, demo, contexts, make_application):
    app = make_application(applicant=demo.applicant, opinions=True)
    version = app.version
    acts = [
        lambda: services.application_forward(
            actor=demo.staff, role_context=contexts["staff"], application=app.pk, version=version
        ),
        lambda: services.application_return(
            actor=demo.staff,
            role_context=contexts["staff"],
            application=app.pk,
            version=version,
            reason="退回",
        ),
    ]
    counter = iter(range(THREADS))
    lock = threading.Lock()

    def next_act():
        with lock:
            index = next(counter)
        acts[index % 2]()

    results = race(next_act)
    assert results.count("ok") == 1, results
    moves = ActionLog.objects.filter(
        application=app, action__in=["application.forwarded", "application.returned"]
    )
    assert moves.count() == 1
