import sys

import redis.exceptions
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .dashboard import home_context
from .files import serve_private_file
from .models import Download, Message, Notice
from .notices import home_notice_boxes
from .paging import window
from .selectors import (
    get_public_notice_attachment,
    get_published_download,
    get_published_notice,
    notice_summaries,
    published_downloads,
)
from .storage import StorageUnavailable
from .storage import is_outage as is_storage_outage


def home(request):
    return render(
        request,
        "titleportal/home.html",
        {
            "notice_boxes": home_notice_boxes(),
            **home_context(request),
        },
    )


def _category(value: str) -> str:
    if value not in Notice.Category.values:
        raise Http404
    return value


NOTICES_PER_PAGE = 20


def notice_list(request, category):
    """通知公告 / 政策文件 / 评审条件: one category at a time (tabs), searchable by title."""
    from django.core.paginator import Paginator
    from django.utils.http import urlencode

    category = _category(category)
    query = request.GET.get("q", "").strip()[:50]
    page = Paginator(notice_summaries(category, query=query), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "titleportal/notice_list.html",
        {
            "category": category,
            "category_label": Notice.Category(category).label,
            "categories": Notice.Category.choices,
            "page": page,
            "notices": page.object_list,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


def notice_detail(request, category, pk):
    notice = get_published_notice(_category(category), pk)
    return render(request, "titleportal/notice_detail.html", {"notice": notice})


@require_safe
def notice_attachment(request, category, pk, attachment):
    """附件 of a published notice, for anyone (the notice is public)."""
    item = get_public_notice_attachment(_category(category), pk, attachment)
    return serve_private_file(item.file, download_name=item.download_name)


@require_safe
def download_list(request):
    """下载专区: forms and templates, grouped by category."""
    downloads = list(published_downloads())
    groups = [
        (value, label, [d for d in downloads if d.category == value])
        for value, label in Download.Category.choices
    ]
    return render(
        request,
        "titleportal/downloads.html",
        {"groups": [group for group in groups if group[2]]},
    )


@require_safe
def download_file(request, pk):
    item = get_published_download(pk)
    return serve_private_file(item.file, download_name=item.download_name)


# 操作指南: one page per role, in the order people meet the portal.
GUIDES = {
    "applicant": gettext_lazy("Applicants"),
    "unit": gettext_lazy("Units and unit staff"),
    "department": gettext_lazy("Competent departments"),
    "office": gettext_lazy("Title-reform offices"),
    "committee": gettext_lazy("Review committees"),
}


@require_safe
def guide_list(request):
    return render(request, "titleportal/guides/index.html", {"guides": _guide_links()})


def _guide_links():
    return [(key, str(label)) for key, label in GUIDES.items()]


@require_safe
def guide(request, role):
    if role not in GUIDES:
        raise Http404
    return render(
        request,
        f"titleportal/guides/{role}.html",
        {"guide_role": role, "guides": _guide_links()},
    )


@never_cache
def health(request):
    """For load balancers: each component's status; 503 when a required one is down."""
    from .health import report

    body, healthy = report()
    return JsonResponse(body, status=200 if healthy else 503)


def stashed_upload(request, token):
    """Preview of a file the person uploaded into a form that has not been saved yet."""
    from .uploads import find_stash

    stashed = find_stash(token, request=request)
    if stashed is None:
        raise Http404
    return serve_private_file(stashed.file, download_name=stashed.original_name)


@login_required
def message_list(request):
    """我的消息: the signed-in person's messages, newest first, unread marked."""
    messages_page = window(
        Message.objects.filter(recipient=request.user)
        .only("id", "title", "body", "link", "created_at", "read_at")
        .order_by("-created_at", "-pk"),
        request.GET,
        per_page=20,
        keyset=("-created_at", "-pk"),
    )
    return render(request, "titleportal/messages.html", {"page": messages_page})


@login_required
@require_POST
def message_open(request, pk):
    """Mark a message read and go to what it is about."""
    message = get_object_or_404(Message, pk=pk, recipient=request.user)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    target = message.link
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect("messages")
    return redirect(target)


@login_required
@require_POST
def messages_mark_all_read(request):
    Message.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("messages")


# A database, Redis or mail server that does not answer (or drops the connection).
OUTAGES = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
    TimeoutError,
    StorageUnavailable,
)


def _outage(error: BaseException | None) -> bool:
    """Whether the exception (or one it was raised from) says a service did not answer."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGES):
            return True
        # The object store (titleportal.s3) not answering, or answering with a server error.
        if type(error).__module__.startswith("botocore") and is_storage_outage(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """handler500: a page that needs nothing (no database, no cache); when a service the
    portal depends on did not answer, 503 "服务暂时不可用" and when to try again."""
    if _outage(sys.exc_info()[1]):
        body = loader.get_template("503.html").render({}, request=None)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponse(loader.get_template("500.html").render({}, request=None), status=500)
