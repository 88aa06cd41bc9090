"""A big queue export runs in the task worker: the request only queues it, the person follows
its progress, the file arrives in 我的消息, and nobody else can see or download it."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import Kind
from reviews.models import ExportLog
from titleportal.models import Message

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def _sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def three_applications(demo, make_application):
    return [
        make_application(applicant=person, kind=Kind.EVALUATION, year=year)
        for person, year in (
            (demo.applicant, 2024),
            (demo.applicant2, 2024),
            (demo.applicant, 2025),
            (demo.applicant, 2026),
        )
    ]


@pytest.fixture(autouse=True)
def small_inline_limit(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2


@pytest.fixture
def client_as(client_as, django_capture_on_commit_callbacks):
    """Requests whose after-commit work (enqueueing the export) runs, as it would in a
    request outside a test transaction."""

    def make(*args, **kwargs):
        client = client_as(*args, **kwargs)
        get = client.get

        def get_committing(*get_args, **get_kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return get(*get_args, **get_kwargs)

        client.get = get_committing
        return client

    return make


class TestQueuedExport:
    def test_a_big_export_is_queued_not_written_in_the_request(
        self, demo, keys, client_as, three_applications
    ):
        with override_settings(TASKS=DUMMY_TASKS):
            client = client_as(demo.staff, keys["staff"])
            response = client.get(reverse("reviews:export"), {"status": "all"}, follow=True)
        job = ExportLog.objects.get()
        assert job.status == ExportLog.Status.QUEUED
        assert not job.file
        page = response.content.decode()
        assert response.redirect_chain[-1][0] == reverse("reviews:export_job", args=[job.pk])
        assert "排队中" in page
        assert "data-refresh-seconds" in page
        assert "我的消息" in page

    def test_the_worker_writes_the_file_and_it_arrives_in_my_messages(
        self, demo, keys, client_as, three_applications
    ):
        # The immediate backend runs the task as the worker would, after the commit.
        client = client_as(demo.staff, keys["staff"])
        response = client.get(reverse("reviews:export"), {"status": "all"})
        assert response.status_code == 302  # nothing is streamed by the export URL itself
        job = ExportLog.objects.get()
        assert (job.status, job.row_count, job.expected_rows) == (ExportLog.Status.DONE, 4, 4)
        message = Message.objects.get(recipient=demo.staff, event="export_ready")
        assert message.title == "您导出的申报信息已生成"
        assert message.link == reverse("reviews:export_job", args=[job.pk])
        page = client.get(message.link).content.decode()
        assert "已生成" in page and "下载文件" in page
        assert "data-refresh-seconds" not in page
        download = client.get(reverse("reviews:export_download", args=[job.pk]))
        rows = _sheet_rows(b"".join(download.streaming_content))
        assert rows[0][:2] == ["申报年度", "姓名"]
        assert sorted(row[1] for row in rows[1:]) == ["张三", "张三", "张三", "李四"]

    def test_the_worker_keeps_the_filter(self, demo, keys, client_as, three_applications):
        client = client_as(demo.staff, keys["staff"])
        client.get(reverse("reviews:export"), {"status": "all", "q": "张三"})
        job = ExportLog.objects.get()
        assert job.filters == {"status": "all", "q": "张三"}
        download = client.get(reverse("reviews:export_download", args=[job.pk]))
        rows = _sheet_rows(b"".join(download.streaming_content))
        assert [row[1] for row in rows[1:]] == ["张三", "张三", "张三"]

    def test_nobody_else_sees_or_downloads_it(self, demo, keys, client_as, three_applications):
        client_as(demo.staff, keys["staff"]).get(reverse("reviews:export"), {"status": "all"})
        job = ExportLog.objects.get()
        other = client_as(demo.staff2, keys["staff2"])
        assert other.get(reverse("reviews:export_job", args=[job.pk])).status_code == 404
        assert other.get(reverse("reviews:export_download", args=[job.pk])).status_code == 404
        office = client_as(demo.office_staff, keys["office_staff"])
        assert office.get(reverse("reviews:export_download", args=[job.pk])).status_code == 404

    def test_a_role_no_longer_held_ends_the_export(self, demo, keys, client_as, three_applications):
        with override_settings(TASKS=DUMMY_TASKS):
            client_as(demo.staff, keys["staff"]).get(reverse("reviews:export"), {"status": "all"})
        job = ExportLog.objects.get()
        demo.staff.memberships.update(is_enabled=False)
        from reviews.exports import run_export

        assert run_export(job.pk) == ExportLog.Status.FAILED
        job.refresh_from_db()
        assert not job.file
        assert Message.objects.filter(recipient=demo.staff, event="export_failed").exists()
        # Run twice (a retried task): nothing happens the second time.
        assert run_export(job.pk) == "skipped"

    def test_a_small_export_still_streams_at_once(self, demo, keys, client_as, make_application):
        make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
        response = client_as(demo.staff, keys["staff"]).get(
            reverse("reviews:export"), {"status": "all"}
        )
        assert len(_sheet_rows(b"".join(response.streaming_content))) == 2
        assert ExportLog.objects.get().status == ExportLog.Status.DONE


def test_a_task_queue_that_is_down_fails_the_export_with_a_clear_answer(
    demo, keys, client_as, three_applications, monkeypatch
):
    from types import SimpleNamespace

    from reviews import tasks

    def down(*args, **kwargs):
        raise ConnectionError("the task queue does not answer")

    monkeypatch.setattr(tasks, "run_queue_export", SimpleNamespace(enqueue=down))
    client = client_as(demo.staff, keys["staff"])
    response = client.get(reverse("reviews:export"), {"status": "all"})
    job = ExportLog.objects.get()
    assert response.status_code == 302
    assert job.status == ExportLog.Status.FAILED
    page = client.get(reverse("reviews:export_job", args=[job.pk])).content.decode()
    assert "导出文件生成失败" in page


@pytest.mark.postgres
def test_an_export_is_planned_for_reading_every_row_then_the_connection_is_as_before(
    postgres, demo, contexts, three_applications, monkeypatch
):
    """PostgreSQL plans a cursor for its first tenth: an export asks for the plan that reads
    all of it fastest while it writes (an office's 125 000 rows in 14 s instead of 26), and
    the connection, which serves other work after, gets the server's setting back."""
    from django.db import connection

    from reviews import exports
    from reviews.selectors import filter_applications

    def setting() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW cursor_tuple_fraction")
            return cursor.fetchone()[0]

    before = setting()
    seen = []
    monkeypatch.setattr(exports, "CHUNK", 1)
    queryset = filter_applications(contexts["staff"], {"status": "all"})
    handle = io.BytesIO()
    count = exports.write_queue_xlsx(
        handle, queryset, full_ids=False, progress=lambda rows: seen.append(setting())
    )
    assert count == len(three_applications) and set(seen) == {"1"}
    assert setting() == before == "0.1"
    assert len(_sheet_rows(handle.getvalue())) == count + 1
