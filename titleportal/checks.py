"""Deployment checks of the portal's own settings (``check --deploy``).

A deploy check, so that commands which sign nothing (makemigrations, the lint) run without a
key; application servers refuse to start through ``refuse_to_serve_without_secret_key``.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MISSING = "SECRET_KEY must be set when DEBUG is off."  # noqa: S105 - a message


@register(deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on access
    except ImproperlyConfigured:
        return [Error(SECRET_KEY_MISSING, id="titleportal.E001")]
    return []


def refuse_to_serve_without_secret_key() -> None:
    """For wsgi.py and asgi.py: application servers run no system checks."""
    if secret_key_is_set(None):
        raise ImproperlyConfigured(SECRET_KEY_MISSING)


@register(deploy=True)
def private_files_can_leave_the_object_store(app_configs, **kwargs):
    """nginx's internal location and Apache's X-Sendfile serve files of the local disk: with
    the object store, files leave through signed links or are streamed by the portal."""
    mode = getattr(settings, "PRIVATE_FILE_SERVER", "django")
    if getattr(settings, "S3_BUCKET", "") and mode not in {"presigned", "django"}:
        return [
            Error(
                f'PRIVATE_FILE_SERVER="{mode}" serves files of MEDIA_ROOT, but S3_BUCKET keeps '
                'them in the object store: use "presigned" or "django".',
                id="titleportal.E002",
            )
        ]
    return []
