from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Download, Notice, NoticeAttachment

SEARCH_MAX = 50


def published_notices(category: str) -> QuerySet[Notice]:
    return Notice.objects.filter(
        category=category, is_published=True, published_at__lte=timezone.now()
    )


def notice_summaries(category: str, *, query: str = "") -> QuerySet[Notice]:
    """Published notices of ``category`` for a list, each knowing whether it has files;
    ``query`` keeps those whose title contains it."""
    notices = published_notices(category)
    query = (query or "").replace("\x00", "").strip()[:SEARCH_MAX]
    if query:
        notices = notices.filter(title__icontains=query)
    return notices.only("id", "category", "title", "published_at", "is_pinned", "link").annotate(
        has_attachments=Exists(NoticeAttachment.objects.filter(notice=OuterRef("pk")))
    )


def get_published_notice(category: str, pk: object) -> Notice:
    return get_object_or_404(
        published_notices(category).prefetch_related(
            Prefetch("attachments", queryset=NoticeAttachment.objects.order_by("sort", "pk"))
        ),
        pk=pk,
    )


def get_public_notice_attachment(category: str, notice_pk: object, pk: object) -> NoticeAttachment:
    """A file of a published notice; that of an unpublished (or future) one answers 404."""
    return get_object_or_404(
        NoticeAttachment.objects.filter(notice__in=published_notices(category)),
        notice_id=notice_pk,
        pk=pk,
    )


def published_downloads(*, category: str = "") -> QuerySet[Download]:
    downloads = Download.objects.filter(is_published=True)
    if category:
        downloads = downloads.filter(category=category)
    return downloads.order_by("category", "sort", "-updated_at", "pk")


def get_published_download(pk: object) -> Download:
    return get_object_or_404(published_downloads(), pk=pk)
