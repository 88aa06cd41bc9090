"""Export of a queue filter to .xlsx, written row by row (xlsxwriter's constant_memory mode)
into a temporary file, so 100 000 rows need little memory.
Every export is logged with who, as what, which filter and how many rows.

A filter of up to ``EXPORT_INLINE_MAX_ROWS`` rows is streamed at once. A bigger one never
runs inside the request: it is queued for the task worker (``reviews.tasks``), the person
watches its progress on the export's page, and the file arrives in 我的消息 when it is ready.
"""

import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Kind, Status
from titleportal.spreadsheets import text_cell
from titleportal.validators import mask_resident_id

from .models import ExportLog
from .selectors import filter_applications, may_see_full_id_numbers

CHUNK = 2000
logger = logging.getLogger(__name__)


@contextmanager
def _read_to_the_end() -> Iterator[None]:
    """PostgreSQL plans a cursor for reading its first tenth (``cursor_tuple_fraction``): for
    a queue that is the walk of the newest-first index, probing each row, right for a page and
    slow for all of it. Told the whole is read, it joins and sorts instead (an office's 125 000
    rows: 26 s → 14 s). Set for the connection, not a transaction, so that the progress
    written meanwhile is seen at once; put back after."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def _headers() -> list[str]:
    return [
        _("Application year"),
        _("Name"),
        _("ID number"),
        _("Kind"),
        _("Series"),
        _("Level"),
        _("Qualification"),
        _("Unit"),
        _("Submitted at"),
        _("Status"),
    ]


def write_queue_xlsx(
    handle, queryset, *, full_ids: bool, progress: Callable[[int], None] | None = None
) -> int:
    """Write the rows of ``queryset``; ``progress(rows so far)`` is called every CHUNK rows."""
    import xlsxwriter

    # Labels translated once, not once per row.
    kinds = {value: str(label) for value, label in Kind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    workbook = xlsxwriter.Workbook(
        handle,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            # Every cell is plain text: no look for links in each (a third of the time).
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_("Applications"))
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 22)
    sheet.set_column(3, 9, 18)
    sheet.write_row(0, 0, _headers(), bold)
    rows = queryset.values_list(
        "year",
        "applicant__full_name",
        "applicant__id_number",
        "kind",
        "qualification__series__label",
        "qualification__level__name",
        "qualification__name",
        "unit__name",
        "last_submitted_at",
        "status",
    )
    with _read_to_the_end():
        count = _write_rows(sheet, rows, full_ids, kinds, statuses, progress)
    workbook.close()
    return count


def _write_rows(sheet, rows, full_ids, kinds, statuses, progress) -> int:
    count = 0
    for count, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        if progress is not None and count % CHUNK == 0:
            progress(count)
        year, name, id_number, kind, series, level, qualification, unit, submitted, status = row
        submitted_text = (
            timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else ""
        )
        sheet.write_row(
            count,
            0,
            [
                text_cell(value)
                for value in (
                    year,
                    name,
                    id_number if full_ids else mask_resident_id(id_number),
                    kinds.get(kind, kind),
                    series,
                    level,
                    qualification,
                    unit,
                    submitted_text,
                    statuses.get(status, status),
                )
            ],
        )
    return count


def _filename() -> str:
    return f"applications-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_queue(*, actor, role_context, filters: dict, serialisable_filters: dict):
    """The .xlsx of the queue filter: a streamed download when it is small, else an export
    queued for the task worker (returned as its ExportLog). Logs the export either way."""
    full_ids = may_see_full_id_numbers(role_context)
    queryset = filter_applications(role_context, filters)
    limit = settings.EXPORT_INLINE_MAX_ROWS
    log = ExportLog(
        actor=actor,
        actor_name=actor.get_full_name(),
        role=str(role_context.role),
        role_key=role_context.key,
        organisation_name=str(role_context.organisation),
        filters=serialisable_filters,
        full_id_numbers=full_ids,
    )
    if queryset[: limit + 1].count() > limit:
        log.status = ExportLog.Status.QUEUED
        log.save()
        transaction.on_commit(lambda: enqueue_export(log.pk))
        return log
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    with translation.override(settings.LANGUAGE_CODE):
        log.row_count = write_queue_xlsx(handle, queryset, full_ids=full_ids)
    log.finished_at = timezone.now()
    log.save()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=_filename(), content_type=XLSX)


def enqueue_export(export_id: int) -> None:
    from .tasks import run_queue_export

    try:
        run_queue_export.enqueue(export_id)
    except Exception:  # the queue being down: the export is marked failed, the person told
        logger.exception("could not enqueue export %s", export_id)
        ExportLog.objects.filter(pk=export_id, status=ExportLog.Status.QUEUED).update(
            status=ExportLog.Status.FAILED,
            error="the task queue did not answer",
            finished_at=timezone.now(),
        )


def run_export(export_id: int) -> str:
    """Write a queued export (in the task worker) and leave the file in 我的消息."""
    from accounts.selectors import available_role_contexts
    from titleportal.notifications import notify

    with transaction.atomic():
        log = (
            ExportLog.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("actor")
            .filter(pk=export_id, status=ExportLog.Status.QUEUED)
            .first()
        )
        if log is None:
            return "skipped"
        log.status = ExportLog.Status.RUNNING
        log.save(update_fields=["status"])
    actor = log.actor
    # The role is checked again: a membership ended since the export was asked for ends it.
    role_context = next(
        (
            context
            for context in (available_role_contexts(actor) if actor else [])
            if context.key == log.role_key
        ),
        None,
    )
    if role_context is None:
        return _finish_failed(log, "the role it was asked in is no longer held")
    from .forms import QueueFilterForm

    filters = QueueFilterForm(log.filters).filters()
    queryset = filter_applications(role_context, filters)
    log.expected_rows = queryset.count()
    log.save(update_fields=["expected_rows"])

    def progress(rows: int) -> None:
        ExportLog.objects.filter(pk=log.pk).update(row_count=rows)

    try:
        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            with translation.override(settings.LANGUAGE_CODE):
                count = write_queue_xlsx(
                    handle, queryset, full_ids=log.full_id_numbers, progress=progress
                )
            handle.seek(0)
            log.file.save(_filename(), File(handle), save=False)
    except Exception as error:
        logger.exception("export %s failed", log.pk)
        return _finish_failed(log, f"{type(error).__name__}: {error}")
    log.row_count = count
    log.status = ExportLog.Status.DONE
    log.finished_at = timezone.now()
    log.save(update_fields=["row_count", "status", "finished_at", "file"])
    with translation.override(settings.LANGUAGE_CODE):
        notify(
            actor,
            event="export_ready",
            title=EXPORT_READY,
            body=_("%(count)s rows; the file can be downloaded from the link.") % {"count": count},
            link=reverse("reviews:export_job", args=[log.pk]),
        )
    return log.status


EXPORT_READY = gettext_lazy("Your export of applications is ready")
EXPORT_FAILED = gettext_lazy("Your export of applications could not be written")


def _finish_failed(log: ExportLog, error: str) -> str:
    from titleportal.notifications import notify

    log.status = ExportLog.Status.FAILED
    log.error = error[:200]
    log.finished_at = timezone.now()
    log.save(update_fields=["status", "error", "finished_at"])
    if log.actor is not None:
        with translation.override(settings.LANGUAGE_CODE):
            notify(
                log.actor,
                event="export_failed",
                title=EXPORT_FAILED,
                body=_("Please try again, or narrow the filter."),
                link=reverse("reviews:export_job", args=[log.pk]),
            )
    return log.status


def write_dashboard_xlsx(handle, data: dict) -> None:
    """The dashboard's tables, one sheet each, with the same figures as on the page."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(handle, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for table in data["tables"]:
        # Sheet names: at most 31 characters, none of []:*?/\
        name = "".join(ch for ch in str(table.title) if ch not in "[]:*?/\\")[:31]
        sheet = workbook.add_worksheet(name)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(table.columns), 14)
        sheet.write_row(0, 0, [text_cell(str(c)) for c in table.columns], bold)
        for index, row in enumerate(table.rows, start=1):
            sheet.write_row(index, 0, [text_cell(value) for value in row])
    workbook.close()
