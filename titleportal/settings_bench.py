"""Production settings as `make bench` serves them (tests/benchmarks): DEBUG off, a fixed key,
plain HTTP over loopback, and one more URL, /bench/baseline, a minimal view behind the same
middleware that every page is compared with. Never used to serve the portal."""

import os

# The production settings read these from the environment; they are set only while the
# settings load, so that nothing else in the process (a test run importing this module, the
# subprocesses it starts) inherits them.
_BENCH_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    # As in production, notifications are queued for the worker rather than sent in the request.
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
}
_saved = {name: os.environ.get(name) for name in _BENCH_ENVIRONMENT}
for _name, _value in _BENCH_ENVIRONMENT.items():
    os.environ.setdefault(_name, _value)
try:
    from .settings import *  # noqa: F403
    from .settings import VAR_DIR
finally:
    for _name, _value in _saved.items():
        if _value is None:
            os.environ.pop(_name, None)
        else:
            os.environ[_name] = _value

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
