import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import User
from accounts.roles import Role
from accounts.verification import SENT_CODES_SESSION_KEY
from titleportal.sms import FileSMSBackend
from units.models import Affiliation

from .conftest import CAPTCHA, NEW_PASSWORD, last_code, login_data, sms_count

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def page(response) -> str:
    return response.content.decode()


def age_sent_codes(client, seconds):
    """Pretend every code of this session was sent ``seconds`` ago."""
    session = client.session
    session[SENT_CODES_SESSION_KEY] = {
        key: sent - seconds for key, sent in session[SENT_CODES_SESSION_KEY].items()
    }
    session.save()


class TestSignInPage:
    def test_one_page_with_the_entrances_and_the_two_ways(self, client):
        html = page(client.get(LOGIN))
        for text in (
            "个人账户",
            "单位账户",
            "单位工作人员",
            "账号密码登录",
            "短信快速登录",
            "账号",
            "验证码",
            "忘记密码",
            "请输入身份证号、手机号或邮箱",
        ):
            assert text in html, text
        assert 'class="captcha-image"' in html

    @pytest.mark.parametrize(
        "login",
        ["450102199001011231", "13800000001", "applicant@example.com", "APPLICANT@example.com"],
    )
    def test_person_signs_in_with_id_phone_or_email(self, client, demo, login):
        response = client.post(LOGIN, login_data(login, demo.password))
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert client.get("/").wsgi_request.user == demo.applicant

    def test_lower_case_x_in_the_id_number_is_accepted(self, client, reference_data):
        User.objects.create_user(
            id_number="11010519491231002X", full_name="陈明", password="Shenbao#2026ok"
        )
        response = client.post(LOGIN, login_data("11010519491231002x", "Shenbao#2026ok"))
        assert response.status_code == 302

    def test_wrong_password_says_so_next_to_the_form_and_keeps_the_account(self, client, demo):
        response = client.post(LOGIN, login_data("13800000001", "wrong-password"))
        html = page(response)
        assert response.status_code == 200
        assert "账号或密码错误" in html
        assert 'value="13800000001"' in html
        assert "wrong-password" not in html

    def test_unknown_account_gets_the_same_message(self, client, demo):
        html = page(client.post(LOGIN, login_data("13999999999", "wrong-password")))
        assert "账号或密码错误" in html

    def test_wrong_captcha_is_refused_before_the_password_is_tried(self, client, demo):
        data = login_data("13800000001", demo.password, captcha_1="WRONG")
        html = page(client.post(LOGIN, data))
        assert "验证码错误" in html
        assert 'value="13800000001"' in html
        assert client.get("/").wsgi_request.user.is_anonymous

    def test_account_is_locked_after_five_failures_whatever_identifier_was_typed(
        self, client, demo
    ):
        for login in ("13800000001", "applicant@example.com", "450102199001011231") * 2:
            client.post(LOGIN, login_data(login, "wrong-password"))
        response = client.post(LOGIN, login_data("13800000001", demo.password))
        html = page(response)
        assert "登录失败次数过多" in html and "15 分钟" in html
        assert client.get("/").wsgi_request.user.is_anonymous
        # Another account from the same address is not locked by this one.
        assert client.post(LOGIN, login_data("13800000002", demo.password)).status_code == 302

    def test_the_lock_ends_by_itself(self, client, demo, monkeypatch):
        for _ in range(5):
            client.post(LOGIN, login_data("13800000001", "wrong-password"))
        assert "登录失败次数过多" in page(
            client.post(LOGIN, login_data("13800000001", demo.password))
        )
        later = time.time() + 16 * 60
        monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
        assert client.post(LOGIN, login_data("13800000001", demo.password)).status_code == 302

    def test_an_address_is_limited_across_accounts(self, client, demo, settings):
        settings.ACCOUNT_RATE_LIMITS = {
            **settings.ACCOUNT_RATE_LIMITS,
            "login_failed": "3/15m/ip,5/15m/key",
        }
        for login in ("13800000001", "13800000002", "13800000003"):
            client.post(LOGIN, login_data(login, "wrong-password"))
        html = page(client.post(LOGIN, login_data("13800000004", demo.password)))
        assert "登录失败次数过多" in html


class TestRoleAfterSignIn:
    def test_person_with_several_roles_chooses_one(self, client, demo):
        response = client.post(LOGIN, login_data("450103198803152345", demo.password))
        assert response["Location"].startswith(reverse("accounts:choose_role"))
        html = page(client.get(response["Location"]))
        assert "申报人" in html and "单位工作人员" in html and "南宁蓝海工程有限公司" in html
        key = f"{Role.UNIT_STAFF}:{demo.unit.pk}"
        client.post(reverse("accounts:switch_role"), {"role": key, "next": "/"})
        assert client.get("/").wsgi_request.role.unit == demo.unit

    def test_person_with_one_role_goes_home(self, client, demo):
        response = client.post(LOGIN, login_data("13800000001", demo.password))
        assert response["Location"] == "/"

    def test_choose_role_keeps_the_page_the_person_wanted(self, client, demo):
        response = client.post(
            f"{LOGIN}?next=/me/profile/", login_data("13800000003", demo.password)
        )
        assert "next=%2Fme%2Fprofile%2F" in response["Location"]


class TestDemoAccounts:
    @pytest.mark.parametrize(
        ("key", "login", "role"),
        [
            ("applicant", "450102199001011231", Role.APPLICANT),
            ("applicant2", "13800000002", Role.APPLICANT),
            ("staff", "450103198803152345", Role.UNIT_STAFF),
            ("staff2", "staff2@example.com", Role.UNIT_STAFF),
            ("dept_staff", "13800000005", Role.DEPARTMENT_STAFF),
            ("office_staff", "13800000006", Role.OFFICE_STAFF),
            ("committee_staff", "13800000007", Role.COMMITTEE_STAFF),
            ("admin", "admin", Role.ADMIN),
        ],
    )
    def test_every_demo_person_signs_in_and_lands_on_the_home_of_the_role(
        self, client, demo, key, login, role
    ):
        response = client.post(LOGIN, login_data(login, demo.password), follow=True)
        assert response.status_code == 200
        if response.wsgi_request.path == reverse("accounts:choose_role"):
            context = next(c for c in response.wsgi_request.available_roles if c.role == role)
            response = client.post(
                reverse("accounts:switch_role"), {"role": context.key, "next": "/"}, follow=True
            )
        assert response.wsgi_request.path == "/"
        assert response.wsgi_request.user == getattr(demo, key)
        assert response.wsgi_request.role.role == role
        html = page(response)
        assert "home-panel" in html

    def test_the_unit_account_lands_on_its_unit_panel(self, client, demo):
        data = login_data(demo.unit.uscc, demo.password, unit=demo.unit.pk)
        response = client.post(reverse("units:login"), data, follow=True)
        assert response.wsgi_request.role.role == Role.UNIT_ACCOUNT
        html = page(response)
        assert "南宁蓝海工程有限公司" in html and reverse("units:staff") in html

    def test_unit_staff_entrance_signs_in_as_the_units_staff(self, client, demo):
        data = login_data("13800000003", demo.password, unit=demo.unit.pk)
        response = client.post(reverse("units:staff_login"), data, follow=True)
        assert response.wsgi_request.path == "/"
        assert response.wsgi_request.role.role == Role.UNIT_STAFF
        assert response.wsgi_request.role.unit == demo.unit
        assert "待办事项" in page(response)


class TestRegistration:
    url = reverse("account_signup")

    def test_registration_page_has_the_fields_of_the_seeds(self, client, db):
        html = page(client.get(self.url))
        for text in (
            "姓名",
            "身份证号",
            "手机号码",
            "E-Mail",
            "密码",
            "密保问题",
            "注册须知",
            "验证码",
            "单位秘钥",
        ):
            assert text in html, text

    def test_register_confirms_the_phone_and_signs_in(self, client, reference_data, signup_data):
        response = client.post(self.url, signup_data)
        assert response["Location"] == reverse("account_verify_phone")
        user = User.objects.get(id_number="11010519491231002X")
        assert user.username == "11010519491231002X"
        assert (user.full_name, user.phone, user.email) == (
            "陈明",
            "+8613912345678",  # stored in E.164
            "chen.ming@example.com",
        )
        assert user.gender == "F" and str(user.birth_date) == "1949-12-31"
        assert user.check_security_answer("南宁") and "南宁" not in user.security_answer
        assert not user.phone_verified
        response = client.post(reverse("account_verify_phone"), {"code": last_code("13912345678")})
        assert response["Location"] == "/"
        user.refresh_from_db()
        assert user.phone_verified
        assert client.get("/").wsgi_request.user == user

    @pytest.mark.parametrize(
        "id_number",
        # 西乡塘区 (2004) and 浦东新区 (1992) came after these holders' births.
        ["450107198501011235", "310115198001011238"],
    )
    def test_ids_with_a_district_newer_than_the_birth_register(
        self, client, reference_data, signup_data, id_number
    ):
        response = client.post(self.url, {**signup_data, "username": id_number})
        assert response["Location"] == reverse("account_verify_phone")
        assert User.objects.get(id_number=id_number).birth_date.year < 1990

    def test_register_with_a_unit_key_joins_the_unit(self, client, demo, signup_data):
        client.post(self.url, {**signup_data, "unit_key": demo.unit.key.lower()})
        user = User.objects.get(id_number="11010519491231002X")
        assert Affiliation.objects.get(person=user).unit == demo.unit

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("username", "110105194912310021", "校验位不正确"),
            ("username", "12345", "身份证号应为18位"),
            ("username", "450102199001011231", "该身份证号已注册"),
            ("phone", "13800000001", "该手机号码已被其他账户注册"),
            ("phone", "12345678901", "请输入以1开头的11位手机号码"),
            ("email", "applicant@example.com", "该邮箱已被其他账户注册"),
            ("email", "not-an-email", "有效的 Email"),
            ("password1", "12345678", "密码"),
            ("captcha_1", "WRONG", "验证码错误"),
            ("accept_terms", "", "请先阅读并同意注册须知"),
            ("unit_key", "NOSUCHKEY", "没有单位使用该单位秘钥"),
        ],
    )
    def test_bad_input_is_explained_next_to_the_field_and_kept(
        self, client, demo, signup_data, field, value, message
    ):
        data = {**signup_data, field: value}
        if field == "password1":
            data["password2"] = value
        response = client.post(self.url, data)
        html = page(response)
        assert response.status_code == 200
        assert message in html, html[html.find("invalid-feedback") - 400 :][:1500]
        assert 'value="陈明"' in html
        if field != "phone":
            assert 'value="13912345678"' in html
        assert "Shenbao#2026ok" not in html
        assert not re.search(r'<input type="password"[^>]*value=', html)
        assert not User.objects.filter(full_name="陈明").exists()

    def test_passwords_must_match(self, client, reference_data, signup_data):
        html = page(client.post(self.url, {**signup_data, "password2": "Different#2026"}))
        assert "两次输入的密码不一致" in html
        assert not re.search(r'<input type="password"[^>]*value=', html)


class TestSmsSignIn:
    def test_code_signs_in(self, client, demo):
        response = client.post(
            reverse("account_request_login_code"), {"phone": "138 0000 0001", **CAPTCHA}
        )
        assert response["Location"] == reverse("account_confirm_login_code")
        html = page(client.get(response["Location"]))
        assert "138****0001" in html
        response = client.post(
            reverse("account_confirm_login_code"), {"code": last_code("13800000001")}
        )
        assert response.status_code == 302
        assert client.get("/").wsgi_request.user == demo.applicant

    def test_wrong_code_is_explained_next_to_the_field(self, client, demo):
        client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
        html = page(client.post(reverse("account_confirm_login_code"), {"code": "000000"}))
        assert "验证码错误" in html

    def test_expired_code_is_explained_next_to_the_field(self, client, demo):
        client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
        age_sent_codes(client, 6 * 60)
        html = page(
            client.post(reverse("account_confirm_login_code"), {"code": last_code("13800000001")})
        )
        assert "验证码已过期" in html
        assert client.get("/").wsgi_request.user.is_anonymous

    def test_resend_waits_for_the_cool_down(self, client, demo):
        client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
        before = sms_count("13800000001")
        response = client.post(
            reverse("account_confirm_login_code"), {"action": "resend"}, follow=True
        )
        assert "秒后" in page(response)
        assert sms_count("13800000001") == before

    def test_second_request_within_the_cool_down_is_refused_next_to_the_phone(self, client, demo):
        client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
        client.logout()
        response = client.post(
            reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA}
        )
        assert response.status_code == 200
        assert "秒后" in page(response)

    def test_daily_limit_per_phone(self, client, demo, settings):
        settings.SMS_RESEND_COOLDOWN = 0
        settings.SMS_DAILY_LIMIT_PER_PHONE = 2
        for _ in range(2):
            client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
            client.logout()  # a pending code would send the page straight to the code
        html = page(
            client.post(reverse("account_request_login_code"), {"phone": "13800000001", **CAPTCHA})
        )
        assert "今天" in html and "上限" in html

    def test_unknown_phone_looks_the_same_but_gets_nothing(self, client, demo):
        before = sms_count("13999990000")
        response = client.post(
            reverse("account_request_login_code"), {"phone": "13999990000", **CAPTCHA}
        )
        assert response["Location"] == reverse("account_confirm_login_code")
        assert sms_count("13999990000") == before


class TestPasswordRecovery:
    @pytest.mark.parametrize("seconds", [5 * 60, 10 * 60])
    def test_the_code_page_says_the_minutes_the_sms_says(self, client, demo, settings, seconds):
        settings.VERIFICATION_CODE_VALIDITY = seconds
        response = client.post(
            reverse("accounts:password_reset_sms"), {"phone": "13800000001", **CAPTCHA}
        )
        minutes = seconds // 60
        sms = [text for _, to, text in FileSMSBackend(settings.SMS_OUTBOX).messages()][-1]
        assert f"{minutes} 分钟" in sms
        html = page(client.get(response["Location"]))
        assert f"{minutes} 分钟内有效" in html and "几分钟内有效" not in html

    def test_by_sms(self, client, demo):
        response = client.post(
            reverse("accounts:password_reset_sms"), {"phone": "13800000001", **CAPTCHA}
        )
        assert response["Location"] == reverse("accounts:password_reset_sms_code")
        assert "138****0001" in page(client.get(response["Location"]))
        response = client.post(
            reverse("accounts:password_reset_sms_code"), {"code": last_code("13800000001")}
        )
        assert response["Location"] == reverse("accounts:password_reset_new")
        response = client.post(
            reverse("accounts:password_reset_new"),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response["Location"] == LOGIN
        assert client.post(LOGIN, login_data("13800000001", NEW_PASSWORD)).status_code == 302

    def test_by_sms_expired_and_wrong_codes(self, client, demo, monkeypatch):
        client.post(reverse("accounts:password_reset_sms"), {"phone": "13800000001", **CAPTCHA})
        html = page(client.post(reverse("accounts:password_reset_sms_code"), {"code": "000000"}))
        assert "验证码错误" in html
        later = time.time() + 6 * 60
        monkeypatch.setattr("accounts.verification.time.time", lambda: later)
        code = last_code("13800000001")
        html = page(client.post(reverse("accounts:password_reset_sms_code"), {"code": code}))
        assert "验证码已过期" in html

    def test_by_sms_for_an_unknown_number_never_succeeds(self, client, demo):
        client.post(reverse("accounts:password_reset_sms"), {"phone": "13999990001", **CAPTCHA})
        html = page(client.post(reverse("accounts:password_reset_sms_code"), {"code": "123456"}))
        assert "验证码错误" in html

    def test_by_email(self, client, demo):
        response = client.post(
            reverse("account_reset_password"), {"email": "applicant@example.com", **CAPTCHA}
        )
        assert response["Location"] == reverse("account_confirm_password_reset_code")
        code = next(
            line for line in mail.outbox[-1].body.split() if line.isdigit() and len(line) == 6
        )
        assert mail.outbox[-1].to == ["applicant@example.com"]
        response = client.post(reverse("account_confirm_password_reset_code"), {"code": code})
        assert response["Location"] == reverse("account_complete_password_reset")
        response = client.post(
            reverse("account_complete_password_reset"),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        demo.applicant.refresh_from_db()
        assert demo.applicant.check_password(NEW_PASSWORD)

    def test_by_email_expired_code(self, client, demo):
        client.post(
            reverse("account_reset_password"), {"email": "applicant@example.com", **CAPTCHA}
        )
        code = next(
            line for line in mail.outbox[-1].body.split() if line.isdigit() and len(line) == 6
        )
        age_sent_codes(client, 6 * 60)
        html = page(client.post(reverse("account_confirm_password_reset_code"), {"code": code}))
        assert "验证码已过期" in html

    def test_by_security_question(self, client, demo):
        data = {
            "id_number": "450102199001011231",
            "security_question": "birthplace",
            "security_answer": " 南宁 ",
            **CAPTCHA,
        }
        response = client.post(reverse("accounts:password_reset_question"), data)
        assert response["Location"] == reverse("accounts:password_reset_new")
        html = page(
            client.post(
                reverse("accounts:password_reset_new"), {"password1": "123", "password2": "123"}
            )
        )
        assert "密码" in html and "太短" in html
        client.post(
            reverse("accounts:password_reset_new"),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        demo.applicant.refresh_from_db()
        assert demo.applicant.check_password(NEW_PASSWORD)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("security_answer", "北京"),
            ("security_question", "mother_name"),
            ("id_number", "450202198511203453"),
        ],
    )
    def test_by_security_question_mismatch_says_nothing_more(self, client, demo, field, value):
        data = {
            "id_number": "450102199001011231",
            "security_question": "birthplace",
            "security_answer": "南宁",
            **CAPTCHA,
            field: value,
        }
        demo.applicant2.security_question = "mother_name"
        demo.applicant2.save()
        html = page(client.post(reverse("accounts:password_reset_question"), data))
        assert "身份证号、密保问题或答案不正确" in html

    def test_new_password_page_needs_a_verification(self, client, db):
        response = client.get(reverse("accounts:password_reset_new"))
        assert response["Location"] == reverse("accounts:password_reset_sms")

    def test_reset_lifts_the_sign_in_lock(self, client, demo):
        for _ in range(5):
            client.post(LOGIN, login_data("13800000001", "wrong-password"))
        client.post(
            reverse("accounts:password_reset_question"),
            {
                "id_number": "450102199001011231",
                "security_question": "birthplace",
                "security_answer": "南宁",
                **CAPTCHA,
            },
        )
        client.post(
            reverse("accounts:password_reset_new"),
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert client.post(LOGIN, login_data("13800000001", NEW_PASSWORD)).status_code == 302


class TestPersonalSettings:
    def test_settings_pages_render_for_a_person(self, client, demo):
        client.force_login(demo.applicant)
        for name in (
            "accounts:settings",
            "accounts:profile",
            "account_change_password",
            "account_change_phone",
            "accounts:change_email",
            "accounts:security_question",
        ):
            response = client.get(reverse(name))
            assert response.status_code == 200, name

    def test_profile_masks_the_id_and_cannot_change_name(self, client, demo):
        client.force_login(demo.applicant)
        html = page(client.get(reverse("accounts:profile")))
        assert "450102********1231" in html and "张三" in html
        assert "南宁蓝海工程有限公司" in html

    def test_change_password(self, client, demo):
        client.force_login(demo.applicant)
        url = reverse("account_change_password")
        html = page(
            client.post(
                url, {"oldpassword": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
            )
        )
        assert "请输入当前密码" in html or "密码错误" in html
        client.post(
            url,
            {"oldpassword": demo.password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        demo.applicant.refresh_from_db()
        assert demo.applicant.check_password(NEW_PASSWORD)

    def test_change_phone_with_a_code_to_the_new_number(self, client, demo):
        client.force_login(demo.applicant)
        response = client.post(reverse("account_change_phone"), {"phone": "13700001111"})
        assert response["Location"] == reverse("account_verify_phone")
        demo.applicant.refresh_from_db()
        assert demo.applicant.phone == "+8613800000001"
        client.post(reverse("account_verify_phone"), {"code": last_code("13700001111")})
        demo.applicant.refresh_from_db()
        assert demo.applicant.phone == "+8613700001111" and demo.applicant.phone_verified

    @pytest.mark.parametrize(
        ("phone", "message"),
        [
            ("13800000002", "该手机号码已被其他账户注册"),
            ("13800000001", "这已是您的手机号码"),
            ("1380000", "11位手机号码"),
        ],
    )
    def test_change_phone_bad_input(self, client, demo, phone, message):
        client.force_login(demo.applicant)
        html = page(client.post(reverse("account_change_phone"), {"phone": phone}))
        assert message in html

    def test_change_email_with_a_code_to_the_new_address(self, client, demo):
        client.force_login(demo.applicant)
        response = client.post(reverse("accounts:change_email"), {"email": "Zhang.New@Example.com"})
        assert response["Location"] == reverse("accounts:change_email_code")
        demo.applicant.refresh_from_db()
        assert demo.applicant.email == "applicant@example.com"
        message = mail.outbox[-1]
        assert message.to == ["zhang.new@example.com"]
        code = re.search(r"\b(\d{6})\b", message.body).group(1)
        html = page(client.post(reverse("accounts:change_email_code"), {"code": "000000"}))
        assert "验证码错误" in html
        client.post(reverse("accounts:change_email_code"), {"code": code})
        demo.applicant.refresh_from_db()
        assert demo.applicant.email == "zhang.new@example.com"
        assert EmailAddress.objects.get(user=demo.applicant).verified
        # The new address signs in; the old one no longer does.
        client.logout()
        assert (
            client.post(LOGIN, login_data("zhang.new@example.com", demo.password)).status_code
            == 302
        )

    @pytest.mark.parametrize(
        ("email", "message"),
        [
            ("applicant2@example.com", "该邮箱已被其他账户注册"),
            ("applicant@example.com", "这已是您的邮箱"),
            ("not-an-email", "有效的 Email"),
        ],
    )
    def test_change_email_bad_input(self, client, demo, email, message):
        client.force_login(demo.applicant)
        html = page(client.post(reverse("accounts:change_email"), {"email": email}))
        assert message in html

    def test_allauth_email_list_cannot_add_or_remove(self, client, demo):
        client.force_login(demo.applicant)
        html = page(
            client.post(reverse("account_email"), {"email": "x@example.com", "action_add": ""})
        )
        assert "个人设置" in html
        assert not EmailAddress.objects.filter(email="x@example.com").exists()
        EmailAddress.objects.get_or_create(user=demo.applicant, email="applicant@example.com")
        client.post(
            reverse("account_email"), {"email": "applicant@example.com", "action_remove": ""}
        )
        demo.applicant.refresh_from_db()
        assert demo.applicant.email == "applicant@example.com"

    def test_unit_account_cannot_take_a_mobile_number(self, client, demo):
        client.force_login(demo.unit_account)
        html = page(client.post(reverse("account_change_phone"), {"phone": "13700001111"}))
        assert "只有个人账户" in html
        demo.unit_account.refresh_from_db()
        assert demo.unit_account.phone is None

    def test_change_security_question(self, client, demo):
        client.force_login(demo.applicant)
        url = reverse("accounts:security_question")
        data = {
            "current_password": "nope",
            "security_question": "mother_name",
            "security_answer": "李梅",
        }
        assert "密码错误" in page(client.post(url, data))
        client.post(url, {**data, "current_password": demo.password})
        demo.applicant.refresh_from_db()
        assert demo.applicant.security_question == "mother_name"
        assert demo.applicant.check_security_answer("李梅")

    def test_sign_out(self, client, demo):
        client.force_login(demo.applicant)
        client.post(reverse("account_logout"))
        assert client.get("/").wsgi_request.user.is_anonymous


class TestReviewerSecondFactor:
    def test_reviewer_must_set_up_totp_when_required(self, client, demo, settings):
        settings.REVIEWERS_REQUIRE_MFA = True
        client.force_login(demo.office_staff)
        assert client.get("/").status_code == 200  # acting as applicant
        session = client.session
        session[SESSION_KEY] = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
        session.save()
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")

    def test_applicant_role_is_not_asked(self, client, demo, settings):
        settings.REVIEWERS_REQUIRE_MFA = True
        client.force_login(demo.applicant)
        assert client.get("/").status_code == 200

    # allauth announces a new authenticator after commit: a real transaction is needed.
    @pytest.mark.django_db(transaction=True)
    def test_totp_set_up_lets_the_reviewer_act(self, client, demo, settings):
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        settings.REVIEWERS_REQUIRE_MFA = True
        settings.MFA_TOTP_TOLERANCE = 1  # a code computed just before a 30-second boundary
        client.post(LOGIN, login_data("13800000006", demo.password))
        office_role = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
        client.post(reverse("accounts:switch_role"), {"role": office_role, "next": "/"})
        assert client.get("/")["Location"] == reverse("mfa_activate_totp")
        response = client.get(reverse("mfa_activate_totp"))
        if response.status_code == 302:  # a recent password is asked for first
            client.post(response["Location"], {"password": demo.password})
            response = client.get(reverse("mfa_activate_totp"))
        secret = response.context["form"].secret
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        client.post(reverse("mfa_activate_totp"), {"code": code})
        assert Authenticator.objects.filter(
            user=demo.office_staff, type=Authenticator.Type.TOTP
        ).exists()
        assert client.get("/").status_code == 200
        # The next sign-in asks for the authenticator code before the reviewer can act.
        client.logout()
        response = client.post(LOGIN, login_data("13800000006", demo.password))
        assert response["Location"] == reverse("mfa_authenticate")
