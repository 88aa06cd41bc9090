"""The one client address every limit counts by (titleportal.client_ip)."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from titleportal.client_ip import client_ip

pytestmark = pytest.mark.django_db


def request_from(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is whatever the client wrote, and is ignored.
        (0, "203.0.113.9", None, "203.0.113.9"),
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # One proxy: it appended the address it received from, the rightmost entry.
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "1.2.3.4, 5.6.7.8, 198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "garbage,198.51.100.1", "198.51.100.1"),
        # Two proxies: the second from the right; entries left of it are the client's own.
        (2, "10.0.0.3", "198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.3", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        # Fewer entries than proxies (a request past the proxies): only REMOTE_ADDR is known.
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        # IPv6 in its one written form; a broken entry falls back to the connection.
        (1, "10.0.0.2", "2001:DB8:0:0::1", "2001:db8::1"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (0, "", None, "unknown"),
    ],
)
def test_client_ip(trusted, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=trusted):
        assert client_ip(request_from(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_spoofed_entries_do_not_change_the_address():
    addresses = {
        client_ip(request_from("10.0.0.2", f"{spoof}, 198.51.100.1"))
        for spoof in ("1.1.1.1", "2.2.2.2, 3.3.3.3", "x", "198.51.100.2")
    }
    assert addresses == {"198.51.100.1"}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_allauth_and_the_sms_limits_use_the_same_address():
    from allauth.account.adapter import get_adapter

    from accounts.verification import client_address

    request = request_from("10.0.0.2", "9.9.9.9, 198.51.100.1")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.1"
    assert client_address(request) == "198.51.100.1"


# --- the certificate query limit, through the page ------------------------------------------


def verify_post(client, forwarded, **data):
    return client.post(
        reverse("certificates:verify"),
        {"number": "GX-2026-0001", "holder_name": "张三", "captcha_0": "x", "captcha_1": "PASSED"}
        | data,
        headers={"x-forwarded-for": forwarded},
        REMOTE_ADDR="10.0.0.2",
    )


@override_settings(TRUSTED_PROXY_COUNT=1, CERTIFICATE_LOOKUP_LIMIT=(3, 600))
def test_certificate_query_limit_answers_in_chinese_and_ignores_spoofing(client, reference_data):
    answers = [verify_post(client, f"{n}.{n}.{n}.{n}, 198.51.100.1") for n in range(1, 6)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429, 429]
    page = answers[3].content.decode()
    assert "查询过于频繁" in page
    assert 'name="number"' in page  # the form is still there for later
    # Another client behind the same proxy has its own count.
    assert verify_post(client, "198.51.100.2").status_code == 200


# --- sign-in and SMS limits, through the pages ----------------------------------------------


def from_client(client, url, data, spoof):
    forwarded = f"{spoof}, 198.51.100.1" if spoof else "198.51.100.1"
    return client.post(url, data, headers={"x-forwarded-for": forwarded}, REMOTE_ADDR="10.0.0.2")


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_spoofing_does_not_reset_the_sign_in_limit_of_an_address(client, demo):
    from tests.accounts.conftest import login_data

    # login_failed: 20 failures per address in 15 minutes, over any accounts typed.
    url = reverse("account_login")
    for n in range(20):
        data = login_data(f"nobody{n}@example.com", "wrong")
        response = from_client(client, url, data, spoof=f"10.9.{n}.1")
        assert "登录失败次数过多" not in response.content.decode()
    response = from_client(client, url, login_data("last@example.com", "wrong"), spoof="6.6.6.6")
    assert "登录失败次数过多" in response.content.decode()
    # Another address behind the same proxy still signs in.
    other = client.post(
        url,
        login_data(demo.applicant.id_number, demo.password),
        headers={"x-forwarded-for": "198.51.100.2"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert other.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1, SMS_DAILY_LIMIT_PER_ADDRESS=3, SMS_RESEND_COOLDOWN=0)
def test_spoofing_does_not_reset_the_sms_limit_of_an_address(client, demo):
    url = reverse("accounts:password_reset_sms")
    captcha = {"captcha_0": "x", "captcha_1": "PASSED"}
    for n in range(3):
        data = {"phone": f"1390000000{n}", **captcha}
        assert from_client(client, url, data, spoof=f"10.8.{n}.1").status_code == 302
    response = from_client(client, url, {"phone": "13900000009", **captcha}, spoof="7.7.7.7")
    assert response.status_code == 200
    assert "您所在网络今天获取验证码的次数已达上限" in response.content.decode()
