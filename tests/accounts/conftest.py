"""Fixtures for the account flows: valid registration data, the SMS outbox, sign-in posts."""

import re

import pytest
from django.conf import settings

from titleportal.sms import FileSMSBackend
from titleportal.validators import normalize_mobile

CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}
NEW_PASSWORD = "Zhicheng#2026new"


def last_code(phone: str) -> str:
    """The six-digit code of the newest SMS to ``phone`` in the local outbox."""
    for _, to, text in reversed(FileSMSBackend(settings.SMS_OUTBOX).messages()):
        if to == normalize_mobile(phone):
            return re.search(r"\b(\d{6})\b", text).group(1)
    raise AssertionError(f"no SMS to {phone}")


def sms_count(phone: str) -> int:
    return sum(
        1
        for _, to, _ in FileSMSBackend(settings.SMS_OUTBOX).messages()
        if to == normalize_mobile(phone)
    )


@pytest.fixture
def signup_data():
    return {
        "full_name": "陈明",
        "username": "11010519491231002x",
        "phone": "13912345678",
        "email": "Chen.Ming@Example.com",
        "password1": "Shenbao#2026ok",
        "password2": "Shenbao#2026ok",
        "security_question": "birthplace",
        "security_answer": "南宁",
        "accept_terms": "on",
        **CAPTCHA,
    }


def login_data(login, password, **extra):
    return {"login": login, "password": password, **CAPTCHA, **extra}


VARYING = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
    (re.compile(r'"X-CSRFToken": "[^"]*"'), '"X-CSRFToken": ""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r"\b[0-9a-f]{40}\b"), "CAPTCHA-KEY"),  # a new captcha picture each time
]


def comparable(response, *typed: str) -> str:
    """A page's HTML without what differs on every request (CSRF token, CSP nonce) and with
    the values typed by the person (``typed``) replaced, to compare two answers."""
    html = response.content.decode()
    for pattern, replacement in VARYING:
        html = pattern.sub(replacement, html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


@pytest.fixture
def counting_hasher(settings):
    """Passwords and security answers hashed through a hasher that counts its hashes."""
    from tests.hashers import CountingMD5PasswordHasher

    settings.PASSWORD_HASHERS = ["tests.hashers.CountingMD5PasswordHasher"]
    CountingMD5PasswordHasher.calls = 0
    return CountingMD5PasswordHasher
