"""The applicant's pages: materials and file downloads."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import forms, services
from applications.sections import (
    FILE_FIELDS,
    MATERIALS,
    SPECS,
    ApplicationSections,
)
from titleportal.errors import DomainError
from titleportal.files import serve_private_file

from .common import _get, _role

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


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
