"""Benchmarks: `make bench`. They print figures and are not part of the test run.

Each benchmark runs against a throw-away database (SQLite in var/bench, or DATABASE_URL),
fills it with generated data, and reports query counts and timings of the measured pages.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titleportal.settings_test")


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        from django.test import Client

        from titleportal.models import Notice
        from titleportal.reference import load_catalogue, load_regions

        load_regions()
        load_catalogue()
        Notice.objects.bulk_create(
            [Notice(category="notice", title=f"通知 {i}") for i in range(5000)]
        )
        client = Client()
        client.get("/")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            for _ in range(50):
                client.get("/")
        elapsed = (time.perf_counter() - started) / 50
        print(
            f"home page, 5000 notices: {len(queries) / 50:.0f} queries, {elapsed * 1000:.1f} ms per request"
        )
    finally:
        runner.teardown_databases(old_config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
