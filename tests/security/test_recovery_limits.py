"""Every step of every password recovery is limited per target and per client address.

The steps: a person's recovery by SMS code (number, code, new password), by email code
(address, code, new password) and by security question (then the new password); a unit's
recovery through a staff member (unit, staff member's ID number, code, new password). Each
step is tried with its limit made small: from one address on one target (the address limit),
and from ever new addresses on one target (the target limit). The attempt after the limit is
refused next to the form with a Chinese sentence, even when what it sends is right; another
address (or another target) is still served.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import CAPTCHA, NEW_PASSWORD, last_code

pytestmark = pytest.mark.django_db

LIMITED = "尝试次数过多，请一小时后再试"
PHONE = "13800000001"
EMAIL = "applicant@example.com"
SETUP_ADDRESS = "10.250.0.1"


@pytest.fixture(autouse=True)
def _sms_limits_out_of_the_way(settings):
    # Only the limits of the steps are under test: no cool-down, generous SMS day limits.
    settings.SMS_RESEND_COOLDOWN = 0
    settings.SMS_DAILY_LIMIT_PER_PHONE = 1000
    settings.SMS_DAILY_LIMIT_PER_ADDRESS = 1000


def _post(client, name, data, address):
    return client.post(reverse(name), data, REMOTE_ADDR=address)


def _code_from_mail() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


# --- how each step is reached and tried -----------------------------------------------------


def _sms_sent(client, demo):
    response = _post(
        client, "accounts:password_reset_sms", {"phone": PHONE, **CAPTCHA}, SETUP_ADDRESS
    )
    assert response["Location"] == reverse("accounts:password_reset_sms_code")


def _sms_verified(client, demo):
    _sms_sent(client, demo)
    response = _post(
        client, "accounts:password_reset_sms_code", {"code": last_code(PHONE)}, SETUP_ADDRESS
    )
    assert response["Location"] == reverse("accounts:password_reset_new")


def _email_sent(client, demo):
    response = _post(client, "account_reset_password", {"email": EMAIL, **CAPTCHA}, SETUP_ADDRESS)
    assert response["Location"] == reverse("account_confirm_password_reset_code")


def _email_verified(client, demo):
    _email_sent(client, demo)
    response = _post(
        client, "account_confirm_password_reset_code", {"code": _code_from_mail()}, SETUP_ADDRESS
    )
    assert response["Location"] == reverse("account_complete_password_reset")


def _unit_chosen(client, demo):
    response = _post(
        client,
        "units:recover",
        {"unit": demo.unit.pk, "uscc": demo.unit.uscc, **CAPTCHA},
        SETUP_ADDRESS,
    )
    assert response["Location"] == reverse("units:recover_staff")


def _staff_data(demo, right: bool):
    from units.models import Membership

    membership = Membership.objects.get(person=demo.staff, unit=demo.unit)
    id_number = demo.staff.id_number if right else demo.applicant.id_number
    return {"staff": membership.pk, "id_number": id_number}


def _unit_code_sent(client, demo):
    _unit_chosen(client, demo)
    response = _post(client, "units:recover_staff", _staff_data(demo, True), SETUP_ADDRESS)
    assert response["Location"] == reverse("units:recover_code")


def _unit_verified(client, demo):
    _unit_code_sent(client, demo)
    response = _post(
        client, "units:recover_code", {"code": last_code("13800000003")}, SETUP_ADDRESS
    )
    assert response["Location"] == reverse("units:recover_password")


def _passwords(right: bool):
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD if right else NEW_PASSWORD + "x"}


@dataclass
class Step:
    action: str  # the limit in ACCOUNT_RATE_LIMITS
    url: str
    data: Callable  # (demo, right) -> the form data of an attempt
    setup: Callable | None = None  # (client, demo): reach the step


STEPS = {
    "sms: number": Step(
        "reset_password_by_sms",
        "accounts:password_reset_sms",
        lambda demo, right: {"phone": PHONE, **CAPTCHA},
    ),
    "sms: code": Step(
        "reset_password_by_sms_code",
        "accounts:password_reset_sms_code",
        lambda demo, right: {"code": last_code(PHONE) if right else _wrong(last_code(PHONE))},
        _sms_sent,
    ),
    "sms: new password": Step(
        "reset_password_new",
        "accounts:password_reset_new",
        lambda demo, right: _passwords(right),
        _sms_verified,
    ),
    "email: address": Step(
        "reset_password",
        "account_reset_password",
        lambda demo, right: {"email": EMAIL, **CAPTCHA},
    ),
    "email: code": Step(
        "reset_password_by_email_code",
        "account_confirm_password_reset_code",
        lambda demo, right: {"code": _code_from_mail() if right else _wrong(_code_from_mail())},
        _email_sent,
    ),
    "email: new password": Step(
        "reset_password_new",
        "account_complete_password_reset",
        lambda demo, right: _passwords(right),
        _email_verified,
    ),
    "security question": Step(
        "reset_password_by_question",
        "accounts:password_reset_question",
        lambda demo, right: {
            "id_number": demo.applicant.id_number,
            "security_question": "birthplace",
            "security_answer": "南宁" if right else "北京",
            **CAPTCHA,
        },
    ),
    "unit: unit and code": Step(
        "unit_password_recovery",
        "units:recover",
        lambda demo, right: {
            "unit": demo.unit.pk,
            "uscc": demo.unit.uscc if right else demo.unit2.uscc,
            **CAPTCHA,
        },
    ),
    "unit: staff member's ID number": Step(
        "unit_recovery_staff", "units:recover_staff", _staff_data, _unit_chosen
    ),
    "unit: code": Step(
        "unit_recovery_code",
        "units:recover_code",
        lambda demo, right: {
            "code": last_code("13800000003") if right else _wrong(last_code("13800000003"))
        },
        _unit_code_sent,
    ),
    "unit: new password": Step(
        "reset_password_new",
        "units:recover_password",
        lambda demo, right: _passwords(right),
        _unit_verified,
    ),
}


def _limit(settings, action, rate):
    settings.ACCOUNT_RATE_LIMITS = {**django_settings.ACCOUNT_RATE_LIMITS, action: rate}


def _refused(response) -> bool:
    return response.status_code == 200 and LIMITED in response.content.decode()


@pytest.mark.parametrize("name", STEPS)
def test_each_step_is_limited_per_client_address(settings, demo, name):
    step = STEPS[name]
    _limit(settings, step.action, "2/h/ip,1000/h/key")
    client = Client()
    if step.setup:
        step.setup(client, demo)
    for _ in range(2):
        assert not _refused(_post(client, step.url, step.data(demo, False), "10.0.0.1"))
    refused = _post(client, step.url, step.data(demo, True), "10.0.0.1")
    assert _refused(refused), name
    # Another client address is still served.
    assert not _refused(_post(client, step.url, step.data(demo, True), "10.0.0.2")), name


@pytest.mark.parametrize("name", STEPS)
def test_each_step_is_limited_per_target_whatever_the_address(settings, demo, name):
    step = STEPS[name]
    _limit(settings, step.action, "1000/h/ip,2/h/key")
    client = Client()
    if step.setup:
        step.setup(client, demo)
    for index in range(2):
        response = _post(client, step.url, step.data(demo, False), f"10.1.0.{index}")
        assert not _refused(response)
    assert _refused(_post(client, step.url, step.data(demo, True), "10.1.1.1")), name


def test_every_recovery_step_has_a_limit_per_address_and_per_target():
    for step in STEPS.values():
        rates = django_settings.ACCOUNT_RATE_LIMITS[step.action].split(",")
        assert {rate.rsplit("/", 1)[-1] for rate in rates} == {"ip", "key"}, step.action
        # The refusal says "in an hour": every window is an hour at most.
        assert all(rate.split("/")[1] in {"h", "m", "s"} for rate in rates), step.action


def test_the_staff_members_id_number_is_not_guessed_without_limit(client, demo):
    """The configured limit of step 2 of a unit's recovery: 5 tries an hour per unit, from
    any addresses; then even the right ID number is refused, and no code goes out."""
    from tests.accounts.conftest import sms_count

    _unit_chosen(client, demo)
    for index in range(5):
        response = _post(client, "units:recover_staff", _staff_data(demo, False), f"10.2.0.{index}")
        assert response["Location"] == reverse("units:recover_code")
    sent = sms_count("13800000003")
    response = _post(client, "units:recover_staff", _staff_data(demo, True), "10.2.1.1")
    assert _refused(response)
    assert sms_count("13800000003") == sent
