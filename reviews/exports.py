"""Export of a queue filter to .xlsx, written row by row (xlsxwriter's constant_memory mode)
into a temporary file that is then streamed, so 100 000 rows need little memory.
Every export is logged with who, as what, which filter and how many rows.
"""

import tempfile

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Kind, Status
from titleportal.spreadsheets import text_cell
from titleportal.validators import mask_resident_id

from .models import ExportLog
from .selectors import filter_applications, may_see_full_id_numbers

CHUNK = 2000


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


def write_queue_xlsx(handle, queryset, *, full_ids: bool) -> int:
    import xlsxwriter

    kinds = dict(Kind.choices)
    statuses = dict(Status.choices)
    workbook = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "in_memory": False, "strings_to_formulas": False}
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
    count = 0
    for count, row in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
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
                    str(kinds.get(kind, kind)),
                    series,
                    level,
                    qualification,
                    unit,
                    submitted_text,
                    str(statuses.get(status, status)),
                )
            ],
        )
    workbook.close()
    return count


def export_queue(*, actor, role_context, filters: dict, serialisable_filters: dict):
    """The .xlsx of the queue filter as a streamed download; logs the export."""
    full_ids = may_see_full_id_numbers(role_context)
    queryset = filter_applications(role_context, filters)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    with translation.override(settings.LANGUAGE_CODE):
        count = write_queue_xlsx(handle, queryset, full_ids=full_ids)
    ExportLog.objects.create(
        actor=actor,
        actor_name=actor.get_full_name(),
        role=str(role_context.role),
        organisation_name=str(role_context.organisation),
        filters=serialisable_filters,
        row_count=count,
        full_id_numbers=full_ids,
    )
    handle.seek(0)
    filename = f"applications-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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
