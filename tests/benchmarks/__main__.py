"""Benchmarks: `make bench`. They print figures and are not part of the test run.

Without an argument (`make bench SCALE=10000`) the portal is measured under load at the
chosen scale against its targets (tests/benchmarks/load.py). The sub-commands below are the
in-process measurements that came first: `python -m tests.benchmarks pages` and `uploads`.

Each in-process benchmark runs against a throw-away database (SQLite in var/bench, or DATABASE_URL),
loads the demo data set, fills it with generated data, and reports query counts, timings and
memory of the measured pages. The query count of a page must not grow with the data: every
page is measured at a small and a large size and the two counts are printed side by side.

`BENCH_ROWS` (default 100000) sets the large size. `python -m tests.benchmarks uploads`
runs only the upload normalisation benchmark (tests/benchmarks/uploads.py), `pages` only the
in-process pages, `load [SCALE]` the load run (as without an argument).
"""

import os
import sys
import time
import tracemalloc

SMALL = 100
LARGE = int(os.environ.get("BENCH_ROWS", "100000"))


def _measure(client, url: str, repeat: int = 5) -> tuple[int, float, int]:
    """(queries per request, ms per request, status) of GET ``url``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm caches and templates
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(repeat):
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
    elapsed = (time.perf_counter() - started) / repeat
    return round(len(queries) / repeat), elapsed * 1000, response.status_code


def _fill(count: int, demo, start: int) -> None:
    """``count`` more applicants of the demo unit with one submitted application each, with
    the action-log rows of their submission."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from applications.models import ActionLog, Application, Kind, Status
    from reference.models import Qualification

    password = make_password(None)
    qualification = Qualification.objects.select_related("series", "level").filter(
        series__code="engineering", level__code="assistant"
    )[0]
    now = timezone.now()
    year = timezone.localdate().year
    chunk = 5000
    for offset in range(start, start + count, chunk):
        numbers = range(offset, min(offset + chunk, start + count))
        people = User.objects.bulk_create(
            [
                User(
                    username=f"bench{n}",
                    full_name=f"测试{n}",
                    id_number=f"B{n:017d}",
                    phone=f"17{n:09d}",
                    email=f"bench{n}@example.com",
                    password=password,
                )
                for n in numbers
            ]
        )
        if not people[0].pk:  # backends that do not return keys from bulk_create
            people = list(User.objects.filter(username__in=[f"bench{n}" for n in numbers]))
        applications = Application.objects.bulk_create(
            [
                Application(
                    applicant=person,
                    kind=Kind.RECOGNITION,
                    year=year,
                    series=qualification.series,
                    level=qualification.level,
                    qualification=qualification,
                    unit=demo.unit,
                    office=demo.office,
                    status=Status.UNIT_REVIEW,
                    submitted_at=now,
                    last_submitted_at=now,
                )
                for person in people
            ]
        )
        if not applications[0].pk:
            applications = list(Application.objects.filter(applicant__in=people))
        ActionLog.objects.bulk_create(
            [
                ActionLog(
                    application=application,
                    action="application.submitted",
                    actor=application.applicant,
                    actor_name=application.applicant.full_name,
                    role="applicant",
                    from_status=Status.DRAFT,
                    to_status=Status.UNIT_REVIEW,
                )
                for application in applications
            ]
        )


def _signed_in(user, key: str | None = None):
    from django.test import Client

    client = Client()
    client.force_login(user)
    if key:
        session = client.session
        session["acting_as"] = key
        session.save()
    return client


def _export(client) -> tuple[int, float, float, int]:
    """(rows, seconds, peak MB of Python allocations, queries) of the unit's full export.

    Timed once without and measured once with tracemalloc, which slows Python down."""
    import io

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl import load_workbook

    url = "/reviews/queue/export.xlsx?status=all"
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(client.get(url).streaming_content)
    elapsed = time.perf_counter() - started
    query_count = len(queries)
    tracemalloc.start()
    b"".join(client.get(url).streaming_content)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    rows = sheet.max_row - 1
    return rows, elapsed, peak / 2**20, query_count


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # progress shows while it runs, also in a log
    args = sys.argv[1:]
    if not args or args[0] == "load":
        from .load import run as load

        scale = int((args[1:] or [os.environ.get("SCALE") or "1000000"])[0])
        return load(scale, extras=os.environ.get("BENCH_EXTRAS", "1") != "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "titleportal.settings_test")
    which = set(args)
    if "pages" in which:
        pages()
    if "uploads" in which:
        from .uploads import run

        run()
    return 0


def pages() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # The dashboards' figures are measured as computed, not as kept for a few minutes.
    settings.STATISTICS_CACHE_SECONDS = 0
    from django.test.runner import DiscoverRunner

    runner = DiscoverRunner(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        from django.test import Client

        from accounts.models import User
        from reference.loaders import load_catalogue, load_regions
        from titleportal.demo import seed_demo
        from titleportal.models import Notice
        from units.models import Office, Unit

        load_regions()
        load_catalogue()
        seed_demo()

        class Demo:
            unit = Unit.objects.get(name="南宁蓝海工程有限公司")
            office = Office.objects.get(name="广西流动人员职称改革办公室")

        staff = User.objects.get(phone="13800000003")
        office_staff = User.objects.get(phone="13800000006")
        staff_client = _signed_in(staff, f"unit_staff:{Demo.unit.pk}")
        office_client = _signed_in(office_staff, f"office_staff:{Demo.office.pk}")
        applicant_client = _signed_in(User.objects.get(phone="13800000001"))
        pages = [
            ("home page", Client(), "/"),
            ("unit queue (全部)", staff_client, "/reviews/queue/?status=all"),
            ("unit queue, name filter", staff_client, "/reviews/queue/?status=all&q=测试"),
            ("unit operation records", staff_client, "/reviews/records/"),
            ("office queue", office_client, "/reviews/queue/?status=all"),
            ("office dashboard", office_client, "/reviews/dashboard/"),
            ("office overdue list", office_client, "/reviews/dashboard/overdue/"),
            ("unit dashboard", staff_client, "/reviews/dashboard/"),
            ("applicant's applications", applicant_client, "/applications/list/evaluation/"),
            ("applicant's certificates", applicant_client, "/certificates/mine/"),
            ("office certificates", office_client, "/certificates/office/"),
            ("results publicity (public)", Client(), "/reviews/publicity/"),
            ("my messages", applicant_client, "/messages/"),
        ]

        figures = {}
        for size, fill in ((SMALL, SMALL), (LARGE, LARGE - SMALL)):
            started = time.perf_counter()
            _fill(fill, Demo, start=size)
            Notice.objects.bulk_create(
                [Notice(category="notice", title=f"通知 {size}-{i}") for i in range(fill // 20)]
            )
            print(f"generated {fill} applications in {time.perf_counter() - started:.1f} s")
            for label, client, url in pages:
                figures[(label, size)] = _measure(client, url)
        print()
        print(
            f"{'page':32} {'queries @' + str(SMALL):>12} {'queries @' + str(LARGE):>14} "
            f"{'ms @' + str(LARGE):>12}"
        )
        for label, _client, _url in pages:
            small, large = figures[(label, SMALL)], figures[(label, LARGE)]
            flag = "" if small[0] == large[0] else "   <- grows with the data"
            status = "" if large[2] == 200 else f"   (status {large[2]})"
            print(f"{label:32} {small[0]:>12} {large[0]:>14} {large[1]:>12.1f}{flag}{status}")
        rows, seconds, peak, queries = _export(staff_client)
        print()
        print(
            f"queue export: {rows} rows in {seconds:.1f} s, {queries} queries, "
            f"peak Python memory {peak:.1f} MB"
        )
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    sys.exit(main())
