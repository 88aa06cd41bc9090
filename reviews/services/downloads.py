"""下载专区 managed by an office in the portal: publish, change or replace, and remove its own
downloads (administrators keep managing theirs in Django admin)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import OfficeDownload
from titleportal.errors import DomainError
from titleportal.models import Download

# How many downloads one office may keep (an upload limit besides the per-file sizes and the
# per-person upload rate of titleportal.uploads).
OFFICE_DOWNLOADS_MAX = 60
DOWNLOAD_FIELDS = ("title", "category", "description", "sort", "is_published")


def _store(download: Download, stashed) -> None:
    download.original_name = stashed.original_name
    download.content_kind = stashed.kind
    download.size = stashed.size
    stashed.claim(download.file, "office")


@transaction.atomic
def office_download_add(*, office, actor, data: dict, stashed) -> Download:
    if OfficeDownload.objects.filter(office=office).count() >= OFFICE_DOWNLOADS_MAX:
        raise DomainError(
            _("An office can keep at most %(count)d downloads; remove an old one first.")
            % {"count": OFFICE_DOWNLOADS_MAX},
            code="too_many",
        )
    download = Download(**{name: data[name] for name in DOWNLOAD_FIELDS})
    _store(download, stashed)
    download.save()
    OfficeDownload.objects.create(download=download, office=office, uploaded_by=actor)
    return download


@transaction.atomic
def office_download_change(link: OfficeDownload, *, actor, data: dict, stashed=None) -> None:
    """Change the texts of a download, and replace its file when a new one came."""
    download = link.download
    for name in DOWNLOAD_FIELDS:
        setattr(download, name, data[name])
    old_file = download.file.name if stashed is not None else ""
    if stashed is not None:
        _store(download, stashed)
        link.uploaded_by = actor
        link.save(update_fields=["uploaded_by"])
    download.updated_at = timezone.now()
    download.save()
    if old_file:
        storage = download.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))


@transaction.atomic
def office_download_remove(link: OfficeDownload) -> None:
    download = link.download
    storage, name = download.file.storage, download.file.name
    download.delete()  # the link goes with it
    if name:
        transaction.on_commit(lambda: storage.delete(name))
