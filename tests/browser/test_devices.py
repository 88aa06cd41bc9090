"""王五 (unit staff) signs in from a browser the portal has not seen: an SMS code first, then
the device is remembered and listed under 个人设置. Screenshots: var/screenshots/devices-*.png."""

import pytest
from playwright.sync_api import expect

from accounts.models import KnownDevice
from tests.accounts.conftest import last_code

from .test_accounts import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_wang_on_a_new_device_is_asked_for_an_sms_code(
    page, live_server, demo, settings, screenshot, console_errors
):
    settings.STAFF_DEVICE_REMEMBER_DAYS = 30
    settings.SMS_RESEND_COOLDOWN = 0
    base = live_server.url
    sign_in(page, base, "13800000003", demo.password)
    page.wait_for_url("**/me/device-check/")
    expect(page.get_by_role("heading", name="新设备登录验证")).to_be_visible()
    expect(page.get_by_text("138****0003")).to_be_visible()
    screenshot(page, "devices-01-code")
    page.get_by_label("短信验证码").fill("000000")
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    assert not KnownDevice.objects.exists()
    page.get_by_label("短信验证码").fill(last_code(demo.staff.phone))
    expect(page.get_by_label("记住这台设备")).to_be_checked()
    page.get_by_role("button", name="确定").click()
    page.wait_for_url("**/me/role/choose/**")  # 王五 is also an applicant: he picks the role
    page.get_by_role("button", name="单位工作人员").first.click()
    expect(page.get_by_text("王五，当前身份：单位工作人员 · 南宁蓝海工程有限公司")).to_be_visible()

    page.goto(base + "/me/devices/")
    expect(page.locator("table.known-devices")).to_contain_text("本设备")
    screenshot(page, "devices-02-list")
    sign_out(page)
    sign_in(page, base, "13800000003", demo.password)
    page.wait_for_url("**/me/role/choose/**")  # a known device: no code asked
    page.goto(base + "/me/devices/")
    page.get_by_role("button", name="移除", exact=True).click()
    expect(page.get_by_text("没有已记住的设备。")).to_be_visible()
    sign_out(page)
    sign_in(page, base, "13800000003", demo.password)
    page.wait_for_url("**/me/device-check/")
    assert console_errors == []
