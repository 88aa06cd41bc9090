"""A real S3-compatible server for the storage tests: moto in server mode, on a free port of
this machine, reached over HTTP by boto3 exactly as a production object store would be
(nothing of boto3 is replaced).

``s3_server`` starts it once per test session; ``object_store`` gives a test its own bucket
and makes it the portal's file store (STORAGES["default"], titleportal.settings.s3_storage).
"""

import logging
import socket
import uuid
from dataclasses import dataclass

import pytest

from titleportal.settings import s3_storage

ACCESS_KEY = "portal-test-key"
SECRET_KEY = "portal-test-secret"
REGION = "us-east-1"


@dataclass
class ObjectStore:
    endpoint: str
    bucket: str
    client: object

    def names(self, prefix: str = "") -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def storage_settings(self) -> dict:
        return s3_storage(
            self.bucket,
            endpoint_url=self.endpoint,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region=REGION,
            url_seconds=60,
        )

    def environment(self) -> dict:
        """The variables that point a portal process (gunicorn, the task worker) here."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "S3_REGION": REGION,
        }


def closed_port() -> int:
    """A port of this machine where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client_for(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint of a moto S3 server started for this session."""
    from moto.server import ThreadedMotoServer

    # One line per request otherwise.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def new_bucket(endpoint: str) -> ObjectStore:
    client = client_for(endpoint)
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    return ObjectStore(endpoint=endpoint, bucket=bucket, client=client)


@pytest.fixture
def object_store(s3_server, settings):
    """A fresh private bucket as the portal's file store for this test."""
    store = new_bucket(s3_server)
    settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}
    settings.S3_BUCKET = store.bucket
    return store


@pytest.fixture
def object_store_down(settings):
    """The file store configured at an address where nothing answers."""
    store = ObjectStore(
        endpoint=f"http://127.0.0.1:{closed_port()}", bucket="portal-down", client=None
    )
    settings.STORAGES = {**settings.STORAGES, "default": store.storage_settings()}
    settings.S3_BUCKET = store.bucket
    return store
