"""Whatever is posted to the account and unit forms, the answer is a page, never a 500."""

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.roles import Role

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"login": "\x00", "password": "\x00", "captcha_0": "\x00", "captcha_1": "\x00"},
    {
        field: value
        for field in (
            "login",
            "password",
            "phone",
            "email",
            "code",
            "username",
            "full_name",
            "id_number",
            "uscc",
            "unit",
            "staff",
            "department",
            "province",
            "city",
            "county",
            "key",
            "security_question",
            "security_answer",
            "password1",
            "password2",
            "licence__token",
            "seal__token",
            "contact_phone",
            "unit_type",
            "industry",
            "role",
            "next",
            "action",
            "enabled",
        )
        for value in ["x" * 5000]
    },
    {"unit": "99999999", "staff": "-1", "province": "999999", "licence__token": "not-a-uuid"},
    {"unit": "9" * 30, "staff": "9" * 30, "department": "9" * 30},
    {"action": "resend"},
]

PUBLIC = [
    "account_login",
    "account_signup",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_reset_password",
    "account_confirm_password_reset_code",
    "account_complete_password_reset",
    "account_verify_phone",
    "accounts:password_reset_sms",
    "accounts:password_reset_sms_code",
    "accounts:password_reset_question",
    "accounts:password_reset_new",
    "units:register",
    "units:login",
    "units:staff_login",
    "units:recover",
    "units:recover_staff",
    "units:recover_code",
    "units:recover_password",
]
PERSON = [
    "accounts:switch_role",
    "accounts:security_question",
    "accounts:change_email",
    "accounts:change_email_code",
    "account_change_password",
    "account_change_phone",
    "units:join",
]
UNIT = [
    "units:info",
    "units:seal_upload",
    "units:contacts",
    "units:staff_lookup",
    "units:staff_add",
    "units:key_regenerate",
]


def _post_everything(client, names):
    for name in names:
        for data in GARBAGE:
            response = client.post(reverse(name), data)
            assert response.status_code < 500, (name, data.keys())


def test_public_forms(client, demo):
    _post_everything(client, PUBLIC)


def test_public_forms_in_the_middle_of_a_flow(client, demo):
    client.post(
        reverse("units:recover"),
        {"unit": demo.unit.pk, "uscc": demo.unit.uscc, "captcha_0": "x", "captcha_1": "PASSED"},
    )
    client.post(
        reverse("accounts:password_reset_sms"),
        {"phone": "13800000001", "captcha_0": "x", "captcha_1": "PASSED"},
    )
    _post_everything(client, PUBLIC)


def test_person_forms(client, demo):
    client.force_login(demo.applicant)
    _post_everything(client, PERSON)


def test_unit_forms(client, demo):
    client.force_login(demo.unit_account)
    _post_everything(client, UNIT)


def test_office_forms(client, demo):
    client.force_login(demo.office_staff)
    session = client.session
    session[SESSION_KEY] = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
    session.save()
    _post_everything(client, ["units:department_staff"])


@pytest.mark.parametrize("query", ["\x00", "%", "_", "x" * 5000, "'; select 1; --"])
def test_unit_search_with_odd_queries(client, demo, query):
    assert client.get(reverse("units:search"), {"q": query}).status_code == 200


@pytest.mark.parametrize("name", ["units:login", "units:staff_login", "units:recover"])
def test_entrance_pages_with_an_odd_unit_in_the_address(client, demo, name):
    for unit in ("abc", "9" * 30, "-1"):
        assert client.get(reverse(name), {"unit": unit}).status_code == 200


@pytest.mark.parametrize(
    "name", ["units:staff_toggle", "units:staff_remove"], ids=["toggle", "remove"]
)
def test_huge_ids_in_the_address_are_not_found(client, demo, name):
    client.force_login(demo.unit_account)
    assert client.post(reverse(name, args=[10**30])).status_code == 404


def test_huge_department_staff_ids_are_not_found(client, demo):
    client.force_login(demo.office_staff)
    session = client.session
    session[SESSION_KEY] = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
    session.save()
    url = reverse("units:department_staff_remove", args=[10**30])
    assert client.post(url).status_code == 404
