"""The applicant's journey in a real browser, as 张三 of the demo data."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from applications.models import Application, Kind, Status, VoidNotice
from tests import files
from tests.applications.conftest import committee_setup, return_to_applicant
from titleportal.workdays import add_working_days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(name, data, mime="image/jpeg"):
    return {"name": name, "mimeType": mime, "buffer": data}


def choose_catalogue(page, *, level="中级"):
    page.get_by_label("申报系列").select_option(label="工程系列")
    expect(page.get_by_label("申报层级")).to_contain_text(level)
    page.get_by_label("申报层级").select_option(label=level)
    expect(page.get_by_label("拟申报资格名称")).to_contain_text("工程师")
    page.get_by_label("拟申报资格名称").select_option(index=1)
    page.get_by_label("申报专业").select_option(index=1)


def save(page):
    page.get_by_role("button", name="保存", exact=True).click()


def fill_basic_info(page):
    page.get_by_label("民族").select_option(label="壮族")
    page.get_by_label("政治面貌").select_option(label="群众")
    page.get_by_label("籍贯").fill("广西南宁")
    page.get_by_label("出生地").fill("南宁")
    page.get_by_label("参加工作时间").fill("2012-07-01")
    # A PNG phone photo: converted to JPG on the server, and the result is shown.
    page.locator("input[type=file][name=photo]").set_input_files(
        upload("IMG_0001.png", files.image_bytes("PNG", size=(600, 800)), "image/png")
    )


def fill_summary(page, text):
    editor = page.locator("#summary-editor .ql-editor")
    editor.click()
    page.keyboard.type(text)
    expect(page.locator("#summary-count")).to_contain_text(f"当前已输入{len(text)}个字符")
    expect(page.locator("#summary-count")).to_contain_text(f"您还可以输入{700 - len(text)}个字符")


def upload_materials(page, materials):
    """Upload ``count`` files into the row of each material key."""
    for key, count in materials:
        for index in range(count):
            form = page.locator(f"#material-{key} form.material-upload")
            form.locator("input[type=file]").set_input_files(
                upload(f"{key}{index}.jpg", files.image_bytes("JPEG"))
            )
            form.get_by_role("button", name="上传").click()
            expect(page.locator(".alert-success")).to_contain_text("已上传")


def test_recognition_from_start_to_submitted(
    page, live_server, demo, login_as, screenshot, console_errors
):
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/applications/list/recognition/")
    page.get_by_role("link", name="我要申报").click()
    choose_catalogue(page)
    page.get_by_label("报送职改办").select_option(label="广西流动人员职称改革办公室")
    screenshot(page, "applications-start-recognition")
    page.get_by_role("button", name="立即申报").click()

    expect(page.get_by_role("heading", name="申报信息")).to_be_visible()
    page.get_by_label("最高学历").select_option(label="大学本科")
    page.get_by_label("毕业院校").fill("广西大学")
    page.get_by_label("所学专业").fill("土木工程")
    page.get_by_label("毕业时间").fill("2012-06-30")
    page.get_by_label("现从事专业技术工作").fill("结构设计")
    page.get_by_label("联系电话").fill("0771-5500001")
    save(page)

    expect(page.get_by_role("heading", name="基本情况")).to_be_visible()
    expect(page.locator("#section-menu .section-tick")).to_have_count(1)
    # A required field left empty: the message is next to the field and the photo is kept.
    fill_basic_info(page)
    page.get_by_label("籍贯").fill("")
    save(page)
    expect(page.locator(".invalid-feedback, .invalid-feedback strong").first).to_be_visible()
    expect(page.locator(".stashed-file-input")).to_contain_text("转换为符合大小要求的 JPG 图片")
    page.get_by_label("籍贯").fill("广西南宁")
    screenshot(page, "applications-basic-info-desktop")
    save(page)

    expect(page.get_by_role("heading", name="工作小结")).to_be_visible()
    fill_summary(page, "本人大学本科毕业后从事结构设计工作，参与多个项目。")
    screenshot(page, "applications-work-summary")
    save(page)

    expect(page.get_by_role("heading", name="资料上传")).to_be_visible()
    upload_materials(page, [("id_card", 2), ("diploma", 1), ("probation_appraisal", 1)])
    screenshot(page, "applications-materials")
    page.get_by_role("link", name="审核报送").click()
    expect(page.locator(".promise-text")).to_contain_text(
        "本人承诺所提交的专业技术资格申报材料真实有效"
    )
    screenshot(page, "applications-submit")
    page.get_by_role("button", name="同意并报送").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "您的职称认定申报已成功提交，请等待单位工作人员审核。"
    )
    card = page.locator(".application-card").first
    expect(card).to_contain_text("单位受理中")
    expect(card.get_by_role("link", name="撤回")).to_be_visible()
    expect(card.get_by_role("link", name="废弃")).to_have_count(0)
    screenshot(page, "applications-list-submitted")
    application = Application.objects.get(applicant=demo.applicant)
    assert application.status == Status.UNIT_REVIEW
    assert application.basic_info.photo

    card.get_by_role("link", name="详情").click()
    expect(page.get_by_text("申报已报送，此时只能查看")).to_be_visible()
    screenshot(page, "applications-detail")
    page.get_by_role("link", name="进度").first.click()
    expect(page.locator(".progress-table")).to_contain_text("个人报送")
    expect(page.locator(".progress-table")).to_contain_text("受理中")
    screenshot(page, "applications-progress")
    assert console_errors == []
