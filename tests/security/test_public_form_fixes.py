"""Regression tests for the 500s that fuzzing the public forms found, one per fix."""

import pytest
from django.urls import reverse

from tests import files
from tests.accounts.conftest import last_code, signup_data
from tests.units.conftest import CAPTCHA, NEW_USCC, UNIT_PASSWORD, registration_data
from titleportal.validators import is_row_id
from units.models import Unit

pytestmark = pytest.mark.django_db
__all__ = ["registration_data", "signup_data"]  # fixtures of the unit and account tests


def page(response) -> str:
    return response.content.decode()


# --- SMS codes in other scripts' digits -----------------------------------------------------


@pytest.fixture
def reset_code_sent(client, demo):
    url = reverse("accounts:password_reset_sms")
    client.post(url, {"phone": demo.applicant.phone, **CAPTCHA})
    return last_code(demo.applicant.phone)


@pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "⁰¹²³⁴⁵⁶⁷⁸⁹"])
def test_a_code_in_other_digits_is_wrong_not_an_error(client, reset_code_sent, digits):
    typed = reset_code_sent.translate(str.maketrans("0123456789", digits))
    response = client.post(reverse("accounts:password_reset_sms_code"), {"code": typed})
    assert response.status_code == 200
    assert "验证码错误" in page(response)


def test_a_code_in_full_width_digits_is_accepted(client, reset_code_sent):
    typed = reset_code_sent.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.post(reverse("accounts:password_reset_sms_code"), {"code": typed})
    assert response["Location"] == reverse("accounts:password_reset_new")


# --- unit ids in other digits ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "１", "𝟏", "1" * 19, " 1", "1\x00"])
def test_only_ascii_digits_are_row_ids(value):
    assert not is_row_id(value)
    assert is_row_id("1") and is_row_id(str(10**17))


@pytest.mark.parametrize("name", ["units:login", "units:staff_login", "units:recover"])
@pytest.mark.parametrize("other_digits", ["²", "superscript", "arabic"])
def test_a_unit_chosen_in_other_digits_is_not_chosen(client, demo, name, other_digits):
    pk = str(demo.unit.pk)
    unit = {
        "²": "²",
        "superscript": pk.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
        "arabic": pk.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
    }[other_digits]
    assert client.get(reverse(name), {"unit": unit}).status_code == 200
    data = {"unit": unit, "login": demo.unit.uscc, "uscc": demo.unit.uscc, "password": "x"}
    response = client.post(reverse(name), {**data, **CAPTCHA})
    assert response.status_code == 200
    assert "请从下拉列表中选择单位" in page(response)


def test_a_region_code_in_other_digits_lists_nothing(client, reference_data):
    response = client.get(reverse("units:regions"), {"parent": "٤٥٠٠٠٠"})
    assert response.json() == {"results": []}


# --- NUL in a region select ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["province", "city", "county"])
def test_nul_in_a_region_select_is_an_invalid_choice(
    client, reference_data, registration_data, field
):
    data = {**registration_data, field: "450000\x00", "licence": files.jpeg()}
    response = client.post(reverse("units:register"), data)
    assert response.status_code == 200
    assert not Unit.objects.filter(uscc=NEW_USCC).exists()
    assert response.context["form"].errors[field]
    assert "南宁青秀建设工程有限公司" in page(response)  # what was typed is kept


# --- the same registration posted twice ----------------------------------------------------


def test_a_registration_posted_twice_sends_to_sign_in(client, reference_data, registration_data):
    url = reverse("units:register")
    client.post(url, {**registration_data, "licence": files.jpeg()})
    again = client.post(url, {**registration_data, "licence": files.jpeg()}, follow=True)
    unit = Unit.objects.get(uscc=NEW_USCC)
    assert again.redirect_chain == [(f"{reverse('units:login')}?unit={unit.pk}", 302)]
    assert "已注册，请用统一社会信用代码登录" in page(again)
    assert Unit.objects.filter(uscc=NEW_USCC).count() == 1


def test_someone_else_registering_a_taken_code_keeps_the_form(
    client, reference_data, registration_data
):
    url = reverse("units:register")
    client.post(url, {**registration_data, "licence": files.jpeg()})
    other = {**registration_data, "password1": "Other#2026pass", "password2": "Other#2026pass"}
    response = client.post(url, {**other, "licence": files.jpeg()})
    assert response.status_code == 200
    assert "该统一社会信用代码已注册" in page(response)
    assert UNIT_PASSWORD not in page(response)


@pytest.mark.parametrize("field", ["uscc", "password1"])
def test_nul_in_a_repeated_registration_is_a_form_error(
    client, reference_data, registration_data, field
):
    url = reverse("units:register")
    client.post(url, {**registration_data, "licence": files.jpeg()})
    again = {**registration_data, field: registration_data[field] + "\x00"}
    response = client.post(url, {**again, "licence": files.jpeg()})
    assert response.status_code == 200
    assert response.context["form"].errors


# --- NUL in a certificate's verification code (the QR link) --------------------------------


@pytest.mark.parametrize("code", ["\x00", "ABCD\x00EFGH", "ＡＢＣ", "٣٤٥"])
def test_odd_verification_codes_are_not_found(client, db, code):
    assert client.get(reverse("certificates:verify_code", args=[code])).status_code == 404


def test_a_personal_registration_posted_twice_sends_to_sign_in(client, demo, signup_data):
    from accounts.models import User

    first = client.post(reverse("account_signup"), signup_data)
    assert first.status_code == 302
    client.logout()  # the second post still carries the session of before the first
    again = client.post(reverse("account_signup"), signup_data, follow=True)
    assert again.redirect_chain[0] == (reverse("account_login"), 302)
    assert "您已用该身份证号注册" in page(again)
    assert User.objects.filter(id_number=signup_data["username"].upper()).count() == 1


def test_another_password_on_a_taken_id_number_keeps_the_form(client, demo, signup_data):
    client.post(reverse("account_signup"), signup_data)
    client.logout()
    other = {**signup_data, "password1": "Other#2026pass", "password2": "Other#2026pass"}
    response = client.post(reverse("account_signup"), other)
    assert response.status_code == 200
    assert "该身份证号已注册" in page(response)
