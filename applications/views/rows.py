"""The applicant's pages: rows of list sections."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import forms, row_sources, services
from applications.sections import (
    ROWS,
    SPECS,
    ApplicationSections,
)
from titleportal.errors import DomainError

from .common import _edit_context, _error_to_form, _get, _htmx, _require_editable_page, _role

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


# --- Rows -------------------------------------------------------------------------------------


def _rows_context(
    application, sections, key, form=None, row_id=None, template=None, chooser=None, request=None
):
    return {
        "registry_panels": row_sources.panels_for(request, application, key)
        if request is not None and form is None and chooser is None
        else [],
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
    context.update(_rows_context(application, sections, key, request=request, **editor))
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
