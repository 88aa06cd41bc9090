"""Serving private files, only from views that have checked who may see them.

``PRIVATE_FILE_SERVER`` chooses how the bytes leave: "django" streams them (the default,
fine for local use), "nginx" answers with X-Accel-Redirect to an internal location that maps
onto MEDIA_ROOT, "apache" with X-Sendfile.
"""

import mimetypes
from pathlib import PurePath
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse

SAFE_INLINE_TYPES = {"image/jpeg", "image/png", "application/pdf"}


def serve_private_file(field_file, *, download_name: str = "", inline: bool = True) -> HttpResponse:
    if not field_file:
        raise Http404
    name = field_file.name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type not in SAFE_INLINE_TYPES:
        inline = False
    filename = download_name or PurePath(name).name
    disposition = "inline" if inline else "attachment"
    mode = getattr(settings, "PRIVATE_FILE_SERVER", "django")
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
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # A file shown inside our own pages (PDF preview) may be framed by the same origin only.
    response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'; sandbox"
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
