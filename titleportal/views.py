from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .files import serve_private_file
from .models import Notice
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
