"""The applicant's pages (申报职称), file downloads, the print copy and the public void notices.

Views stay thin: GET shows, POST calls one service and turns a DomainError into a message
next to the field or on the page. Every application comes from ``get_application_for``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from titleportal.errors import DomainError
from titleportal.files import serve_private_file
from titleportal.pdf import pdf_response, render_pdf

from . import forms, services, workflow
from .held_titles import held_titles
from .models import Kind, Status
from .sections import (
    FILE_FIELDS,
    FORM,
    MATERIALS,
    ROWS,
    SPECS,
    SUMMARY,
    ApplicationSections,
    summary_label,
)
from .selectors import (
    applications_of,
    get_application_for,
    latest_return,
    running_void_notices,
    sections_for,
)

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


def _kind(value: str) -> str:
    if value not in Kind.values:
        raise Http404
    return value


def _get(request, pk):
    return get_application_for(request.role, pk, user=request.user)


def _role(request):
    return request.role


def _htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _error_to_form(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _keep_uploads(form) -> None:
    """A valid form shown again (declaration step) keeps its uploads through their tokens."""
    data = form.data.copy()
    for name, value in form.uploads().items():
        if value is not None:
            data[f"{form.add_prefix(name)}__token"] = str(value.token)
    form.data = data


# --- Lists and start ------------------------------------------------------------------------


@role_required(APPLICANT)
def application_list(request, kind):
    kind = _kind(kind)
    applications = list(applications_of(request.user, kind))
    return render(
        request,
        "applications/applicant/list.html",
        {"kind": kind, "kind_label": Kind(kind).label, "applications": applications},
    )


def _start_form(request, kind, data=None):
    unit = getattr(getattr(request.user, "affiliation", None), "unit", None)
    return forms.StartForm(
        data, kind=kind, unit=unit, initial=request.GET.dict() if data is None else None
    )


@role_required(APPLICANT)
def start(request, kind):
    kind = _kind(kind)
    affiliation = getattr(request.user, "affiliation", None)
    existing = None
    if request.method == "POST" and "refresh" not in request.POST:
        form = _start_form(request, kind, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_start(
                    actor=request.user,
                    role_context=_role(request),
                    kind=kind,
                    year=data["year"],
                    series=data["series"],
                    level=data["level"],
                    qualification=data["qualification"],
                    specialty=data.get("specialty"),
                    custom_specialty=data.get("custom_specialty", ""),
                    office=data.get("office"),
                    committee=data.get("committee"),
                )
            except services.DuplicateApplication as error:
                existing = error.existing
                form.add_error(None, str(error.message))
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(
                    request, _("Your application has been created. Fill in each section.")
                )
                return redirect("applications:open", pk=application.pk)
    elif request.method == "POST":
        # "Update the choices" without JavaScript: show the form again with what was chosen.
        form = forms.StartForm(
            kind=kind, unit=getattr(affiliation, "unit", None), initial=request.POST.dict()
        )
    else:
        form = _start_form(request, kind)
    context = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "form": form,
        "unit": getattr(affiliation, "unit", None),
        "existing": existing,
    }
    if _htmx(request) and request.method == "GET":
        return render(request, "applications/applicant/_start_form.html", context)
    return render(request, "applications/applicant/start.html", context)


# --- Editing ----------------------------------------------------------------------------------


def _menu(application, sections: ApplicationSections, current: str = ""):
    returned = sections.returned_sections()
    items = []
    for index, key in enumerate(sections.keys, start=1):
        spec = SPECS[key]
        items.append(
            {
                "key": key,
                "number": index,
                "title": spec.title,
                "complete": sections.is_complete(key),
                "optional": sections.is_optional(key),
                "returned": key in returned,
                "current": key == current,
                "url": reverse("applications:section", args=[application.pk, key]),
            }
        )
    return items


def _edit_context(request, application, current="", sections=None):
    sections = sections or ApplicationSections(application)
    return {
        "application": application,
        "sections": sections,
        "menu": _menu(application, sections, current),
        "return_entry": sections.latest_return(),
        "current": current,
        "publicity_block": services.publicity_block(application),
        "void_notice": application._section("void_notice"),
    }


def _next_url(application, sections, key):
    keys = sections.keys
    index = keys.index(key)
    if index + 1 < len(keys):
        return reverse("applications:section", args=[application.pk, keys[index + 1]])
    return reverse("applications:submit", args=[application.pk])


def _require_editable_page(request, application):
    if not application.is_editable:
        messages.info(request, _("This application has been submitted; it can only be viewed."))
        return redirect("applications:detail", pk=application.pk)
    return None


@role_required(APPLICANT)
def open_application(request, pk):
    application = _get(request, pk)
    if not application.is_editable:
        return redirect("applications:detail", pk=pk)
    sections = ApplicationSections(application)
    for key in sections.keys:
        if not sections.is_complete(key):
            return redirect("applications:section", pk=pk, section=key)
    return redirect("applications:submit", pk=pk)


@role_required(APPLICANT)
def section(request, pk, section):
    application = _get(request, pk)
    if (blocked := _require_editable_page(request, application)) is not None:
        return blocked
    sections = ApplicationSections(application)
    if section not in sections.keys:
        raise Http404
    style = SPECS[section].style
    if style == FORM:
        return _form_section(request, application, sections, section)
    if style == SUMMARY:
        return _summary_section(request, application, sections)
    if request.method == "POST":
        raise Http404
    context = _edit_context(request, application, section, sections)
    context["view"] = sections.view(section)
    if style == ROWS:
        context.update(_rows_context(application, sections, section))
        return render(request, "applications/applicant/section_rows.html", context)
    if style == MATERIALS:
        context["upload_forms"] = {
            m.key: forms.MaterialUploadForm(material=m.material, request=request)
            for m in context["view"].materials
        }
        return render(request, "applications/applicant/section_materials.html", context)
    raise Http404


def _form_section(request, application, sections, key):
    draft = request.POST.get("action") == "draft"
    show_declaration = False
    replacement_info = key == "application_info" and application.kind == Kind.REPLACEMENT
    fixed = replacement_info and application._section("void_notice") is not None
    if request.method == "POST" and not fixed:
        form = forms.build_section_form(
            application, key, request=request, data=request.POST, files=request.FILES, draft=draft
        )
        if form.is_valid():
            declaration = request.POST.get("declaration") == "on"
            if replacement_info and not declaration:
                # 遗失申明: the person confirms the declaration before the void notice starts.
                show_declaration = True
                _keep_uploads(form)
            else:
                try:
                    if key == "application_info":
                        if replacement_info and draft:
                            raise DomainError(
                                _(
                                    "The application information of a replacement is saved once, with the loss declaration."
                                )
                            )
                        services.save_application_info(
                            actor=request.user,
                            role_context=_role(request),
                            application=application,
                            data=form.model_data(),
                            files=form.uploads(),
                            specialty=form.cleaned_data.get("specialty"),
                            custom_specialty=form.cleaned_data.get("custom_specialty", ""),
                            declaration_accepted=declaration,
                        )
                    else:
                        services.save_form_section(
                            actor=request.user,
                            role_context=_role(request),
                            application=application,
                            key=key,
                            data=form.model_data(),
                            files=form.uploads(),
                        )
                except DomainError as error:
                    _error_to_form(form, error)
                    _keep_uploads(form)
                else:
                    title = SPECS[key].title
                    if draft:
                        messages.success(
                            request,
                            _("%(section)s was saved as a draft; complete it any time.")
                            % {"section": title},
                        )
                        return redirect("applications:section", pk=application.pk, section=key)
                    if replacement_info:
                        application.refresh_from_db()
                        notice = application.void_notice
                        messages.success(
                            request,
                            _(
                                "Saved. The void notice of the lost certificate is published until %(date)s."
                            )
                            % {"date": notice.ends_on.isoformat()},
                        )
                        return redirect("applications:section", pk=application.pk, section=key)
                    messages.success(request, _("%(section)s was saved.") % {"section": title})
                    return redirect(_next_url(application, sections, key))
    else:
        form = forms.build_section_form(application, key, request=request)
    context = _edit_context(request, application, key, sections)
    context.update(
        {
            "form": form,
            "view": sections.view(key),
            "fixed": fixed,
            "own_certificates": _own_certificates(request, application, key, fixed),
            "show_declaration": show_declaration,
            "declaration_rows": _declaration_rows(application, form) if show_declaration else [],
        }
    )
    return render(request, "applications/applicant/section_form.html", context)


ORIGINAL_TITLE_KINDS = {Kind.RECONFIRMATION, Kind.REPLACEMENT, Kind.TRANSFER}


def _own_certificates(request, application, key, fixed):
    """The person's certificates (issued here or verified), offered to fill in 原职称."""
    if key != "application_info" or fixed or application.kind not in ORIGINAL_TITLE_KINDS:
        return []
    return held_titles(request.user)


def _declaration_rows(application, form):
    data = form.cleaned_data
    specialty = data.get("custom_specialty") or (data.get("specialty") or "")
    return [
        (_("Unit"), application.unit),
        (_("Original certificate number"), data.get("original_certificate_number") or "—"),
        (_("Office submitted to"), application.office),
        (_("Approving authority (issuer)"), data.get("approving_authority")),
        (_("Original qualification"), application.qualification),
        (_("Date granted"), data.get("granted_on")),
        (_("Original specialty"), specialty),
    ]


def _summary_section(request, application, sections):
    summary = application._section("work_summary")
    label = summary_label(application)
    if request.method == "POST":
        form = forms.WorkSummaryForm(request.POST, label=label)
        if form.is_valid():
            try:
                services.save_work_summary(
                    actor=request.user,
                    role_context=_role(request),
                    application=application,
                    content=form.cleaned_data["content"],
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(
                    request, _("%(section)s was saved.") % {"section": SPECS["work_summary"].title}
                )
                return redirect(_next_url(application, sections, "work_summary"))
    else:
        form = forms.WorkSummaryForm(
            initial={"content": summary.content if summary else ""}, label=label
        )
    used, left = form.counts()
    context = _edit_context(request, application, "work_summary", sections)
    context.update({"form": form, "used": used, "left": left, "label": label})
    return render(request, "applications/applicant/section_summary.html", context)


# --- Rows -------------------------------------------------------------------------------------


def _rows_context(application, sections, key, form=None, row_id=None, template=None, chooser=None):
    return {
        "key": key,
        "spec": SPECS[key],
        "view": sections.view(key),
        "editor_form": form,
        "editor_row": row_id,
        "editor_template": template,
        "template_chooser": chooser,
        "templates": sections.templates() if key == "achievements" else [],
        "rows_url": reverse("applications:section", args=[application.pk, key]),
    }


def _rows_response(request, application, key, **editor):
    """The rows of a section with its editor: the partial for htmx, else the whole page."""
    sections = ApplicationSections(application)
    context = _edit_context(request, application, key, sections)
    context.update(_rows_context(application, sections, key, **editor))
    if _htmx(request):
        return render(request, "applications/applicant/_rows.html", {**context, "oob_menu": True})
    return render(request, "applications/applicant/section_rows.html", context)


def _row_section(request, pk, section):
    application = _get(request, pk)
    if section not in ApplicationSections(application).keys or SPECS[section].style != ROWS:
        raise Http404
    return application


@role_required(APPLICANT)
def row_edit(request, pk, section, row=None):
    application = _row_section(request, pk, section)
    if (blocked := _require_editable_page(request, application)) is not None:
        return blocked
    instance = None
    if row is not None:
        instance = getattr(application, SPECS[section].accessor).filter(pk=row).first()
        if instance is None:
            raise Http404
    if section == "achievements":
        return _achievement_edit(request, application, instance)
    form_class = forms.row_form_class(section)
    initial = {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, instance=instance, request=request)
        if form.is_valid():
            try:
                services.save_row(
                    actor=request.user,
                    role_context=_role(request),
                    application=application,
                    key=section,
                    row_id=row,
                    data=form.model_data(),
                    attachment=form.cleaned_data.get("attachment"),
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                if _htmx(request):
                    return _rows_response(request, application, section)
                messages.success(request, _("The row was saved."))
                return redirect("applications:section", pk=pk, section=section)
    else:
        if instance is not None and SPECS[section].row_files:
            initial["attachment"] = application.attachments.filter(
                section=section, row_id=instance.pk
            ).exists()
        form = form_class(instance=instance, initial=initial, request=request)
    return _rows_response(request, application, section, form=form, row_id=row)


def _achievement_edit(request, application, instance):
    templates = (
        {t.pk: t for t in application.review_session.achievement_templates.all()}
        if application.review_session_id
        else {}
    )
    template_id = request.POST.get("template") or request.GET.get("template")
    if instance is not None:
        template_id = instance.template_id or template_id
    try:
        template = templates.get(int(template_id)) if template_id else None
    except ValueError:
        template = None
    if template is None:
        chooser = forms.TemplateChoiceForm(application=application)
        return _rows_response(
            request,
            application,
            "achievements",
            chooser=chooser,
            row_id=getattr(instance, "pk", None),
        )
    if request.method == "POST" and "template_chosen" not in request.POST:
        form = forms.achievement_form(
            template.achievement_kind, request=request, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                services.save_achievement(
                    actor=request.user,
                    role_context=_role(request),
                    application=application,
                    template=template,
                    title=form.cleaned_data["title"],
                    date=form.cleaned_data["date"],
                    details=form.details(),
                    row_id=getattr(instance, "pk", None),
                    attachment=form.cleaned_data.get("attachment"),
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                if _htmx(request):
                    return _rows_response(request, application, "achievements")
                messages.success(request, _("The row was saved."))
                return redirect("applications:section", pk=application.pk, section="achievements")
    else:
        initial = {}
        if instance is not None:
            initial = forms.achievements.form_class(template.achievement_kind).initial_from(
                instance
            )
            initial["attachment"] = application.attachments.filter(
                section="achievements", row_id=instance.pk
            ).exists()
        form = forms.achievement_form(template.achievement_kind, request=request, initial=initial)
    return _rows_response(
        request,
        application,
        "achievements",
        form=form,
        row_id=getattr(instance, "pk", None),
        template=template,
    )


def _row_action(request, pk, section, action):
    application = _row_section(request, pk, section)
    try:
        action(application)
    except DomainError as error:
        messages.error(request, str(error.message))
    if _htmx(request):
        return _rows_response(request, application, section)
    return redirect("applications:section", pk=pk, section=section)


@role_required(APPLICANT)
@require_POST
def row_delete(request, pk, section, row):
    return _row_action(
        request,
        pk,
        section,
        lambda application: services.delete_row(
            actor=request.user,
            role_context=_role(request),
            application=application,
            key=section,
            row_id=row,
        ),
    )


@role_required(APPLICANT)
@require_POST
def row_move(request, pk, section, row):
    step = -1 if request.POST.get("direction") == "up" else 1
    return _row_action(
        request,
        pk,
        section,
        lambda application: services.move_row(
            actor=request.user,
            role_context=_role(request),
            application=application,
            key=section,
            row_id=row,
            step=step,
        ),
    )


@role_required(APPLICANT)
@require_POST
def row_order(request, pk, section):
    ids = []
    for value in request.POST.getlist("ids"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return _row_action(
        request,
        pk,
        section,
        lambda application: services.reorder_rows(
            actor=request.user,
            role_context=_role(request),
            application=application,
            key=section,
            row_ids=ids,
        ),
    )


# --- Materials and files ----------------------------------------------------------------------


@role_required(APPLICANT)
@require_POST
def material_upload(request, pk, section, material):
    application = _get(request, pk)
    if section not in ApplicationSections(application).keys or SPECS[section].style != MATERIALS:
        raise Http404
    spec = services.find_material(application, section, material)
    if spec is None:
        raise Http404
    form = forms.MaterialUploadForm(request.POST, request.FILES, material=spec, request=request)
    if form.is_valid():
        try:
            attachment = services.upload_material(
                actor=request.user,
                role_context=_role(request),
                application=application,
                section=section,
                material=spec,
                stashed=form.cleaned_data["file"],
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            if attachment.converted:
                messages.success(
                    request,
                    _(
                        "%(name)s was uploaded. It was converted to a JPG image within the size limit; check the result below."
                    )
                    % {"name": spec.name},
                )
            else:
                messages.success(request, _("%(name)s was uploaded.") % {"name": spec.name})
    else:
        for error in form.errors.get("file", []):
            messages.error(request, f"{spec.name}：{error}")
    return redirect(reverse("applications:section", args=[pk, section]) + f"#material-{spec.key}")


@role_required(APPLICANT)
@require_POST
def attachment_delete(request, pk, attachment):
    application = _get(request, pk)
    found = application.attachments.filter(pk=attachment).first()
    if found is None:
        raise Http404
    try:
        services.delete_attachment(
            actor=request.user,
            role_context=_role(request),
            application=application,
            attachment_id=attachment,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The file was deleted."))
    return redirect("applications:section", pk=pk, section=found.section)


@role_required(*ANY_ROLE)
def download(request, pk, attachment=None, section="", field=""):
    """Files of an application, for whoever may see the application."""
    application = _get(request, pk)
    if attachment is not None:
        found = application.attachments.filter(pk=attachment).first()
        if found is None:
            raise Http404
        return serve_private_file(found.file, download_name=found.original_name)
    if (section, field) not in FILE_FIELDS:
        raise Http404
    instance = application._section(SPECS[section].accessor)
    if instance is None:
        raise Http404
    file = getattr(instance, field)
    return serve_private_file(
        file, download_name=f"{field}{file.name[file.name.rfind('.') :]}" if file else ""
    )


# --- Submit, withdraw, discard, route ---------------------------------------------------------


@role_required(APPLICANT)
def submit(request, pk):
    application = _get(request, pk)
    if (blocked := _require_editable_page(request, application)) is not None:
        return blocked
    if request.method == "POST":
        try:
            services.application_submit(
                actor=request.user,
                role_context=_role(request),
                application=application,
                promise_accepted=request.POST.get("promise") == "accepted",
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Your %(kind)s application has been submitted; please wait for your unit's staff to review it."
                )
                % {"kind": application.get_kind_display()},
            )
            return redirect("applications:list", kind=application.kind)
    sections = ApplicationSections(application)
    context = _edit_context(request, application, "submit", sections)
    context.update(
        {
            "incomplete": [
                (spec, missing, reverse("applications:section", args=[pk, spec.key]))
                for spec, missing in sections.incomplete()
            ],
            "deadline_block": services.deadline_block(application),
        }
    )
    return render(request, "applications/applicant/submit.html", context)


def _confirm_page(request, application, *, title, text, button, danger=True):
    return render(
        request,
        "applications/applicant/confirm.html",
        {
            "application": application,
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
        },
    )


@role_required(APPLICANT)
def withdraw(request, pk):
    application = _get(request, pk)
    if request.method == "POST":
        try:
            services.application_withdraw(
                actor=request.user, role_context=_role(request), application=application
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Your %(kind)s application has been withdrawn.")
                % {"kind": application.get_kind_display()},
            )
        return redirect("applications:list", kind=application.kind)
    return _confirm_page(
        request,
        application,
        title=_("Withdraw"),
        text=_("Withdraw this application? You can edit and submit it again afterwards."),
        button=_("Withdraw"),
        danger=False,
    )


@role_required(APPLICANT)
def discard(request, pk):
    application = _get(request, pk)
    if request.method == "POST":
        kind = application.kind
        try:
            services.application_discard(
                actor=request.user, role_context=_role(request), application=application
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The application was discarded."))
        return redirect("applications:list", kind=kind)
    return _confirm_page(
        request,
        application,
        title=_("Discard"),
        text=_(
            "Discard this application? Everything in it, including achievements and uploaded "
            "materials, is deleted, and you would have to start a new application."
        ),
        button=_("Discard"),
    )


@role_required(APPLICANT)
def change_route(request, pk):
    application = _get(request, pk)
    if application.status != Status.DRAFT:
        messages.error(
            request, _("The office can only be changed before the application is submitted.")
        )
        return redirect("applications:list", kind=application.kind)
    if request.method == "POST" and "refresh" not in request.POST:
        form = forms.RouteForm(request.POST, application=application)
        if form.is_valid():
            try:
                services.application_change_route(
                    actor=request.user,
                    role_context=_role(request),
                    application=application,
                    level=form.cleaned_data["level"],
                    qualification=form.cleaned_data["qualification"],
                    office=form.cleaned_data.get("office"),
                    committee=form.cleaned_data.get("committee"),
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("The level and office were changed."))
                return redirect("applications:list", kind=application.kind)
    elif request.method == "POST":
        form = forms.RouteForm(application=application, initial=request.POST.dict())
    else:
        extra = {"initial": request.GET.dict()} if request.GET else {}
        form = forms.RouteForm(application=application, **extra)
    context = {"application": application, "form": form}
    if _htmx(request) and request.method == "GET":
        return render(request, "applications/applicant/_route_form.html", context)
    return render(request, "applications/applicant/route.html", context)


# --- Read-only pages --------------------------------------------------------------------------


@role_required(*ANY_ROLE)
def detail(request, pk):
    application = _get(request, pk)
    return render(
        request,
        "applications/applicant/detail.html",
        {
            "application": application,
            "sections": sections_for(application),
            "return_entry": latest_return(application)
            if application.status == Status.RETURNED
            else None,
        },
    )


@role_required(*ANY_ROLE)
def progress(request, pk):
    application = _get(request, pk)
    rows = [
        {
            "time": entry.created_at,
            "step": entry.step,
            "opinion": entry.opinion,
            "organisation": entry.organisation_name,
            "state": _("Done"),
        }
        for entry in application.actions.all()
    ]
    waiting_at = workflow.current(application)
    holder = waiting_at.organisation if waiting_at is not None else None
    if holder is not None:
        # The step now waiting, as in the seeds' timeline (单位审核 … 受理中).
        rows.append(
            {
                "time": application.last_submitted_at or application.updated_at,
                "step": workflow.review_words(waiting_at),
                "opinion": "",
                "organisation": str(holder),
                "state": _("In progress"),
            }
        )
    if application.status in (Status.DRAFT, Status.RETURNED):
        holder = application.applicant
    return render(
        request,
        "applications/applicant/progress.html",
        {
            "application": application,
            "rows": rows,
            "holder": holder,
            "steps": workflow.applicant_progress(application),
        },
    )


def _print_context(application):
    return {
        "application": application,
        "sections": sections_for(application),
        "printed_at": timezone.localtime(),
    }


@role_required(*ANY_ROLE)
def print_view(request, pk):
    application = _get(request, pk)
    context = _print_context(application)
    if application.certificate_photo():
        section = "application_info" if application.kind == Kind.REPLACEMENT else "basic_info"
        context["photo_src"] = reverse("applications:file", args=[application.pk, section, "photo"])
    return render(request, "applications/print/application.html", context)


@role_required(*ANY_ROLE)
def pdf(request, pk):
    application = _get(request, pk)
    content = render_pdf(
        "applications/print/application_pdf.html",
        _print_context(application),
        request=request,
        files={"photo": application.certificate_photo()},
    )
    return pdf_response(content, f"application-{application.pk}.pdf", inline=False)


def void_notices(request):
    """Public page: void notices of lost certificates in their publicity period."""
    query = request.GET.get("q", "").strip()[:50]
    notices = running_void_notices()
    if query:
        from django.db.models import Q

        notices = notices.filter(
            Q(holder_name__icontains=query) | Q(certificate_number__icontains=query)
        )
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/public/void_notices.html",
        {"page": page, "query": query, "query_string": urlencode({"q": query}) if query else ""},
    )
