"""Personal accounts in a real browser: register, the three ways to sign in, SMS sign-in,
password recovery, roles and settings. Screenshots go to var/screenshots/accounts-*.png."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.accounts.conftest import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Zhicheng#2026new"


def sign_in(page, base, login, password):
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill(login)
    page.locator("#id_password").fill(password)
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state()


def sign_out(page):
    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/")


def test_register_then_sign_in_with_id_phone_and_email(
    page, live_server, reference_data, screenshot, console_errors
):
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/accounts/signup/")
    screenshot(page, "accounts-01-register")
    page.locator("#id_full_name").fill("陈明")
    page.locator("#id_username").fill("11010519491231002x")
    page.locator("#id_phone").fill("13912345678")
    page.locator("#id_email").fill("chen.ming@example.com")
    page.locator("#id_password1").fill("Shenbao#2026ok")
    page.locator("#id_password2").fill("Shenbao#2026ok")
    page.locator("#id_security_question").select_option("birthplace")
    page.locator("#id_security_answer").fill("南宁")
    page.get_by_role("link", name="《注册须知》").click()
    notice = page.locator("#registration-notice")
    notice.wait_for(state="visible")
    screenshot(page, "accounts-02-registration-notice")
    notice.get_by_role("button", name="关闭").first.click()
    notice.wait_for(state="hidden")
    page.locator("#id_accept_terms").check()
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="创建用户").click()
    page.wait_for_url("**/accounts/phone/verify/")
    assert page.get_by_text("139****5678", exact=True).is_visible()
    screenshot(page, "accounts-03-confirm-phone")
    page.locator("#id_code").fill(last_code("13912345678"))
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("陈明，当前身份：申报人").is_visible()
    screenshot(page, "accounts-04-applicant-home")
    user = User.objects.get(id_number="11010519491231002X")
    assert user.phone_verified

    for login in ("11010519491231002X", "13912345678", "chen.ming@example.com"):
        sign_out(page)
        sign_in(page, base, login, "Shenbao#2026ok")
        assert page.url == base + "/", login
        assert page.get_by_text("陈明，当前身份：申报人").is_visible()
    sign_out(page)
    assert page.get_by_role("link", name="登录").first.is_visible()
    assert console_errors == []


@pytest.mark.parametrize(("name", "width"), [("desktop", 1366), ("phone", 375)])
def test_sign_in_page_and_its_errors(
    page, live_server, demo, screenshot, console_errors, name, width
):
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/accounts/login/")
    for text in (
        "个人账户登录",
        "单位账户登录",
        "单位工作人员登录",
        "账号密码登录",
        "短信快速登录",
    ):
        assert page.get_by_text(text, exact=True).first.is_visible(), text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"accounts-05-sign-in-{name}")
    # A new captcha picture on click.
    before = page.locator(".captcha-image").get_attribute("src")
    page.locator(".captcha-refresh").click()
    page.wait_for_function(
        "src => document.querySelector('.captcha-image').getAttribute('src') !== src", arg=before
    )
    page.locator("#id_login").fill("13800000001")
    page.locator("#id_password").fill("wrong-password")
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    assert page.get_by_text("账号或密码错误").is_visible()
    assert page.locator("#id_login").input_value() == "13800000001"
    assert page.locator("#id_password").input_value() == ""
    screenshot(page, f"accounts-06-sign-in-error-{name}")
    assert console_errors == []


def test_lockout_message(page, live_server, demo, screenshot):
    base = live_server.url
    for _ in range(5):
        sign_in(page, base, "13800000001", "wrong-password")
    sign_in(page, base, "13800000001", demo.password)
    assert page.get_by_text("登录失败次数过多").is_visible()
    screenshot(page, "accounts-07-locked")


def test_sms_sign_in(page, live_server, demo, screenshot, console_errors):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="短信快速登录").click()
    page.locator("#id_phone").fill("13800000001")
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "accounts-08-sms-sign-in")
    page.get_by_role("button", name="获取短信验证码").click()
    page.wait_for_url("**/accounts/login/code/confirm/")
    # The resend button counts down the cool-down.
    resend = page.get_by_role("button", name=re.compile("重新获取"))
    assert resend.is_disabled()
    screenshot(page, "accounts-09-sms-code")
    page.locator("#id_code").fill("000000")
    page.get_by_role("button", name="确定").click()
    assert page.get_by_text("验证码错误").is_visible()
    page.locator("#id_code").fill(last_code("13800000001"))
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("张三，当前身份：申报人").is_visible()
    assert console_errors == []


def _new_password(page, screenshot, name):
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    screenshot(page, name)
    page.get_by_role("button", name="保存新密码").click()


def test_recovery_by_sms(page, live_server, demo, screenshot, console_errors):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="忘记密码？").click()
    page.locator("#id_phone").fill("13800000001")
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "accounts-10-recover-sms")
    page.get_by_role("button", name="获取短信验证码").click()
    page.locator("#id_code").fill(last_code("13800000001"))
    page.get_by_role("button", name="确定").click()
    _new_password(page, screenshot, "accounts-11-recover-new-password")
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_text("密码已重置").is_visible()
    sign_in(page, base, "13800000001", NEW_PASSWORD)
    assert page.url == base + "/"
    assert console_errors == []


def test_recovery_by_email(page, live_server, demo, screenshot):
    base = live_server.url
    page.goto(base + "/me/password/sms/")
    page.get_by_role("link", name="邮箱找回").click()
    page.locator("#id_email").fill("applicant@example.com")
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "accounts-12-recover-email")
    page.get_by_role("button", name="发送验证码").click()
    page.wait_for_url("**/accounts/password/reset/confirm/")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="确定").click()
    _new_password(page, screenshot, "accounts-13-recover-email-new-password")
    page.wait_for_url("**/accounts/password/reset/done/")
    screenshot(page, "accounts-14-recover-done")
    sign_in(page, base, "applicant@example.com", NEW_PASSWORD)
    assert page.url == base + "/"


def test_recovery_by_security_question(page, live_server, demo, screenshot):
    base = live_server.url
    page.goto(base + "/me/password/sms/")
    page.get_by_role("link", name="密保问题找回").click()
    page.locator("#id_id_number").fill("450102199001011231")
    page.locator("#id_security_question").select_option("birthplace")
    page.locator("#id_security_answer").fill("北京")
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="开始验证").click()
    assert page.get_by_text("身份证号、密保问题或答案不正确").is_visible()
    screenshot(page, "accounts-15-recover-question-error")
    page.locator("#id_security_answer").fill("南宁")
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="开始验证").click()
    _new_password(page, screenshot, "accounts-16-recover-question-new-password")
    sign_in(page, base, "450102199001011231", NEW_PASSWORD)
    assert page.url == base + "/"


@pytest.mark.parametrize(("name", "width"), [("desktop", 1366), ("phone", 375)])
def test_registration_errors_are_next_to_the_fields(
    page, live_server, demo, screenshot, console_errors, name, width
):
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + "/accounts/signup/")
    page.locator("#id_full_name").fill("陈明")
    page.locator("#id_username").fill("110105194912310021")
    page.locator("#id_phone").fill("13800000001")
    page.locator("#id_email").fill("applicant@example.com")
    page.locator("#id_password1").fill("12345678")
    page.locator("#id_password2").fill("12345678")
    page.locator("#id_captcha_1").fill("WRONG")
    page.get_by_role("button", name="创建用户").click()
    for text in (
        "身份证号校验位不正确",
        "该手机号码已被其他账户注册",
        "该邮箱已被其他账户注册",
        "这个字段是必须的",
        "请先阅读并同意注册须知",
        "验证码错误",
    ):
        assert page.get_by_text(text).first.is_visible(), text
    assert page.locator("#id_full_name").input_value() == "陈明"
    assert page.locator("#id_password1").input_value() == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"accounts-17-register-errors-{name}")
    assert console_errors == []


def test_person_with_two_roles_chooses_and_switches(
    page, live_server, demo, screenshot, console_errors
):
    base = live_server.url
    sign_in(page, base, "13800000003", demo.password)
    page.wait_for_url("**/me/role/choose/**")
    screenshot(page, "accounts-18-choose-role")
    page.get_by_role("button", name=re.compile("单位工作人员")).click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("王五，当前身份：单位工作人员 · 南宁蓝海工程有限公司").is_visible()
    assert page.get_by_role("heading", name=re.compile("单位工作人员")).is_visible()
    screenshot(page, "accounts-19-unit-staff-home")
    page.locator(".user-menu .dropdown-toggle").click()
    with page.expect_navigation():
        page.locator(".user-menu").get_by_role("button", name="申报人").click()
    assert page.get_by_text("王五，当前身份：申报人").is_visible()
    assert console_errors == []


def test_personal_settings(page, live_server, demo, screenshot, console_errors):
    base = live_server.url
    sign_in(page, base, "13800000001", demo.password)
    page.locator(".user-menu .dropdown-toggle").click()
    screenshot(page, "accounts-20-gear-menu")
    page.get_by_role("link", name="更换手机号").click()
    page.locator("#id_phone").fill("13700001111")
    screenshot(page, "accounts-21-change-phone")
    page.get_by_role("button", name="发送验证码到新号码").click()
    page.wait_for_url("**/accounts/phone/verify/")
    page.locator("#id_code").fill(last_code("13700001111"))
    page.get_by_role("button", name="确定").click()
    demo.applicant.refresh_from_db()
    assert demo.applicant.phone == "+8613700001111"  # stored in E.164
    page.goto(base + "/me/settings/email/")
    page.locator("#id_email").fill("zhang.san@example.com")
    page.get_by_role("button", name="发送验证码到新邮箱").click()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_role("button", name="确定").click()
    assert page.get_by_text("zhang.san@example.com").first.is_visible()
    screenshot(page, "accounts-22-settings")
    page.goto(base + "/me/profile/")
    screenshot(page, "accounts-23-profile")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "accounts-24-profile-phone")
    assert console_errors == []


def test_reviewer_sets_up_and_uses_totp_when_required(
    page, live_server, demo, screenshot, console_errors, settings
):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    settings.REVIEWERS_REQUIRE_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed just before a 30-second boundary
    base = live_server.url
    sign_in(page, base, "13800000006", demo.password)
    page.wait_for_url("**/me/role/choose/**")
    page.get_by_role("button", name=re.compile("职改办")).click()
    # The reviewer role needs a second factor: a recent password, then the app.
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert page.get_by_text("审核角色必须开启两步验证").is_visible()
    screenshot(page, "accounts-25-mfa-required")
    page.locator("#id_password").fill(demo.password)
    page.get_by_role("button", name="确定").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    screenshot(page, "accounts-26-mfa-activate")
    secret = page.locator("#authenticator_secret").input_value()

    def current_code():
        import time

        return format_hotp_value(hotp_value(secret, int(time.time()) // 30))

    page.locator("#id_code").fill(current_code())
    page.get_by_role("button", name="开启").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    screenshot(page, "accounts-27-mfa-recovery-codes")
    page.goto(base + "/")
    assert page.get_by_text("孙八，当前身份：职改办工作人员").is_visible()
    sign_out_page = page.locator(".user-menu .dropdown-toggle")
    sign_out_page.click()
    page.get_by_role("button", name="退出").click()
    sign_in(page, base, "13800000006", demo.password)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    screenshot(page, "accounts-28-mfa-authenticate")
    page.locator("#id_code").fill(current_code())
    page.get_by_role("button", name="验证").click()
    page.wait_for_url("**/me/role/choose/**")
    assert console_errors == []


def test_the_identity_platform_button_and_a_platform_that_does_not_answer(
    page, live_server, settings, screenshot, console_errors
):
    from playwright.sync_api import expect

    from tests.accounts.test_oidc import PLATFORM, configure, free_port

    configure(settings, f"http://127.0.0.1:{free_port()}/o")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/accounts/login/")
    button = page.get_by_role("button", name=f"通过{PLATFORM}登录")
    expect(button).to_be_visible()
    screenshot(page, "accounts-login-identity-platform-desktop")
    button.click()
    expect(page.locator(".alert-danger, .alert")).to_contain_text(f"{PLATFORM}暂时无法访问")
    assert page.url.endswith("/accounts/login/")
    screenshot(page, "accounts-login-identity-platform-down-desktop")
