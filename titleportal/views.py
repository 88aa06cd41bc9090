from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .files import serve_private_file
from .models import Message, Notice
from .selectors import notice_summaries, published_notices

HOME_LIST_SIZE = 8


def home(request):
    return render(
        request,
        "titleportal/home.html",
        {
            "notices": notice_summaries(Notice.Category.NOTICE)[:HOME_LIST_SIZE],
            "policies": notice_summaries(Notice.Category.POLICY)[:HOME_LIST_SIZE],
        },
    )


def _category(value: str) -> str:
    if value not in Notice.Category.values:
        raise Http404
    return value


def notice_list(request, category):
    category = _category(category)
    return render(
        request,
        "titleportal/notice_list.html",
        {
            "category": category,
            "category_label": Notice.Category(category).label,
            "notices": notice_summaries(category)[:200],
        },
    )


def notice_detail(request, category, pk):
    notice = get_object_or_404(published_notices(_category(category)), pk=pk)
    return render(request, "titleportal/notice_detail.html", {"notice": notice})


@never_cache
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
    messages_page = Paginator(
        Message.objects.filter(recipient=request.user).only(
            "id", "title", "body", "link", "created_at", "read_at"
        ),
        20,
    ).get_page(request.GET.get("page"))
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
