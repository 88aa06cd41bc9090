"""Import of committee results (通过 / 未通过) from an .xlsx file.

Every row is checked first; if any row is wrong nothing is recorded and every error is
reported with its row number, so the committee fixes the file and imports it again.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.policies import own_case_refusal
from applications.transitions import batch
from titleportal.errors import DomainError
from titleportal.spreadsheets import read_text_cell

from .services import application_approve, application_fail
from .services.sessions import _check_committee_staff

MAX_ROWS = 5000


@dataclass
class ImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    passed: int = 0
    not_passed: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _labels() -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "id_number": {_("ID number"), "ID number"},
            "name": {_("Name"), "Name"},
            "result": {_("Review result"), "Review result"},
            "passed": {_("passed"), "passed"},
            "not_passed": {_("not passed"), "not passed"},
        }


def _cell(value) -> str:
    return read_text_cell(value)


def read_rows(upload) -> list[tuple[int, dict]]:
    """(row number, {id_number, name, result}) for each non-empty row of the first sheet."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    labels = _labels()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError):
        raise DomainError(
            _("This file is not an .xlsx workbook."), field="file", code="not_xlsx"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [_cell(value) for value in next(rows, ())]
        columns = {}
        for key in ("id_number", "name", "result"):
            matches = [index for index, title in enumerate(header) if title in labels[key]]
            if not matches:
                raise DomainError(
                    _("The first row must hold the headers ID number, Name and Review result."),
                    field="file",
                    code="headers",
                )
            columns[key] = matches[0]
        result = []
        for number, row in enumerate(rows, start=2):
            values = {key: _cell(row[i]) if i < len(row) else "" for key, i in columns.items()}
            if not any(values.values()):
                continue
            result.append((number, values))
            if len(result) > MAX_ROWS:
                raise DomainError(
                    _("At most %(count)s rows can be imported at once.") % {"count": MAX_ROWS},
                    field="file",
                    code="too_many",
                )
        return result
    finally:
        workbook.close()


def results_import(*, actor, role_context, session, upload) -> ImportReport:
    """Record the results of the file's rows, all or none."""
    _check_committee_staff(actor, role_context, session.committee)
    labels = _labels()
    rows = read_rows(upload)
    report = ImportReport()
    if not rows:
        report.errors.append((1, _("The file holds no results.")))
        return report
    candidates = {
        app.applicant.id_number: app
        for app in Application.objects.filter(
            review_session=session,
            committee=session.committee,
            status=Status.COMMITTEE_REVIEW,
            acceptance__isnull=False,
        ).select_related("applicant")
    }
    plan = []
    seen = set()
    for number, values in rows:
        id_number = values["id_number"].upper()
        app = candidates.get(id_number)
        if values["result"] in labels["passed"]:
            passed = True
        elif values["result"] in labels["not_passed"]:
            passed = False
        else:
            report.errors.append(
                (
                    number,
                    _("The review result must be passed or not passed, not “%(value)s”.")
                    % {"value": values["result"]},
                )
            )
            continue
        if not id_number:
            report.errors.append((number, _("The ID number is missing.")))
        elif id_number in seen:
            report.errors.append((number, _("This ID number appears twice in the file.")))
        elif app is None:
            report.errors.append(
                (
                    number,
                    _("No accepted application without a result has the ID number %(id)s.")
                    % {"id": id_number},
                )
            )
        elif values["name"] != app.applicant.full_name:
            report.errors.append(
                (
                    number,
                    _(
                        "The name “%(name)s” does not match the ID number (the application is %(real)s's)."
                    )
                    % {"name": values["name"], "real": app.applicant.full_name},
                )
            )
        elif refusal := own_case_refusal(actor, app.applicant_id):
            report.errors.append((number, refusal))
        else:
            plan.append((app, passed))
        seen.add(id_number)
    if report.errors:
        return report
    with batch():  # all results or none
        for app, passed in plan:
            act = application_approve if passed else application_fail
            act(actor=actor, role_context=role_context, application=app, version=app.version)
            if passed:
                report.passed += 1
            else:
                report.not_passed += 1
    return report
