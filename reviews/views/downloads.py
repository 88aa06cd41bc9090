"""下载专区 of an office: its staff add, change, replace and remove the office's downloads."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from reviews import services
from reviews.forms import OfficeDownloadForm
from reviews.models import OfficeDownload
from titleportal.errors import DomainError

__all__ = ["office_download_delete", "office_download_edit", "office_downloads"]

office_staff_required = role_required(Role.OFFICE_STAFF)


def _links(request):
    return OfficeDownload.objects.filter(office=request.role.organisation).select_related(
        "download", "uploaded_by"
    )


def _form_page(request, form, save, done: str, template: str, context: dict):
    """GET: the form. POST: ``save(data, stashed upload)`` (a service call) once the form is
    valid, then back to the list with ``done``; otherwise the page again (400) with the error
    next to the field and what was typed and uploaded kept."""
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.downloads.DOWNLOAD_FIELDS}
        try:
            save(data, form.cleaned_data.get("upload"))
        except DomainError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, done)
            return redirect("reviews:office_downloads")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, {"form": form, **context}, status=status)


@office_staff_required
def office_downloads(request):
    """The office's downloads, and a form to publish another one."""

    def add(data, stashed):
        services.office_download_add(
            office=request.role.organisation, actor=request.user, data=data, stashed=stashed
        )

    links = _links(request).order_by("download__category", "download__sort", "-download__pk")
    form = OfficeDownloadForm(request.POST or None, request.FILES or None, request=request)
    return _form_page(
        request,
        form,
        add,
        _("The download is published."),
        "reviews/office/downloads.html",
        {"links": links},
    )


@office_staff_required
def office_download_edit(request, pk):
    """Change the texts of one of the office's downloads or replace its file."""
    link = get_object_or_404(_links(request), download_id=pk)

    def change(data, stashed):
        services.office_download_change(link, actor=request.user, data=data, stashed=stashed)

    form = OfficeDownloadForm(
        request.POST or None, request.FILES or None, request=request, instance=link.download
    )
    return _form_page(
        request,
        form,
        change,
        _("The download is saved."),
        "reviews/office/download_edit.html",
        {"link": link},
    )


@office_staff_required
@require_POST
def office_download_delete(request, pk):
    link = get_object_or_404(_links(request), download_id=pk)
    services.office_download_remove(link)
    messages.success(request, _("The download is removed."))
    return redirect("reviews:office_downloads")
