"""Views of the review workflow: thin, scoped to the acting role, one service per POST."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from applications import workflow
from applications.models import Kind, Status
from applications.policies import own_case_refusal
from applications.sections import ApplicationSections
from titleportal.errors import DomainError
from titleportal.models import FullIdView
from titleportal.pdf import pdf_response, render_pdf
from titleportal.services import full_id_views_record
from titleportal.spreadsheets import text_cell

from . import selectors, services
from .exports import export_queue
from .forms import (
    AchievementTemplateForm,
    BatchForm,
    ForwardForm,
    OpinionForm,
    QueueFilterForm,
    ReasonForm,
    RecordsFilterForm,
    RequiredMaterialForm,
    ResultsImportForm,
    ReturnForm,
    ReviewSessionForm,
    UnitOpinionForm,
    UnitPublicityForm,
    YearForm,
)
from .imports import results_import
from .models import UnitOpinion
from .sections import section_choices, section_labels

REVIEWER_ROLES = (
    Role.UNIT_STAFF,
    Role.DEPARTMENT_STAFF,
    Role.OFFICE_STAFF,
    Role.COMMITTEE_STAFF,
)
reviewer_required = role_required(*REVIEWER_ROLES)
committee_required = role_required(Role.COMMITTEE_STAFF)
unit_staff_required = role_required(Role.UNIT_STAFF)

QUEUE_PAGE_SIZE = 20
RECORDS_PAGE_SIZE = 30
BATCH_RESULTS_KEY = "reviews_batch_results"


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- queue ------------------------------------------------------------------------------------


@reviewer_required
def queue(request):
    """待办事项: the applications waiting for this organisation, or any filter of them."""
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    rows = selectors.queue_rows(selectors.filter_applications(request.role, filters))
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for application in page.object_list:
        # The reviewer's own application is listed, read-only with the reason.
        application.own_refusal = own_case_refusal(request.user, application.applicant_id)
    counts = selectors.pending_counts_by_kind(request.role)
    kind_tabs = []
    for value, label in [("", _("All kinds")), *Kind.choices]:
        query = request.GET.copy()
        query.pop("page", None)
        query["kind"] = value
        query.setdefault("status", "pending")
        kind_tabs.append(
            {
                "value": value,
                "label": label,
                "count": sum(counts.values()) if not value else counts.get(value, 0),
                "query": query.urlencode(),
                "active": (filters.get("kind") or "") == value,
            }
        )
    return render(
        request,
        "reviews/reviewer/queue.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "kind_tabs": kind_tabs,
            "batch_form": BatchForm(),
            "batch_results": request.session.pop(BATCH_RESULTS_KEY, None),
            "level": selectors.level_of(request.role),
        },
    )


@reviewer_required
def export(request):
    """The current queue filter as .xlsx (logged)."""
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    serialisable = form.serialisable() if form.is_bound else {}
    return export_queue(
        actor=request.user,
        role_context=request.role,
        filters=filters,
        serialisable_filters=serialisable,
    )


@reviewer_required
@require_POST
def batch(request):
    """Forward or return the selected rows; each row succeeds or fails on its own."""
    form = BatchForm(request.POST)
    back = reverse("reviews:queue")
    query = request.POST.get("query", "")
    if query and "\n" not in query:
        back += "?" + query
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
            break
        return redirect(back)
    rows = form.cleaned_data["rows"]
    found = {
        app.pk: app
        for app in selectors.reviewable_applications(request.role)
        .filter(pk__in=[pk for pk, _version in rows])
        .select_related("applicant")
    }
    results = []
    for pk, version in rows:
        app = found.get(pk)
        if app is None:
            results.append({"pk": pk, "name": "", "ok": False, "message": _("Not found.")})
            continue
        try:
            if form.cleaned_data["action"] == "forward":
                services.application_forward(
                    actor=request.user, role_context=request.role, application=app, version=version
                )
                message = _("Forwarded.")
            else:
                services.application_return(
                    actor=request.user,
                    role_context=request.role,
                    application=app,
                    version=version,
                    reason=form.cleaned_data["reason"],
                )
                message = _("Returned to the applicant.")
        except DomainError as error:
            results.append(
                {"pk": pk, "name": app.applicant.full_name, "ok": False, "message": str(error)}
            )
        else:
            results.append(
                {"pk": pk, "name": app.applicant.full_name, "ok": True, "message": message}
            )
    request.session[BATCH_RESULTS_KEY] = results
    return redirect(back)


# --- detail and acts --------------------------------------------------------------------------


def _opinion_initial(application) -> dict:
    opinion = UnitOpinion.objects.filter(application=application).first()
    initial = {name: getattr(opinion, name) for name in UnitOpinion.FIELDS} if opinion else {}
    if not initial.get("publicity"):
        # Offer the unit's own online publicity that listed this application.
        publicity = selectors.publicity_listing(application)
        if publicity is not None:
            initial["publicity"] = _(
                "Publicised online in the unit from %(start)s to %(end)s; no objection."
            ) % {"start": publicity.starts_on.isoformat(), "end": publicity.ends_on.isoformat()}
    return initial


def _make_form(act: str, application, data=None):
    # Each form of the page gets its own element ids (several carry a version field).
    options = {"initial": {"version": application.version}, "auto_id": f"id_{act}_%s"}
    unit_level = workflow.acting_level(application) == workflow.LEVELS["unit"]
    if act == "opinions":
        options["initial"].update(_opinion_initial(application))
        return UnitOpinionForm(data, application=application, **options)
    if act == "forward":
        return ForwardForm(data, application=application, unit_level=unit_level, **options)
    if act == "return":
        targets = services.return_targets(application)
        return ReturnForm(data, application=application, targets=targets, **options)
    if act == "reject":
        return ReasonForm(data, **options)
    return OpinionForm(data, **options)


def available_acts(role_context, application, actor=None) -> list[str]:
    """The acts the role may take on the application now, in the order the page shows them
    (none on the actor's own application): ``workflow.acts`` decides."""
    return workflow.acts(application, role_context, actor).names


def _render_detail(request, application, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    acts = available_acts(request.role, application, request.user)
    forms = {act: bound.get(act) or _make_form(act, application) for act in acts}
    actions = selectors.timeline(application)
    choices = dict(section_choices(application))
    for entry in actions:
        entry.section_labels = section_labels(
            application, entry.data.get("sections", []), choices=choices
        )
    opinion = UnitOpinion.objects.filter(application=application).first()
    sections = ApplicationSections(application).views()
    since_return = selectors.changes_since_return(application, actions, sections)
    if since_return is not None:
        by_key = {change.key: change for change in since_return.sections}
        for section in sections:
            change = by_key.get(section.key)
            if change is not None:
                section.named_in_return = change.named
                section.changed_since_return = change.changed
                if change.named:
                    section.return_reason = since_return.entry.opinion
    return render(
        request,
        "reviews/reviewer/detail.html",
        {
            "application": application,
            "sections": sections,
            "since_return": since_return,
            "acts": acts,
            "forms": forms,
            "actions": actions,
            "opinion": opinion,
            "missing_opinions": services.missing_unit_opinions(application)
            if "opinions" in acts
            else [],
            "route": workflow.progress(application),
            "at_unit": workflow.acting_level(application) == workflow.LEVELS["unit"],
            "at_committee": workflow.acting_level(application) == workflow.LEVELS["committee"],
            "acceptance": getattr(application, "acceptance", None),
            "own_refusal": own_case_refusal(request.user, application.applicant_id),
        },
        status=status,
    )


@reviewer_required
def detail(request, pk):
    application = selectors.get_application_for(request.role, pk)
    return _render_detail(request, application)


SERVICES = {
    "opinions": services.unit_opinion_save,
    "forward": services.application_forward,
    "return": services.application_return,
    "reject": services.application_reject,
    "approve": services.application_approve,
    "fail": services.application_fail,
    "accept": services.application_accept,
}
DONE_MESSAGES = {
    "opinions": gettext_noop("The unit opinions were saved."),
    "forward": gettext_noop("The application was forwarded."),
    "return": gettext_noop("The application was returned."),
    "reject": gettext_noop("The application was marked as not approved."),
    "approve": gettext_noop("The application was approved."),
    "fail": gettext_noop("The result “not passed” was recorded."),
    "accept": gettext_noop("The application was accepted."),
}


def _arguments(act: str, cleaned: dict) -> dict:
    if act == "opinions":
        return {name: cleaned[name] for name in UnitOpinion.FIELDS if name in cleaned}
    if act == "forward":
        return {"office": cleaned.get("office"), "opinion": cleaned.get("opinion", "")}
    if act == "return":
        return {
            "target": cleaned["target"],
            "reason": cleaned["reason"],
            "sections": cleaned["sections"],
            "files": cleaned["files"],
        }
    if act == "reject":
        return {"reason": cleaned["reason"]}
    return {"opinion": cleaned.get("opinion", "")}


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def _act_view(act: str):
    @reviewer_required
    @require_POST
    def view(request, pk):
        application = selectors.get_application_for(request.role, pk)
        detail_url = reverse("reviews:detail", args=[application.pk])
        if act not in available_acts(request.role, application, request.user):
            messages.error(
                request,
                own_case_refusal(request.user, application.applicant_id)
                or _("This application is not waiting for your review; it is now: %(status)s.")
                % {"status": application.get_status_display()},
            )
            return redirect(detail_url)
        form = _make_form(act, application, data=request.POST)
        if not form.is_valid():
            return _render_detail(request, application, bound={act: form}, status=400)
        try:
            SERVICES[act](
                actor=request.user,
                role_context=request.role,
                application=application,
                version=form.cleaned_data["version"],
                **_arguments(act, form.cleaned_data),
            )
        except DomainError as error:
            if error.code == "stale":
                messages.error(request, str(error))
                return redirect(detail_url)
            form.add_error(error.field if error.field in form.fields else None, str(error))
            return _render_detail(request, application, bound={act: form}, status=400)
        messages.success(request, _(DONE_MESSAGES[act]))
        return redirect(_next_url(request, detail_url))

    view.__name__ = f"act_{act}"
    return view


ACT_VIEWS = {act: _act_view(act) for act in SERVICES}


@reviewer_required
def evaluation_form(request, pk):
    """评审表: the whole application as the system holds it, the unit's opinions and seal."""
    application = selectors.get_application_for(request.role, pk)
    content = render_pdf(
        "reviews/pdf/evaluation_form.html",
        {
            "application": application,
            "sections": ApplicationSections(application).views(),
            "opinion": UnitOpinion.objects.filter(application=application).first(),
            "junior": application.level.is_junior,
            "printed_at": timezone.localtime(),
        },
        request=request,
        files={"photo": application.certificate_photo(), "seal": application.unit.seal_image},
        language=settings.LANGUAGE_CODE,
    )
    # The printed form carries the applicant's full ID number.
    full_id_views_record(
        request=request, subjects=[application.applicant], place=FullIdView.Place.EVALUATION_FORM
    )
    return pdf_response(content, f"evaluation-form-{application.pk}.pdf", inline=True)


# --- operation records and downloads ----------------------------------------------------------


@reviewer_required
def records(request):
    """操作记录 of the organisation."""
    form = RecordsFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(
        selectors.operation_records(request.role, filters), RECORDS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/reviewer/records.html",
        {"form": form, "page": page, "query": _query_without_page(request)},
    )


@reviewer_required
def downloads(request):
    """表报下载: the unit's publicity table and online publicity, exports, forms."""
    year = timezone.localdate().year
    unit_staff = request.role.role == Role.UNIT_STAFF
    context = {"year_form": YearForm(initial={"year": year}), "unit_staff": unit_staff}
    if unit_staff:
        context["publicity_form"] = UnitPublicityForm(initial={"year": year, "days": 5})
        context["publicities"] = selectors.unit_publicities_for(request.role)[:20]
    return render(request, "reviews/reviewer/downloads.html", context)


@unit_staff_required
def publicity_table(request):
    """公示表 PDF: the unit's applicants of a year, for posting inside the unit."""
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    unit = request.role.organisation
    content = render_pdf(
        "reviews/pdf/publicity_table.html",
        {
            "unit": unit,
            "year": year,
            "entries": services.unit_publicity_entries(unit, year),
            "printed_on": timezone.localdate(),
        },
        request=request,
        files={"seal": unit.seal_image},
        language=settings.LANGUAGE_CODE,
    )
    return pdf_response(content, f"publicity-{year}.pdf", inline=True)


@unit_staff_required
@require_POST
def unit_publicity_start(request):
    form = UnitPublicityForm(request.POST)
    if form.is_valid():
        try:
            publicity = services.unit_publicity_start(
                actor=request.user,
                role_context=request.role,
                year=form.cleaned_data["year"],
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The publicity has started."))
            return redirect("reviews:unit_publicity", pk=publicity.pk)
    else:
        messages.error(request, _("Please check the year and the number of days."))
    return redirect("reviews:downloads")


@login_required
def unit_publicity(request, pk):
    """The online unit publicity, for the unit's staff and the people working there."""
    publicity = selectors.get_unit_publicity_for(request.user, request.role, pk)
    return render(
        request,
        "reviews/public/unit_publicity.html",
        {"publicity": publicity, "today": timezone.localdate()},
    )


# --- committee: review sessions, intake, results, publicity -----------------------------------


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
    applications = list(selectors.session_applications(session))
    return render(
        request,
        "reviews/committee/session_detail.html",
        {
            "session": session,
            "applications": applications,
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
    for app in selectors.session_applications(session):
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


# --- committee: required materials and achievement templates ----------------------------------


@committee_required
def session_requirements(request, pk):
    """评委会需求材料 and 业绩成果模板 of a review session."""
    session = selectors.get_session_for(request.role, pk)
    return render(
        request,
        "reviews/committee/requirements.html",
        {"session": session, **selectors.session_requirements(session)},
    )


# What differs between the two kinds of session requirements; the pages are the same.
REQUIREMENTS = {
    "material": {
        "keyword": "material",
        "form": RequiredMaterialForm,
        "save": services.required_material_save,
        "delete": services.required_material_delete,
        "fields": services.MATERIAL_FIELDS,
        "get": selectors.get_required_material_for,
        "new_title": gettext_noop("New required material"),
        "edit_title": gettext_noop("Edit required material"),
        "saved": gettext_noop("The required material was saved."),
        "deleted": gettext_noop("The required material was deleted."),
    },
    "template": {
        "keyword": "template",
        "form": AchievementTemplateForm,
        "save": services.achievement_template_save,
        "delete": services.achievement_template_delete,
        "fields": services.TEMPLATE_FIELDS,
        "get": selectors.get_achievement_template_for,
        "new_title": gettext_noop("New achievement template"),
        "edit_title": gettext_noop("Edit achievement template"),
        "saved": gettext_noop("The achievement template was saved."),
        "deleted": gettext_noop("The achievement template was deleted."),
    },
}


def _requirement_form(request, kind: str, *, session, item=None):
    spec = REQUIREMENTS[kind]
    form = spec["form"](request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in spec["fields"]}
        try:
            spec["save"](
                actor=request.user,
                role_context=request.role,
                session=session,
                **{spec["keyword"]: item},
                **values,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _(spec["saved"]))
            return redirect("reviews:session_requirements", pk=session.pk)
    return render(
        request,
        "reviews/committee/requirement_form.html",
        {
            "form": form,
            "session": session,
            "item": item,
            "title": _(spec["edit_title"] if item is not None else spec["new_title"]),
        },
    )


def _requirement_delete(request, kind: str, pk):
    spec = REQUIREMENTS[kind]
    item = spec["get"](request.role, pk)
    try:
        spec["delete"](actor=request.user, role_context=request.role, **{spec["keyword"]: item})
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _(spec["deleted"]))
    return redirect("reviews:session_requirements", pk=item.review_session_id)


@committee_required
def material_new(request, pk):
    session = selectors.get_session_for(request.role, pk)
    return _requirement_form(request, "material", session=session)


@committee_required
def material_edit(request, pk):
    material = selectors.get_required_material_for(request.role, pk)
    return _requirement_form(request, "material", session=material.review_session, item=material)


@committee_required
@require_POST
def material_delete(request, pk):
    return _requirement_delete(request, "material", pk)


@committee_required
def achievement_template_new(request, pk):
    session = selectors.get_session_for(request.role, pk)
    return _requirement_form(request, "template", session=session)


@committee_required
def achievement_template_edit(request, pk):
    template = selectors.get_achievement_template_for(request.role, pk)
    return _requirement_form(request, "template", session=template.review_session, item=template)


@committee_required
@require_POST
def achievement_template_delete(request, pk):
    return _requirement_delete(request, "template", pk)


def publicity(request):
    """评审公示 (public): the results the committees published."""
    return render(
        request,
        "reviews/public/publicity.html",
        {"sessions": selectors.published_sessions()[:50], "today": timezone.localdate()},
    )


def publicity_detail(request, pk):
    from django.shortcuts import get_object_or_404

    session = get_object_or_404(selectors.published_sessions(), pk=pk)
    return render(
        request,
        "reviews/public/publicity_detail.html",
        {
            "session": session,
            "applications": selectors.publicised_applications(session),
            "today": timezone.localdate(),
        },
    )
