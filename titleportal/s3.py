"""The object store backend (S3_BUCKET): loaded only when it is configured, so that boto3 is
imported by the processes that use it."""

import threading

from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    """A private bucket. Links (``url``) are signed for the address browsers reach,
    ``public_endpoint_url``, when the app servers reach the store at another one
    (``endpoint_url``, e.g. inside the data centre)."""

    # titleportal.files redirects to a signed link only for storages that make them.
    signs_urls = True

    def __init__(self, *, public_endpoint_url: str = "", **options):
        self.public_endpoint_url = public_endpoint_url
        super().__init__(**options)
        self._public_clients = threading.local()

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_public_clients", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        self._public_clients = threading.local()

    def _public_client(self):
        client = getattr(self._public_clients, "client", None)
        if client is None:
            client = self._create_session().client(
                "s3",
                region_name=self.region_name,
                use_ssl=self.use_ssl,
                endpoint_url=self.public_endpoint_url,
                config=self.client_config,
                verify=self.verify,
            )
            self._public_clients.client = client
        return client

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.public_endpoint_url:
            return super().url(name, parameters, expire, http_method)
        params = {
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": self._normalize_name(clean_name(name)),
        }
        # Signing is local: it asks nothing of the store.
        return self._public_client().generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )
