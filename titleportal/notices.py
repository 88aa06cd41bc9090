"""The home page's 通知公告 and 政策文件 boxes, the same for every visitor: rendered once per
language and kept in the cache until a notice changes or the next scheduled one is due.

They were a sixth of the home page's CPU (two queries and a URL, a link check and two dates
per item), paid again by every applicant opening the portal."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .cache import kept
from .models import Notice
from .selectors import notice_summaries

HOME_LIST_SIZE = 8
# Longest a rendering is kept: a change made around the signals (a bulk update in a shell,
# say) shows at most this late.
KEEP_SECONDS = 600


def _key(language: str) -> str:
    return f"home-notice-boxes:{language}"


def _kept_until(now: datetime.datetime) -> datetime.datetime:
    """When the next notice scheduled for later is published, at most ``KEEP_SECONDS`` on."""
    due = (
        Notice.objects.filter(is_published=True, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    latest = now + datetime.timedelta(seconds=KEEP_SECONDS)
    return min(due, latest) if due is not None else latest


def home_notice_boxes() -> SafeString:
    html = kept(
        _key(get_language()),
        lambda: render_to_string(
            "titleportal/_notice_boxes.html",
            {
                "notices": notice_summaries(Notice.Category.NOTICE)[:HOME_LIST_SIZE],
                "policies": notice_summaries(Notice.Category.POLICY)[:HOME_LIST_SIZE],
            },
        ),
        # The portal's clock says when a scheduled notice is due.
        until=lambda now, _html: _kept_until(now),
    )
    return mark_safe(html)  # noqa: S308 - rendered by our template, escaped there


def forget_home_notice_boxes(**kwargs) -> None:
    """Signal receiver: a notice was saved or deleted."""
    cache.delete_many([f"kept:{_key(code)}" for code, _name in settings.LANGUAGES])
