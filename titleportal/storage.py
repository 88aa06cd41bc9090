"""Where uploads and generated files (attachments, certificate PDFs, exports, invoices) live.

Local files under MEDIA_ROOT by default; an S3-compatible object store (django-storages over
boto3, titleportal.s3) when S3_BUCKET is set (titleportal.settings.s3_storage), so that several app servers
and the task worker share them. The bucket is private: a file leaves through the view that
checked who asks, which streams it or (PRIVATE_FILE_SERVER=presigned) redirects to a link
signed for a minute (titleportal.files).

A file store that does not answer is ``StorageUnavailable``: a DomainError with a Chinese
sentence, which forms show next to the upload field (the rest of the form is kept) and
services' callers show as they show any refusal; anything else that meets it answers the 503
page (titleportal.views.server_error), never a 500.
"""

import logging
from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = _(
    "The file store is not answering right now, so the file could not be saved. Please try "
    "again in a few minutes; what you entered on this page is kept."
)


class StorageUnavailable(DomainError):
    """The file store did not answer (or answered with a server error)."""

    def __init__(self, message=UNAVAILABLE_MESSAGE):
        super().__init__(message, code="storage_unavailable")


def _outage_errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import (
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    return (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, ConnectionClosedError)


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` says the file store cannot be reached or cannot serve right now
    (not that a file is missing or a name is wrong)."""
    from botocore.exceptions import ClientError

    if isinstance(error, (StorageUnavailable, *_outage_errors())):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500 or error.response.get("Error", {}).get("Code") == "NoSuchBucket"
    # The local disk: full, read-only or not writable (a missing file is not an outage).
    return isinstance(error, OSError) and not isinstance(error, FileNotFoundError)


@contextmanager
def guard():
    """Turn a file store outage inside the block into StorageUnavailable."""
    try:
        yield
    except StorageUnavailable:
        raise
    except Exception as error:
        if not is_outage(error):
            raise
        logger.warning("the file store did not answer: %s", type(error).__name__)
        raise StorageUnavailable() from error
