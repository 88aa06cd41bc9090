"""A registry's HTTP interface, as a real local server the tests start: it records every
request it receives and answers as each test tells it."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

APP_KEY = "portal-test-key"
APP_SECRET = "portal-test-secret-0123456789"


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class FakeRegistry:
    """``answers`` are used in turn (the last one repeats): a status code with a JSON body,
    or ("sleep", seconds) to be too slow."""

    url: str = ""
    received: list[Received] = field(default_factory=list)
    answers: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self):
        with self.lock:
            if len(self.answers) > 1:
                return self.answers.pop(0)
            return self.answers[0] if self.answers else (200, {"records": []})


def records(*items, source="学信网"):
    return (200, {"source": source, "records": list(items)})


@pytest.fixture
def registry_server():
    fake = FakeRegistry()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            with fake.lock:
                fake.received.append(Received("POST", self.path, dict(self.headers.items()), body))
            answer = fake.answer()
            if answer[0] == "sleep":
                time.sleep(answer[1])
                answer = (200, {"records": []})
            status, payload = answer
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/gateway"
    yield fake
    server.shutdown()
    server.server_close()


def http_config(url, **overrides):
    config = {
        "BACKEND": "http",
        "BASE_URL": url,
        "APP_KEY": APP_KEY,
        "APP_SECRET": APP_SECRET,
        "SOURCE": "",
        "TIMEOUT": 1.0,
        "RETRIES": 2,
        "BACKOFF": 0.01,
        "BREAKER_FAILURES": 3,
        "BREAKER_RESET_SECONDS": 30.0,
    }
    config.update(overrides)
    return config


@pytest.fixture
def use_http(settings, registry_server):
    """Point a registry at the test server: ``use_http("education", RETRIES=0)``."""

    def point(registry="education", **overrides):
        settings.REGISTRIES = {
            **settings.REGISTRIES,
            registry: http_config(registry_server.url, **overrides),
        }
        return settings.REGISTRIES[registry]

    return point


# The applications' and reviews' fixtures: an evaluation in the demo world, a reviewer client.
from tests.applications.conftest import session  # noqa: E402, F401
from tests.reviews.conftest import client_as, keys, make_application  # noqa: E402, F401
