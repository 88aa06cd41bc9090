"""The portal's URLs and the benchmark's baseline (titleportal.settings_bench only)."""

from django.http import HttpResponse
from django.urls import path

from .urls import handler500
from .urls import urlpatterns as portal_urlpatterns


def baseline(request):
    """The least a page can cost: the middleware (session, user, role) and a short answer."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/baseline", baseline, name="bench_baseline"), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
