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


def _save(request, form, save) -> bool:
    """Run ``save`` (a service call) when the form is valid; False with the error shown."""
    if not form.is_valid():
        return False
    data = {name: form.cleaned_data[name] for name in services.downloads.DOWNLOAD_FIELDS}
    try:
        save(data, form.cleaned_data.get("upload"))
    except DomainError as error:
        form.add_error(error.field, str(error))
        return False
    return True


@office_staff_required
def office_downloads(request):
    """The office's downloads, and a form to publish another one."""
    form = OfficeDownloadForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST":

        def add(data, stashed):
            services.office_download_add(
                office=request.role.organisation, actor=request.user, data=data, stashed=stashed
            )

        if _save(request, form, add):
            messages.success(request, _("The download is published."))
            return redirect("reviews:office_downloads")
    links = _links(request).order_by("download__category", "download__sort", "-download__pk")
    return render(
        request,
        "reviews/office/downloads.html",
        {"form": form, "links": links},
        status=400 if form.is_bound and form.errors else 200,
    )


@office_staff_required
def office_download_edit(request, pk):
    """Change the texts of one of the office's downloads or replace its file."""
    link = get_object_or_404(_links(request), download_id=pk)
    form = OfficeDownloadForm(
        request.POST or None,
        request.FILES or None,
        request=request,
        instance=link.download,
    )
    if request.method == "POST":

        def change(data, stashed):
            services.office_download_change(link, actor=request.user, data=data, stashed=stashed)

        if _save(request, form, change):
            messages.success(request, _("The download is saved."))
            return redirect("reviews:office_downloads")
    return render(
        request,
        "reviews/office/download_edit.html",
        {"form": form, "link": link},
        status=400 if form.is_bound and form.errors else 200,
    )


@office_staff_required
@require_POST
def office_download_delete(request, pk):
    link = get_object_or_404(_links(request), download_id=pk)
    services.office_download_remove(link)
    messages.success(request, _("The download is removed."))
    return redirect("reviews:office_downloads")
