"""The limits hold across several app processes when they share Redis (REDIS_URL).

Two separate Python processes, each with its own Django and its own connection to Redis,
act for the same client at the same moment: sign-in failures for one account, SMS codes
from one address, certificate queries from one address. Each request comes through one
trusted proxy with different spoofed X-Forwarded-For entries in front. The limit must trip
at its configured total across both processes, not at that total in each.

No database is used: the processes call the limits the views call, with requests made by
Django's RequestFactory. CI sets REDIS_URL=redis://127.0.0.1:6379/1.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import _missing

ROOT = Path(__file__).resolve().parents[2]
ATTEMPTS = 12  # per process, unless the limit is higher

SCRIPT = """
import json, os, random, sys, time

import django

django.setup()

from allauth.core import ratelimit
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from titleportal.sms import SMSQuota, SMSQuotaExceeded
from accounts.verification import client_address
from certificates.views import _rate_limited

kind, start, worker = sys.argv[1], float(sys.argv[2]), sys.argv[3]


def request():
    spoofed = ", ".join(f"10.{random.randint(0, 255)}.0.{n}" for n in range(random.randint(0, 3)))
    forwarded = f"{spoofed}, 198.51.100.7" if spoofed else "198.51.100.7"
    made = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", headers={"x-forwarded-for": forwarded}
    )
    made.user = AnonymousUser()
    return made


def sign_in_failure(n):
    return ratelimit.consume(request(), action="login_failed", key="login:450102199001011231")


def sms(n):
    try:
        SMSQuota().consume(f"139{worker}{n:07d}", client_address(request()))
    except SMSQuotaExceeded:
        return False
    return True


def certificate_query(n):
    return not _rate_limited(request())


attempt = {"sign_in": sign_in_failure, "sms": sms, "certificate_query": certificate_query}[kind]
time.sleep(max(0, start - time.time()))  # both processes begin together
answers = [attempt(n) for n in range(int(os.environ["ATTEMPTS"]))]
print(json.dumps({"allowed": sum(answers), "refused": len(answers) - sum(answers)}))
"""


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL")
    if not url:
        _missing("This test needs Redis", "run it with REDIS_URL=redis://127.0.0.1:6379/1")
    return url


@pytest.fixture
def key_prefix(redis_url):
    """A prefix of this run's own: nothing shared with other tests, removed afterwards."""
    import redis

    prefix = f"shared-limits-{uuid.uuid4().hex[:12]}"
    yield prefix
    connection = redis.Redis.from_url(redis_url)
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)


def run_two_processes(kind, redis_url, prefix, tmp_path, attempts=ATTEMPTS, **limits):
    script = tmp_path / "limit_worker.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="titleportal.settings_test",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=prefix,
        TRUSTED_PROXY_COUNT="1",
        ATTEMPTS=str(attempts),
        PYTHONPATH=str(ROOT),
        **{name: str(value) for name, value in limits.items()},
    )
    start = str(time.time() + 6)  # time for both to import Django
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), kind, start, str(worker)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in (1, 2)
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_sign_in_failures_lock_the_account_across_processes(redis_url, key_prefix, tmp_path):
    # ACCOUNT_RATE_LIMITS["login_failed"] = "20/15m/ip,5/15m/key": 5 per account.
    results = run_two_processes("sign_in", redis_url, key_prefix, tmp_path)
    assert sum(result["allowed"] for result in results) == 5, results
    assert sum(result["refused"] for result in results) == 2 * ATTEMPTS - 5


def test_sms_codes_per_address_across_processes(redis_url, key_prefix, tmp_path):
    results = run_two_processes(
        "sms",
        redis_url,
        key_prefix,
        tmp_path,
        SMS_DAILY_LIMIT_PER_ADDRESS=8,
        SMS_RESEND_COOLDOWN=0,
    )
    assert sum(result["allowed"] for result in results) == 8, results
    assert sum(result["refused"] for result in results) == 2 * ATTEMPTS - 8


def test_certificate_queries_per_address_across_processes(redis_url, key_prefix, tmp_path):
    # certificates.views.DEFAULT_LOOKUP_LIMIT: 30 lookups per address in 10 minutes.
    from certificates.views import DEFAULT_LOOKUP_LIMIT

    limit, _window = DEFAULT_LOOKUP_LIMIT
    results = run_two_processes(
        "certificate_query", redis_url, key_prefix, tmp_path, attempts=limit
    )
    assert sum(result["allowed"] for result in results) == limit, results
    assert sum(result["refused"] for result in results) == limit
