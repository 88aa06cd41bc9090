"""The reviewers' pages: the committee's review sessions, intake, results and publicity."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Kind, Status
from reviews import selectors, services
from reviews.forms import (
    ResultsImportForm,
    ReviewSessionForm,
)
from reviews.imports import results_import
from titleportal.errors import DomainError
from titleportal.models import FullIdView
from titleportal.services import full_id_views_record
from titleportal.spreadsheets import text_cell

# --- committee: review sessions, intake, results, publicity -----------------------------------
from .common import committee_required


@committee_required
def sessions(request):
    return render(
        request,
        "reviews/committee/sessions.html",
        {"sessions": selectors.sessions_for(request.role)},
    )


def _session_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.SESSION_FIELDS}


@committee_required
def session_new(request):
    form = ReviewSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.review_session_save(
                actor=request.user, role_context=request.role, **_session_values(form)
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The review session was saved."))
            return redirect("reviews:session_detail", pk=session.pk)
    return render(request, "reviews/committee/session_form.html", {"form": form})


@committee_required
def session_edit(request, pk):
    session = selectors.get_session_for(request.role, pk)
    form = ReviewSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_session_save(
                actor=request.user,
                role_context=request.role,
                session=session,
                **_session_values(form),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The review session was saved."))
            return redirect("reviews:session_detail", pk=session.pk)
    return render(
        request, "reviews/committee/session_form.html", {"form": form, "session": session}
    )


@committee_required
def session_detail(request, pk, import_form=None, import_report=None, status=200):
    session = selectors.get_session_for(request.role, pk)
    applications = list(selectors.session_applications(request.role, session))
    return render(
        request,
        "reviews/committee/session_detail.html",
        {
            "session": session,
            "applications": applications,
            # What publishing the results publicises (the confirmation says how many).
            "passed_count": sum(
                1
                for app in applications
                if app.status == Status.APPROVED and app.kind == Kind.EVALUATION
            ),
            "import_form": import_form or ResultsImportForm(),
            "import_report": import_report,
            "today": timezone.localdate(),
        },
        status=status,
    )


@committee_required
@require_POST
def session_close(request, pk):
    session = selectors.get_session_for(request.role, pk)
    services.review_session_close_intake(
        actor=request.user, role_context=request.role, session=session
    )
    messages.success(request, _("The intake of this review session is closed."))
    return redirect("reviews:session_detail", pk=session.pk)


@committee_required
@require_POST
def session_import(request, pk):
    session = selectors.get_session_for(request.role, pk)
    form = ResultsImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return session_detail(request, pk, import_form=form, status=400)
    try:
        report = results_import(
            actor=request.user,
            role_context=request.role,
            session=session,
            upload=form.cleaned_data["file"],
        )
    except DomainError as error:
        form.add_error("file", str(error))
        return session_detail(request, pk, import_form=form, status=400)
    if not report.ok:
        return session_detail(request, pk, import_form=form, import_report=report, status=400)
    messages.success(
        request,
        _("Results recorded: %(passed)s passed, %(failed)s not passed.")
        % {"passed": report.passed, "failed": report.not_passed},
    )
    return redirect("reviews:session_detail", pk=session.pk)


@committee_required
def session_template(request, pk):
    """An .xlsx with the accepted applicants still without a result, to fill in and import."""
    import io

    import xlsxwriter

    session = selectors.get_session_for(request.role, pk)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(
        0,
        0,
        [
            _("ID number"),
            _("Name"),
            _("Review result"),
            _("Qualification applied for"),
        ],
    )
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 3, 16)
    sheet.data_validation(
        1,
        2,
        5000,
        2,
        {
            "validate": "list",
            "source": [
                _("passed"),
                _("not passed"),
            ],
        },
    )
    row = 1
    listed = []
    for app in selectors.session_applications(request.role, session):
        if app.status == Status.COMMITTEE_REVIEW and hasattr(app, "acceptance"):
            sheet.write_row(
                row,
                0,
                [
                    text_cell(value)
                    for value in (
                        app.applicant.id_number,
                        app.applicant.full_name,
                        "",
                        app.qualification.name,
                    )
                ],
            )
            listed.append(app.applicant)
            row += 1
    workbook.close()
    # The results are matched by full ID number when imported, so the sheet carries them.
    full_id_views_record(request=request, subjects=listed, place=FullIdView.Place.RESULTS_TEMPLATE)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="results-{session.year}.xlsx"'
    return response


@committee_required
@require_POST
def session_publish(request, pk):
    session = selectors.get_session_for(request.role, pk)
    try:
        session = services.results_publish(
            actor=request.user, role_context=request.role, session=session
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The results are publicised until %(date)s.")
            % {"date": session.results_publicity_ends_on.isoformat()},
        )
    return redirect("reviews:session_detail", pk=session.pk)
