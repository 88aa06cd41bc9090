"""Serving private files, only from views that have checked who may see them.

``PRIVATE_FILE_SERVER`` chooses how the bytes leave: "django" streams them (the default,
fine for local use), "nginx" answers with X-Accel-Redirect to an internal location that maps
onto MEDIA_ROOT, "apache" with X-Sendfile; with the object store (S3_BUCKET), "presigned"
redirects to a link to the object signed for S3_URL_SECONDS, which tells the store the type
and disposition to answer with (and "django" streams from the store).

Every answer carries headers that keep a file from running anything in the portal's origin:
the type comes from the stored name (which the portal chose), never from the bytes
(``nosniff``); anything but a JPEG, PNG or PDF is a download of ``application/octet-stream``;
the file is its own sandboxed document with no resources of its own (CSP ``sandbox`` and
``default-src 'none'``) that only the portal's pages may frame. nginx does not pass the
last three headers on after X-Accel-Redirect: its internal location adds them again (README).
PDFs are also stored without scripts (titleportal.uploads), since a browser's PDF viewer runs
a PDF's own JavaScript whatever the headers say.
"""

import mimetypes
import uuid
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from .storage import guard

SAFE_INLINE_TYPES = {"image/jpeg", "image/png", "application/pdf"}
PRIVATE_FILE_CSP = "default-src 'none'; frame-ancestors 'self'; sandbox"


def serve_private_file(field_file, *, download_name: str = "", inline: bool = True) -> HttpResponse:
    if not field_file:
        raise Http404
    name = field_file.name
    content_type = mimetypes.guess_type(name)[0]
    if content_type not in SAFE_INLINE_TYPES:
        content_type, inline = "application/octet-stream", False
    filename = download_name or PurePath(name).name
    disposition = "inline" if inline else "attachment"
    disposition = f"{disposition}; filename*=UTF-8''{quote(filename, safe='')}"
    mode = getattr(settings, "PRIVATE_FILE_SERVER", "django")
    if mode == "presigned" and getattr(field_file.storage, "signs_urls", False):
        return _redirect_to_signed_link(field_file, content_type, disposition)
    if mode == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = (
            settings.PRIVATE_FILE_INTERNAL_URL.rstrip("/") + "/" + quote(name)
        )
    elif mode == "apache":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = field_file.path
    else:
        try:
            with guard():
                handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A file shown inside our own pages (PDF preview) may be framed by the same origin only.
    response["Content-Security-Policy"] = PRIVATE_FILE_CSP
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _redirect_to_signed_link(field_file, content_type: str, disposition: str) -> HttpResponse:
    """A redirect to the object, signed for a short while (signing asks nothing of the store).
    The store answers with the type and disposition chosen here; the link lives on the
    store's own origin, away from the portal's cookies and pages."""
    url = field_file.storage.url(
        field_file.name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        },
    )
    response = HttpResponseRedirect(url)
    # The redirect must not outlive the link, nor be kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def random_name(prefix: str, extension: str) -> str:
    """A private file's stored name: nothing of the uploader's name, nothing guessable."""
    now = timezone.now()
    return f"{prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"
