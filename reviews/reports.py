"""Fixed reports (表报下载) an office or committee files: the year's summary per series and
level, the results list of a review session, and the certificates issued in a period.

Each report is a title, its column headings and rows read with a fixed number of queries
(the summary is one GROUP BY; the lists stream their rows), written to .xlsx in xlsxwriter's
constant-memory mode. A report that names people is logged like a queue export.
"""

from __future__ import annotations

import datetime
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications import workflow
from applications.models import Status
from certificates.models import Certificate
from reference.models import Level, Series
from titleportal.spreadsheets import text_cell
from titleportal.validators import mask_resident_id
from units.models import ReviewSession

from .models import ExportLog
from .selectors import may_see_full_id_numbers
from .statistics import FAILED_STATES, PASSED_STATES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Roles that file fixed reports, and which reports each has.
REPORTS_OF = {
    Role.OFFICE_STAFF: ("summary", "results", "certificates"),
    Role.COMMITTEE_STAFF: ("summary", "results", "certificates"),
    Role.DEPARTMENT_STAFF: ("summary",),
}


def reports_for(role_context) -> tuple[str, ...]:
    if role_context is None:
        return ()
    return REPORTS_OF.get(role_context.role, ())


@dataclass
class Report:
    title: str
    columns: list[str]
    rows: Iterable[list]
    filename: str
    names_people: bool = False


def year_summary(role_context, year: int) -> Report:
    """Applications of the year per series and level: filed, passed, not passed, in review,
    and the pass rate of those decided."""
    groups = (
        workflow.visible_to(role_context)
        .filter(year=year)
        .values("series_id", "level_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    series_names = dict(Series.objects.values_list("pk", "label"))
    levels = dict(Level.objects.values_list("pk", "name"))
    totals: dict = defaultdict(lambda: [0, 0, 0, 0])
    for row in groups:
        figures = totals[(row["series_id"], row["level_id"])]
        figures[0] += row["n"]
        if row["status"] in PASSED_STATES:
            figures[1] += row["n"]
        elif row["status"] in FAILED_STATES:
            figures[2] += row["n"]
        else:
            figures[3] += row["n"]
    rows = []
    for (series_id, level_id), (filed, passed, failed, pending) in sorted(
        totals.items(), key=lambda item: (series_names.get(item[0][0], ""), item[0][1] or 0)
    ):
        decided = passed + failed
        rate = round(100 * passed / decided, 1) if decided else ""
        rows.append(
            [
                series_names.get(series_id, ""),
                levels.get(level_id, ""),
                filed,
                passed,
                failed,
                pending,
                rate,
            ]
        )
    if rows:
        sums = [sum(row[index] for row in rows) for index in range(2, 6)]
        decided = sums[1] + sums[2]
        rows.append([_("Total"), "", *sums, round(100 * sums[1] / decided, 1) if decided else ""])
    return Report(
        title=_("Summary of %(year)s by series and level") % {"year": year},
        columns=[
            _("Series"),
            _("Level"),
            _("Applications filed"),
            _("Passed"),
            _("Not passed or refused"),
            _("In review"),
            _("Pass rate (%)"),
        ],
        rows=rows,
        filename=f"summary-{year}.xlsx",
    )


def sessions_with_results(role_context):
    """The sessions whose results list the role may file: its committee's sessions, or for an
    office the sessions holding its applications."""
    if role_context is None:
        return ReviewSession.objects.none()
    if role_context.role == Role.COMMITTEE_STAFF:
        sessions = ReviewSession.objects.filter(committee=role_context.organisation)
    elif role_context.role == Role.OFFICE_STAFF:
        sessions = ReviewSession.objects.filter(
            pk__in=workflow.visible_to(role_context)
            .filter(review_session__isnull=False)
            .values("review_session")
        )
    else:
        return ReviewSession.objects.none()
    return sessions.select_related("committee").order_by("-year", "committee__name", "pk")


def session_results(role_context, session: ReviewSession) -> Report:
    """The session's decided applications the role may see: 通过 first, then 未通过."""
    full_ids = may_see_full_id_numbers(role_context)
    rows = (
        workflow.visible_to(role_context)
        .filter(
            review_session=session,
            status__in=[Status.APPROVED, Status.CERTIFIED, Status.NOT_PASSED],
        )
        .order_by("status", "applicant__full_name", "pk")
        .values_list(
            "applicant__full_name",
            "applicant__id_number",
            "unit__name",
            "series__label",
            "level__name",
            "qualification__name",
            "status",
        )
    )
    passed = {Status.APPROVED, Status.CERTIFIED}

    def lines():
        for number, (name, id_number, unit, series, level, qualification, status) in enumerate(
            rows.iterator(chunk_size=2000), start=1
        ):
            yield [
                number,
                name,
                id_number if full_ids else mask_resident_id(id_number or ""),
                unit,
                series,
                level,
                qualification,
                _("Passed") if status in passed else _("Not passed"),
            ]

    return Report(
        title=_("Results of %(session)s") % {"session": session},
        columns=[
            _("No."),
            _("Name"),
            _("ID number"),
            _("Unit"),
            _("Series"),
            _("Level"),
            _("Qualification"),
            _("Review result"),
        ],
        rows=lines(),
        filename=f"results-{session.year}-{session.pk}.xlsx",
        names_people=True,
    )


def certificates_issued(role_context, start: datetime.date, end: datetime.date) -> Report:
    """Certificates the office issued (or the committee's certificates) from ``start`` to
    ``end``, both days included, oldest first."""
    # Of the applications the role may see (the one rule), those it issued or reviewed.
    certificates = Certificate.objects.filter(
        origin=Certificate.Origin.ISSUED, application__in=workflow.visible_to(role_context)
    )
    if role_context.role == Role.OFFICE_STAFF:
        certificates = certificates.filter(office=role_context.organisation)
    elif role_context.role == Role.COMMITTEE_STAFF:
        certificates = certificates.filter(committee=role_context.organisation)
    else:
        certificates = certificates.none()
    zone = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, zone)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, zone)
    full_ids = may_see_full_id_numbers(role_context)
    statuses = dict(Certificate.Status.choices)
    values = (
        certificates.filter(issued_at__gte=since, issued_at__lt=until)
        .order_by("issued_at", "pk")
        .values_list(
            "number",
            "holder_name",
            "holder_id_number",
            "series__label",
            "level__name",
            "qualification__name",
            "approved_on",
            "issued_at",
            "status",
        )
    )

    def lines():
        for number, row in enumerate(values.iterator(chunk_size=2000), start=1):
            cert, name, id_number, series, level, qualification, approved, issued, state = row
            yield [
                number,
                cert,
                name,
                id_number if full_ids else mask_resident_id(id_number or ""),
                series,
                level,
                qualification,
                approved.isoformat() if approved else "",
                timezone.localtime(issued).strftime("%Y-%m-%d"),
                str(statuses.get(state, state)),
            ]

    return Report(
        title=_("Certificates issued from %(start)s to %(end)s")
        % {"start": start.isoformat(), "end": end.isoformat()},
        columns=[
            _("No."),
            _("Certificate number"),
            _("Name"),
            _("ID number"),
            _("Series"),
            _("Level"),
            _("Qualification"),
            _("Date granted"),
            _("Issued on"),
            _("Status"),
        ],
        rows=lines(),
        filename=f"certificates-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
        names_people=True,
    )


def write_report(handle, report: Report) -> int:
    """The report as one sheet: its title, headings and rows. Returns the rows written."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        handle, {"constant_memory": True, "in_memory": False, "strings_to_formulas": False}
    )
    sheet = workbook.add_worksheet(_("Report"))
    bold = workbook.add_format({"bold": True})
    sheet.set_column(0, len(report.columns) - 1, 16)
    sheet.write(0, 0, text_cell(report.title), bold)
    sheet.write_row(1, 0, [text_cell(str(column)) for column in report.columns], bold)
    count = 0
    for count, row in enumerate(report.rows, start=1):
        sheet.write_row(count + 1, 0, [text_cell(value) for value in row])
    workbook.close()
    return count


def report_response(*, actor, role_context, report: Report, filters: dict) -> FileResponse:
    """The report as a download; one naming people is logged as an export."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    with translation.override(settings.LANGUAGE_CODE):
        count = write_report(handle, report)
    if report.names_people:
        ExportLog.objects.create(
            actor=actor,
            actor_name=actor.get_full_name(),
            role=str(role_context.role),
            organisation_name=str(role_context.organisation),
            filters=filters,
            row_count=count,
            full_id_numbers=may_see_full_id_numbers(role_context),
            finished_at=timezone.now(),
        )
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=report.filename, content_type=XLSX)
