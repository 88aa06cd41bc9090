from django.db.models import QuerySet
from django.utils import timezone

from .models import Notice


def published_notices(category: str) -> QuerySet[Notice]:
    return Notice.objects.filter(
        category=category, is_published=True, published_at__lte=timezone.now()
    )


def notice_summaries(category: str) -> QuerySet[Notice]:
    return published_notices(category).only(
        "id", "category", "title", "published_at", "is_pinned", "link"
    )
