from django.utils import timezone

from .models import Notice


def published_notices(category: str):
    return Notice.objects.filter(
        category=category, is_published=True, published_at__lte=timezone.now()
    )


def notice_summaries(category: str):
    return published_notices(category).only(
        "id", "category", "title", "published_at", "is_pinned", "link"
    )
