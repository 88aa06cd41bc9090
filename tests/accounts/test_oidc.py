"""Sign-in through the unified identity platform, against a real OpenID Connect provider.

The provider is django-oauth-toolkit with OIDC enabled (tests/oidc_provider), started as a
second server on a free port with an RSA key made here. The portal runs under the Django test
client; the person's browser is a requests session that signs in at the provider and brings
the authorization code back. The portal itself calls the provider over HTTP (discovery,
token, userinfo), as it would call the real platform.
"""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from stdnum.cn import ric

from accounts.models import User
from tests.factories.people import PersonFactory
from titleportal.settings import oidc_providers

from .conftest import CAPTCHA, last_code, login_data

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "广西数字政务一体化平台"
PASSWORD = "platform-pass-2026"
CLIENT_ID = "title-portal"
CLIENT_SECRET = "title-portal-secret-0123456789"
LOGIN = reverse("account_login")
START = reverse("oidc_login", kwargs={"provider_id": "gov"})


def resident_id(serial: int) -> str:
    """A resident ID number with a right check character (the platform checks it)."""
    body = f"45010219850312{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


NEWCOMER = resident_id(901)
LINKED = resident_id(902)
UNVERIFIED = resident_id(903)
PEOPLE = {
    "chen": {
        "password": PASSWORD,
        "claims": {
            "name": "陈新",
            "id_number": NEWCOMER,
            "id_type": "resident_id",
            "id_number_verified": True,
            "real_name_level": "L3",
            "phone_number": "13700000901",
            "phone_number_verified": True,
            "email": "chen.xin@example.com",
            "email_verified": True,
        },
    },
    "lin": {
        "password": PASSWORD,
        "claims": {
            "name": "林立",
            "id_number": LINKED.lower(),
            "id_number_verified": True,
            "real_name_level": "L2",
        },
    },
    "mo": {
        "password": PASSWORD,
        "claims": {
            "name": "莫某",
            "id_number": UNVERIFIED,
            "id_number_verified": False,
            "real_name_level": "L1",
        },
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / "people.json").write_text(json.dumps(PEOPLE), encoding="utf-8")
    callback = "//testserver" + reverse("oidc_callback", kwargs={"provider_id": "gov"})
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": f"http:{callback} https:{callback}",
    }
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "OIDC_TEST_DB": str(folder / "provider.sqlite3"),
        "OIDC_TEST_KEY": str(folder / "key.pem"),
        "OIDC_TEST_PEOPLE": str(folder / "people.json"),
        "OIDC_TEST_CLIENT": json.dumps(client),
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the test provider stopped: {process.stderr.read()}")
            try:
                requests.get(f"{base}/o/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield SimpleNamespace(base=base, issuer=f"{base}/o")
    finally:
        process.terminate()
        process.wait(timeout=10)


def configure(settings, issuer: str) -> None:
    settings.OIDC_ISSUER = issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = PLATFORM
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(issuer, CLIENT_ID, CLIENT_SECRET)
    for app in settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
        app["name"] = PLATFORM


@pytest.fixture
def platform(settings, provider):
    configure(settings, provider.issuer)
    return provider


def sign_in_through_platform(client, provider, username: str):
    """The person presses the platform's button, signs in there and comes back."""
    started = client.post(START)
    assert started.status_code == 302, started.content.decode()[:500]
    authorize = started["Location"]
    assert authorize.startswith(f"{provider.issuer}/authorize/")
    browser = requests.Session()
    browser.get(f"{provider.base}/login/", timeout=5)
    signed_in = browser.post(
        f"{provider.base}/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=5,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    answer = browser.get(authorize, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert back.hostname == "testserver" and "code=" in back.query
    return client.get(f"{back.path}?{back.query}", follow=True)


def signed_in_user(client):
    return client.get("/").wsgi_request.user


def page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
class TestSignInThroughThePlatform:
    def test_the_button_shows_only_when_a_platform_is_configured(self, client, settings):
        assert PLATFORM not in page(client.get(LOGIN))
        configure(settings, "http://127.0.0.1:9/o")
        for url in (LOGIN, reverse("account_request_login_code")):
            html = page(client.get(url))
            assert f"通过{PLATFORM}登录" in html
            assert f'action="{START}"' in html
        # Opened by address, the start asks for a confirmation (a POST) before leaving.
        confirm = client.get(START)
        assert confirm.status_code == 200 and PLATFORM in page(confirm)

    def test_a_new_person_is_registered_with_the_verified_number(self, client, platform):
        response = sign_in_through_platform(client, platform, "chen")
        assert response.status_code == 200
        person = User.objects.get(id_number=NEWCOMER)
        assert signed_in_user(client) == person
        assert person.kind == User.Kind.PERSON
        assert person.username == NEWCOMER
        assert person.full_name == "陈新"
        assert person.real_name_level == "L3"
        assert person.real_name_checked_at is not None
        assert (person.phone, person.phone_verified) == ("+8613700000901", True)
        assert person.email == "chen.xin@example.com"
        assert person.birth_date is not None
        assert not person.has_usable_password()
        assert SocialAccount.objects.get(user=person).provider == "gov"
        profile = page(client.get(reverse("accounts:profile")))
        assert "实名认证等级" in profile and "L3" in profile

        # The next sign-in through the platform finds the same account.
        client.logout()
        sign_in_through_platform(client, platform, "chen")
        assert signed_in_user(client) == person
        assert User.objects.filter(id_number=NEWCOMER).count() == 1

    def test_an_existing_account_is_linked_by_the_verified_number(self, client, platform):
        person = PersonFactory(
            id_number=LINKED, full_name="林立", phone="13700000902", phone_verified=True
        )
        sign_in_through_platform(client, platform, "lin")
        assert signed_in_user(client) == person
        person.refresh_from_db()
        assert person.real_name_level == "L2"
        assert SocialAccount.objects.filter(user=person, provider="gov").count() == 1
        assert User.objects.filter(id_number=LINKED).count() == 1

        # Password and SMS sign-in keep working for the linked account.
        client.logout()
        response = client.post(LOGIN, login_data("13700000902", "Portal#2026demo"))
        assert response.status_code == 302
        assert signed_in_user(client) == person
        client.logout()
        client.post(reverse("account_request_login_code"), {"phone": "13700000902", **CAPTCHA})
        client.post(reverse("account_confirm_login_code"), {"code": last_code("13700000902")})
        assert signed_in_user(client) == person

    def test_an_unverified_number_links_nothing_and_signs_nobody_in(self, client, platform):
        person = PersonFactory(id_number=UNVERIFIED)
        response = sign_in_through_platform(client, platform, "mo")
        assert response.redirect_chain[-1][0] == LOGIN
        assert f"{PLATFORM}尚未核验该账号的证件号码" in page(response)
        assert signed_in_user(client).is_anonymous
        assert not SocialAccount.objects.exists()
        assert User.objects.filter(id_number=UNVERIFIED).get() == person
        person.refresh_from_db()
        assert person.real_name_level == ""

    def test_a_platform_that_does_not_answer_is_a_message_on_the_sign_in_page(
        self, client, settings
    ):
        configure(settings, f"http://127.0.0.1:{free_port()}/o")
        response = client.post(START, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [(LOGIN, 302)]
        assert f"{PLATFORM}暂时无法访问" in page(response)
        assert signed_in_user(client).is_anonymous

    def test_an_unknown_platform_is_not_found(self, client, platform):
        assert (
            client.post(reverse("oidc_login", kwargs={"provider_id": "other"})).status_code == 404
        )
