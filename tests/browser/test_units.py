"""Units in a real browser: registration with the region cascade and the licence upload,
unit sign-in, staff, staff sign-in choosing the unit, unit key, recovery through a staff
member. Screenshots go to var/screenshots/units-*.png."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.accounts.conftest import last_code
from tests.files import image_bytes
from units.models import Affiliation, Membership, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USCC = "91450103J2K0XTF8H8"
UNIT_PASSWORD = "Danwei#2026pass"


def choose_unit(page, field_id, query, name, shot=None):
    """Type into the unit chooser (Tom Select) and pick the unit from the list."""
    wrapper = page.locator(f"#{field_id}-ts-control")
    wrapper.click()
    wrapper.fill(query)
    option = page.locator(".ts-dropdown .option", has_text=name)
    option.wait_for(state="visible")
    if shot:
        shot()
    option.click()


def red_seal_png() -> bytes:
    """A red ring with a star on a transparent background, like a scanned unit seal."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 380, 380), outline=(200, 20, 30, 255), width=18)
    draw.regular_polygon((200, 200, 70), 5, rotation=0, fill=(200, 20, 30, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def sign_out(page):
    page.locator(".user-menu .dropdown-toggle").click()
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def fill_registration(page, tmp_path, licence_name="营业执照.jpg", licence=None):
    page.locator("#id_uscc").fill(USCC)
    page.locator("#id_name").fill("南宁青秀建设工程有限公司")
    page.locator("#id_legal_representative").fill("黄建")
    page.locator("#id_industry").select_option("E")
    page.locator("#id_province").select_option("450000")
    page.locator("#id_city").locator("option[value='450100']").wait_for(state="attached")
    page.locator("#id_city").select_option("450100")
    page.locator("#id_county").locator("option[value='450103']").wait_for(state="attached")
    page.locator("#id_county").select_option("450103")
    page.locator("#id_address").fill("南宁市青秀区民族大道 100 号")
    page.locator("#id_unit_type").select_option("public_institution")
    path = tmp_path / licence_name
    path.write_bytes(licence if licence is not None else image_bytes(size=(1600, 1100)))
    page.locator("#id_licence").set_input_files(str(path))
    page.locator("#id_contact_name").fill("韦小宁")
    page.locator("#id_contact_phone").fill("0771-5501234")
    page.locator("#id_password1").fill(UNIT_PASSWORD)
    page.locator("#id_password2").fill(UNIT_PASSWORD)
    page.locator("#id_captcha_1").fill("PASSED")


def test_unit_registers_signs_in_adds_staff_who_signs_in_for_it(
    page, live_server, demo, screenshot, console_errors, tmp_path
):
    base = live_server.url
    page.set_viewport_size({"width": 1366, "height": 900})
    person = User.objects.create_user(
        id_number="450102198506121239",
        full_name="刘洋",
        phone="13911112222",
        email="liu.yang@example.com",
        password="Liuyang#2026ok",
        phone_verified=True,
    )
    page.goto(base + "/units/register/")
    screenshot(page, "units-01-register")
    fill_registration(page, tmp_path)
    assert page.locator(".licence-type").inner_text() == "《事业单位法人证书》"
    screenshot(page, "units-02-register-filled")
    page.get_by_role("button", name="提交注册").click()
    page.wait_for_url("**/units/login/?unit=*")
    assert page.get_by_text("注册成功").is_visible()
    screenshot(page, "units-03-unit-sign-in")
    page.locator("#id_login").fill(USCC)
    page.locator("#id_password").fill(UNIT_PASSWORD)
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("当前身份：单位账号 · 南宁青秀建设工程有限公司").is_visible()
    screenshot(page, "units-04-unit-home")

    page.get_by_role("link", name="工作人员").first.click()
    page.locator("#id_id_number").fill("450102198506121239")
    page.get_by_role("button", name="查询").click()
    page.locator(".staff-found").wait_for(state="visible")
    # The look-up shows the masked name only.
    assert page.locator(".staff-found").inner_text().count("刘*") == 1
    assert not page.get_by_text("刘洋").count() and not page.get_by_text("139****2222").count()
    screenshot(page, "units-05-staff-lookup")
    page.get_by_role("button", name="邀请").click()
    page.wait_for_load_state()
    assert page.get_by_text("待确认").is_visible()
    unit = Unit.objects.get(uscc=USCC)
    assert not Membership.objects.filter(person=person, unit=unit).exists()
    screenshot(page, "units-06-staff-invited")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "units-07-staff-list-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_out(page)

    # 刘洋 finds the invitation in 我的消息 and accepts it.
    page.goto(base + "/accounts/login/")
    page.locator("#id_login").fill("13911112222")
    page.locator("#id_password").fill("Liuyang#2026ok")
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(base + "/")
    page.get_by_role("link", name="我的消息").first.click()
    page.get_by_text("南宁青秀建设工程有限公司 邀请您成为单位工作人员").click()
    page.wait_for_url("**/units/invitations/*/")
    screenshot(page, "units-06a-invitation")
    page.get_by_role("button", name="接受邀请").click()
    page.wait_for_load_state()
    assert page.get_by_text("已接受").is_visible()
    assert Membership.objects.get(person=person, unit=unit).is_enabled
    sign_out(page)

    page.goto(base + "/accounts/login/")
    page.get_by_role("link", name="单位工作人员登录").click()
    choose_unit(
        page,
        "id_unit",
        "nnqx",
        "南宁青秀建设工程有限公司",
        shot=lambda: screenshot(page, "units-08a-unit-chooser"),
    )
    page.locator("#id_login").fill("13911112222")
    page.locator("#id_password").fill("Liuyang#2026ok")
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "units-08-staff-sign-in")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(base + "/")
    assert page.get_by_text("刘洋，当前身份：单位工作人员 · 南宁青秀建设工程有限公司").is_visible()
    screenshot(page, "units-09-staff-home")
    assert console_errors == []


def test_bad_licence_and_other_errors_keep_the_form(
    page, live_server, demo, screenshot, console_errors, tmp_path
):
    base = live_server.url
    page.goto(base + "/units/register/")
    fill_registration(page, tmp_path, licence_name="执照.jpg", licence=b"MZ not an image at all")
    page.locator("#id_uscc").fill("91450103J2K0XTF8H9")
    page.get_by_role("button", name="提交注册").click()
    assert page.get_by_text("统一社会信用代码校验位不正确").is_visible()
    assert page.get_by_text("不支持该文件类型").is_visible()
    assert page.locator("#id_name").input_value() == "南宁青秀建设工程有限公司"
    assert page.locator("#id_county").input_value() == "450103"
    screenshot(page, "units-10-register-errors")
    # A good licence, a wrong captcha: the licence is kept and needs no second upload.
    good = tmp_path / "执照.pdf"
    from tests.files import pdf_bytes

    good.write_bytes(pdf_bytes())
    page.locator("#id_licence").set_input_files(str(good))
    page.locator("#id_uscc").fill(USCC)
    page.locator("#id_password1").fill(UNIT_PASSWORD)
    page.locator("#id_password2").fill(UNIT_PASSWORD)
    page.locator("#id_captcha_1").fill("WRONG")
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_text("已上传：执照.pdf")).to_be_visible()
    screenshot(page, "units-11-register-licence-kept")
    page.locator("#id_password1").fill(UNIT_PASSWORD)
    page.locator("#id_password2").fill(UNIT_PASSWORD)
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="提交注册").click()
    page.wait_for_url("**/units/login/?unit=*")
    assert Unit.objects.get(uscc=USCC).licence_file.name.endswith(".pdf")
    assert console_errors == []


def test_join_a_unit_with_its_key(page, live_server, demo, screenshot, login_as, console_errors):
    base = live_server.url
    login_as(demo.unit_account)
    page.goto(base + "/units/key/")
    key = page.locator("#unit-key").input_value()
    assert key == demo.unit2.key or key == demo.unit.key
    screenshot(page, "units-12-unit-key")
    page.context.clear_cookies()
    login_as(demo.applicant)
    page.goto(base + "/")
    page.get_by_role("link", name="单位调整").first.click()
    page.locator("#id_key").fill("WRONGKEY")
    page.get_by_role("button", name="单位调整").click()
    assert page.get_by_text("没有单位使用该单位秘钥").is_visible()
    page.locator("#id_key").fill(demo.unit2.key.lower())
    page.get_by_role("button", name="单位调整").click()
    assert page.get_by_text("您的单位已调整为 钦州海湾科技有限公司").is_visible()
    screenshot(page, "units-13-joined")
    assert Affiliation.objects.get(person=demo.applicant).unit == demo.unit2
    assert console_errors == []


def test_unit_pages_info_rename_and_seal(
    page, live_server, demo, screenshot, login_as, console_errors, tmp_path
):
    base = live_server.url
    login_as(demo.unit_account)
    page.goto(base + "/units/info/")
    assert page.locator("#id_county").input_value() == "450103"
    page.locator("#id_name").fill("南宁蓝海建设集团有限公司")
    page.get_by_role("button", name="保存", exact=True).click()
    assert page.get_by_text("单位信息已保存").is_visible()
    seal = tmp_path / "公章.png"
    seal.write_bytes(red_seal_png())
    page.locator("#id_seal").set_input_files(str(seal))
    page.get_by_role("button", name="上传公章").click()
    assert page.get_by_text("公章图片已保存").is_visible()
    assert page.locator("img.seal-preview").is_visible()
    screenshot(page, "units-14-unit-info")
    for name, path in (
        ("account", "/units/account/"),
        ("contacts", "/units/contacts/"),
    ):
        page.goto(base + path)
        screenshot(page, f"units-15-unit-{name}")
    assert console_errors == []


def test_unit_password_recovery_through_a_staff_member(
    page, live_server, demo, screenshot, console_errors
):
    base = live_server.url
    page.goto(base + "/units/login/")
    page.get_by_role("link", name="忘记密码？").click()
    choose_unit(page, "id_unit", "蓝海", "南宁蓝海工程有限公司")
    page.locator("#id_uscc").fill(demo.unit.uscc)
    page.locator("#id_captcha_1").fill("PASSED")
    screenshot(page, "units-16-recover-step1")
    page.get_by_role("button", name="下一步").click()
    page.locator("#id_staff").select_option(label="王*")
    page.locator("#id_id_number").fill("450103198803152345")
    screenshot(page, "units-17-recover-step2")
    page.get_by_role("button", name="发送验证码给工作人员").click()
    page.locator("#id_code").fill(last_code("13800000003"))
    page.get_by_role("button", name="确定").click()
    page.locator("#id_password1").fill(UNIT_PASSWORD)
    page.locator("#id_password2").fill(UNIT_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    assert page.get_by_text(re.compile("密码已重置")).is_visible()
    screenshot(page, "units-18-recover-done")
    page.get_by_role("link", name="登录").last.click()
    page.locator("#id_login").fill(demo.unit.uscc)
    page.locator("#id_password").fill(UNIT_PASSWORD)
    page.locator("#id_captcha_1").fill("PASSED")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(base + "/")
    assert console_errors == []


def test_office_manages_department_staff(page, live_server, demo, screenshot, login_as):
    base = live_server.url
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(base + "/")
    page.get_by_role("link", name="主管部门人员").first.click()
    page.locator("#id_department").select_option(label="钦州市工业和信息化局")
    page.locator("#id_id_number").fill("450202198511203453")
    page.get_by_role("button", name="增加").click()
    assert page.get_by_text("李四 已成为 钦州市工业和信息化局 的工作人员").is_visible()
    screenshot(page, "units-19-department-staff")
