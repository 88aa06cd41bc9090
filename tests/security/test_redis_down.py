"""Redis unreachable (REDIS_URL pointing at a port where nothing listens).

The cache configured from REDIS_URL (titleportal.settings.redis_caches) counts in the process
while Redis does not answer: pages, sign-in, SMS sign-in, password recovery and the public
certificate query keep working, their limits still hold (per process), sessions are in the
database, and /healthz says the cache is down while answering 200 (the portal can serve).
The last test starts the portal itself (gunicorn, production settings) with such a REDIS_URL.
"""

import json
import re
import socket
import time
import urllib.parse

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.conftest import CAPTCHA, last_code, login_data
from tests.factories import ApprovedApplicationFactory
from titleportal.settings import redis_caches

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A port on this machine where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


UNREACHABLE = f"redis://127.0.0.1:{closed_port()}/0"


@pytest.fixture
def redis_down(settings):
    from django.core.cache import cache

    settings.CACHES = redis_caches(UNREACHABLE, "redis-down")
    cache.clear()  # refused by Redis: only the local counts are emptied
    return cache


def page(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/certificates/verify/", "/units/login/"]
)
def test_pages_are_served(redis_down, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "职称服务平台" in page(response)


def test_sign_in_works_and_the_session_is_kept(redis_down, client, demo, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    response = client.post(reverse("account_login"), login_data("13800000001", demo.password))
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == demo.applicant


def test_failed_sign_ins_still_lock_the_account(redis_down, client, demo):
    for _ in range(5):
        client.post(reverse("account_login"), login_data("13800000001", "wrong-password"))
    response = client.post(reverse("account_login"), login_data("13800000001", demo.password))
    assert "登录失败次数过多" in page(response)
    assert client.get("/").wsgi_request.user.is_anonymous


def test_sms_sign_in_and_its_cool_down(redis_down, client, demo):
    url = reverse("account_request_login_code")
    response = client.post(url, {"phone": "13800000001", **CAPTCHA})
    assert response["Location"] == reverse("account_confirm_login_code")
    code = last_code("13800000001")
    # A second code at once is refused by the cool-down, counted in this process.
    again = Client().post(url, {"phone": "13800000001", **CAPTCHA})
    assert again.status_code == 200 and "秒后" in page(again)
    response = client.post(reverse("account_confirm_login_code"), {"code": code})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == demo.applicant


def test_password_recovery_by_email_and_by_sms(redis_down, client, demo):
    response = client.post(
        reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA}
    )
    assert response["Location"] == reverse("account_confirm_password_reset_code")
    assert [m.to for m in mail.outbox] == [[demo.applicant.email]]
    response = Client().post(
        reverse("accounts:password_reset_sms"), {"phone": demo.applicant.phone, **CAPTCHA}
    )
    assert response["Location"] == reverse("accounts:password_reset_sms_code")


def test_certificate_query_and_its_limit(redis_down, client, settings, demo):
    settings.CERTIFICATE_LOOKUP_LIMIT = (3, 600)
    from accounts.roles import Role, RoleContext
    from certificates.services import certificate_issue as certify

    approved = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
    certificate = certify(
        actor=demo.office_staff,
        role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
        application_id=approved.pk,
    )
    data = {"number": certificate.number, "holder_name": certificate.holder_name, **CAPTCHA}
    for _ in range(3):
        response = client.post(reverse("certificates:verify"), data)
        assert response.status_code == 200
        assert certificate.number in page(response)
    assert client.post(reverse("certificates:verify"), data).status_code == 429


def test_health_check_reports_the_cache_down_and_still_serves(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    components = body["components"]
    assert components["cache"]["status"] == "down"
    assert components["cache"]["required"] is False
    for name in ("database", "storage", "tasks"):
        assert components[name]["status"] == "ok", components


def test_a_required_component_down_answers_503(client, db, tmp_path, settings):
    """The file store cannot be written (its folder is a file): the load balancer is told."""
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked, "base_url": None},
        },
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["components"]["storage"] == {
        "required": True,
        "status": "down",
        "error": body["components"]["storage"]["error"],
        "ms": body["components"]["storage"]["ms"],
    }
    assert body["components"]["database"]["status"] == "ok"
    assert str(blocked) not in response.content.decode()  # no paths or hosts in the answer


def test_a_service_that_does_not_answer_is_a_503_page_not_a_500(db, demo):
    """Django's own Redis cache, without the fallback: the sign-in that needs it answers
    503 with a Chinese page."""
    plain = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE,
        }
    }
    with override_settings(CACHES=plain):
        client = Client(raise_request_exception=False)
        response = client.post(reverse("account_login"), login_data("13800000001", "x"))
    assert response.status_code == 503
    assert "服务暂时不可用" in page(response)
    assert response["Retry-After"] == "60"


# --- the portal itself, started with an unreachable Redis ------------------------------------


def _csrf(server, path, cookies):
    from tests.titleportal.test_production import fetch

    response = fetch(server + path, headers={"Cookie": cookies.header()})
    cookies.take(response)
    body = response.read().decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


class Cookies(dict):
    def take(self, response):
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self[name.strip()] = rest.split(";", 1)[0]

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.items())


def _wait_until_up(base, seconds=60):
    from tests.titleportal.test_production import fetch

    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(base + "/healthz", https=False)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_the_portal_serves_with_redis_unreachable(tmp_path):
    from tests.titleportal.test_production import HOST, _start_server, fetch

    server, base = _start_server(
        tmp_path,
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        static=False,
        extra_env={"REDIS_URL": UNREACHABLE},
    )
    try:
        _wait_until_up(base)
        for path in ("/", "/accounts/login/", "/certificates/verify/"):
            assert fetch(base + path).status == 200, path
        # Posts that count in the cache: sign-in, SMS sign-in, recovery, certificate query.
        posts = {
            "/accounts/login/": {"login": "13800000001", "password": "x"},
            "/accounts/login/code/": {"phone": "13800000001"},
            "/accounts/password/reset/": {"email": "someone@example.com"},
            "/me/password/sms/": {"phone": "13800000001"},
            "/certificates/verify/": {"number": "GXLD-2026-3-000001", "holder_name": "张三"},
        }
        for path, data in posts.items():
            cookies = Cookies()
            token = _csrf(base, path, cookies)
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": token, "captcha_0": "x", "captcha_1": "y"}
            ).encode()
            response = fetch(
                base + path,
                data=body,
                headers={
                    "Cookie": cookies.header(),
                    "Referer": f"https://{HOST}{path}",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            text = response.read().decode()
            assert response.status == 200, (path, response.status)
            assert "验证码" in text, path  # the form again, with the captcha refused
        health = fetch(base + "/healthz", https=False)
        assert health.status == 200
        components = json.loads(health.read())["components"]
        assert components["cache"]["status"] == "down"
        assert components["database"]["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)
