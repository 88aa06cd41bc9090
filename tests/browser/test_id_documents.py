"""A Hong Kong resident registers with a 港澳居民居住证 and a +852 phone, signs in with the
document number and starts an application (issue 16)."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.conftest import last_code
from tests.browser.test_accounts import sign_in, sign_out
from tests.browser.test_applications import choose_catalogue, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HK_RESIDENCE = "810000199001011230"


def test_hong_kong_resident_registers_signs_in_and_applies(
    page, live_server, demo, screenshot, console_errors
):
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/accounts/signup/")
    page.locator("#id_full_name").fill("陈港生")
    page.get_by_label("证件类型").select_option(label="港澳居民居住证")
    page.locator("#id_username").fill(HK_RESIDENCE)
    page.locator("#id_phone").fill("+852 9123 4567")
    page.locator("#id_email").fill("chan.kong@example.com")
    page.locator("#id_password1").fill("Shenbao#2026ok")
    page.locator("#id_password2").fill("Shenbao#2026ok")
    page.locator("#id_security_question").select_option("birthplace")
    page.locator("#id_security_answer").fill("香港")
    page.locator("#id_accept_terms").check()
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "accounts-hk-register")
    page.get_by_role("button", name="创建用户").click()
    page.wait_for_url("**/accounts/phone/verify/")
    page.locator("#id_code").fill(last_code("+85291234567"))
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(base + "/")
    user = User.objects.get(id_number=HK_RESIDENCE)
    assert (user.id_type, user.phone, user.phone_verified) == (
        User.IdType.HK_MACAO_RESIDENCE,
        "+85291234567",
        True,
    )

    # The person works for the demo unit (as after joining it with its unit key).
    from units.models import Affiliation

    Affiliation.objects.create(person=user, unit=demo.unit)

    sign_out(page)
    sign_in(page, base, HK_RESIDENCE, "Shenbao#2026ok")
    assert page.url == base + "/"
    sign_out(page)
    sign_in(page, base, "+852 9123 4567", "Shenbao#2026ok")
    assert page.url == base + "/"

    page.goto(base + "/applications/list/recognition/")
    page.get_by_role("link", name="我要申报").click()
    choose_catalogue(page)
    page.get_by_label("报送职改办").select_option(label="广西流动人员职称改革办公室")
    page.get_by_role("button", name="立即申报").click()
    expect(page.get_by_role("heading", name="申报信息")).to_be_visible()
    page.get_by_role("link", name="基本情况").first.click()
    settled(page)
    expect(page.locator("#identity-document")).to_contain_text("港澳居民居住证")
    screenshot(page, "applications-hk-basic-info")
    assert console_errors == []
