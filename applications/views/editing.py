"""The applicant's pages: the section pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import forms, services
from applications.held_titles import held_titles
from applications.models import Kind
from applications.sections import (
    FORM,
    MATERIALS,
    ROWS,
    SPECS,
    SUMMARY,
    ApplicationSections,
    summary_label,
)
from titleportal.errors import DomainError

from .common import (
    _edit_context,
    _error_to_form,
    _get,
    _keep_uploads,
    _require_editable_page,
    _role,
)
from .rows import _rows_context

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


# --- Editing ----------------------------------------------------------------------------------


def _next_url(application, sections, key):
    keys = sections.keys
    index = keys.index(key)
    if index + 1 < len(keys):
        return reverse("applications:section", args=[application.pk, keys[index + 1]])
    return reverse("applications:submit", args=[application.pk])


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
        context.update(_rows_context(application, sections, section, request=request))
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
                                ),
                                code="saved_once",
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


# Kinds whose 原职称 may be one of the person's certificates held here. An out-of-province
# confirmation (外省职称确认) confirms a title of another province: every certificate this
# portal holds (issued here, or verified by an office of this province) is in-province.
PICKER_KINDS = ORIGINAL_TITLE_KINDS - {Kind.TRANSFER}


def _own_certificates(request, application, key, fixed):
    """The person's certificates (issued here or verified), offered to fill in 原职称."""
    if key != "application_info" or fixed or application.kind not in PICKER_KINDS:
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
