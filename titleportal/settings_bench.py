"""Production settings as `make bench` serves them (tests/benchmarks): DEBUG off, a fixed key,
plain HTTP over loopback, and one more URL, /bench/baseline, a minimal view behind the same
middleware that every page is compared with. Never used to serve the portal."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# As in production, notifications are queued for the worker rather than sent in the request.
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")

from .settings import *  # noqa: F403
from .settings import VAR_DIR

ROOT_URLCONF = "titleportal.urls_bench"
STATIC_ROOT = VAR_DIR / "bench" / "static"
# The load generator comes from one address: the public lookups' per-address limit would
# answer it with 429 after a few requests.
CERTIFICATE_LOOKUP_LIMIT = (10**9, 60)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
