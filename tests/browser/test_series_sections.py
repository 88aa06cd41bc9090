"""中小学教师信息 and 卫生技术信息 in a real browser: the form, then rows with attachments."""

import re

import pytest
from playwright.sync_api import expect

from tests import files
from tests.applications.test_series_sections import evaluation

from .test_applications import settled, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shot(screenshot):
    def take(page, name):
        settled(page)
        return screenshot(page, name)

    return take


def pdf(name):
    return upload(name, files.pdf_bytes(), "application/pdf")


def add_row(page, values: dict, selects: dict = (), attachment: str = ""):
    page.get_by_role("link", name=re.compile("^添加")).click()
    form = page.locator(".row-form")
    expect(form).to_be_visible()
    for name, value in values.items():
        form.locator(f"[name={name}]").fill(value)
    for name, label in dict(selects).items():
        form.locator(f"select[name={name}]").select_option(label=label)
    if attachment:
        form.locator("input[type=file]").set_input_files(pdf(attachment))
    form.get_by_role("button", name="确定").click()
    expect(page.locator(".row-form")).to_have_count(0)


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_teacher_lists_with_rows_and_attachments(
    page, live_server, demo, login_as, shot, console_errors
):
    teacher = evaluation(demo, "primary_secondary_teacher")
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/applications/{teacher.pk}/sections/teacher_info/")
    expect(page.get_by_role("heading", name="教育基本信息")).to_be_visible()
    for name, value in {
        "stage": "初中",
        "subject": "数学",
        "teaching_since": "2010-09-01",
        "social_posts": "市数学学会会员",
        "highest_education_on": "2010-06-30",
        "certificate_stage": "初级中学",
        "certificate_subject": "数学",
        "homework_and_visits": "每学期家访 20 户以上。",
    }.items():
        page.locator(f"#section-form [name={name}]").fill(value)
    page.locator("select[name=highest_education]").select_option(label="大学本科")
    page.locator("input[type=file][name=certificate_file]").set_input_files(pdf("教师资格证.pdf"))
    shot(page, "series-teacher-info-desktop")
    page.get_by_role("button", name="保存", exact=True).click()

    # Saved, on to the first list under it.
    expect(page.get_by_role("heading", name="从事学生思想政治工作经历及考核结果")).to_be_visible()
    add_row(
        page,
        {
            "started_on": "2018-09-01",
            "ended_on": "2021-07-10",
            "content": "担任初二（3）班班主任。",
            "effect": "班级获评市优秀班集体。",
        },
        {"result": "优秀"},
        attachment="优秀班集体证书.pdf",
    )
    table = page.locator(".rows-table")
    expect(table).to_contain_text("担任初二（3）班班主任。")
    expect(table).to_contain_text("优秀班集体证书.pdf")
    # An end before the start: a Chinese message, the typed text kept.
    page.get_by_role("link", name=re.compile("^添加")).click()
    form = page.locator(".row-form")
    form.locator("[name=started_on]").fill("2022-09-01")
    form.locator("[name=ended_on]").fill("2021-09-01")
    form.locator("[name=content]").fill("年级德育干事")
    form.get_by_role("button", name="确定").click()
    expect(page.locator(".row-form")).to_contain_text("结束时间不能早于开始时间。")
    expect(page.locator(".row-form [name=content]")).to_have_value("年级德育干事")
    shot(page, "series-teacher-row-error-desktop")
    page.locator(".row-form").get_by_role("link", name="取消").click()

    page.locator("#section-menu").get_by_role("link", name=re.compile("示范课")).click()
    add_row(
        page,
        {
            "given_on": "2022-11-18",
            "topic": "一次函数的图像与性质",
            "organiser": "南宁市教科所（市级）",
            "effect": "获市级优质课一等奖。",
        },
        {"lesson_type": "公开课"},
        attachment="公开课证明.pdf",
    )
    expect(page.locator(".rows-table")).to_contain_text("一次函数的图像与性质")
    shot(page, "series-teacher-lessons-desktop")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    fits(page, 375)
    shot(page, "series-teacher-lessons-phone")
    assert teacher.teacher_moral_education_rows.count() == 1
    assert teacher.attachments.filter(section="teacher_lessons").count() == 1
    assert console_errors == []


def test_health_information_with_assistance_letter_and_honours(
    page, live_server, demo, login_as, shot, console_errors
):
    doctor = evaluation(demo, "health", demo.applicant2)
    login_as(demo.applicant2)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/applications/{doctor.pk}/sections/health_info/")
    form = page.locator("#section-form")
    for name, label in {
        "institution_level": "三级甲等",
        "institution_nature": "公立",
        "is_exceptional": "否",
        "paired_support": "是",
        "support_type": "城市医院对口支援县级医院及基层医疗卫生机构",
        "aid_abroad": "否",
        "aid_tibet": "否",
        "aid_xinjiang": "否",
        "aid_liangshan": "是",
        "epidemic_category": "一线救治医务人员",
    }.items():
        form.locator(f"select[name={name}]").select_option(label=label)
    form.locator("[name=department_name]").fill("心血管内科")
    form.locator("[name=support_started_on]").fill("2021-03-01")
    form.locator("[name=supported_unit]").fill("隆安县人民医院")
    # The end of the assistance and the recommendation letter are still missing.
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("#section-form .invalid-feedback").first).to_be_visible()
    expect(page.locator("#section-form [name=supported_unit]")).to_have_value("隆安县人民医院")
    shot(page, "series-health-info-errors-desktop")
    form.locator("[name=support_ended_on]").fill("2022-02-28")
    form.locator("input[type=file][name=recommendation_letter]").set_input_files(pdf("推荐函.pdf"))
    form.locator("input[type=file][name=support_file]").set_input_files(pdf("对口支援证明.pdf"))
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.get_by_role("heading", name="荣誉情况")).to_be_visible()
    add_row(
        page,
        {
            "name": "南宁市优秀医师",
            "authority": "南宁市卫生健康委员会",
            "obtained_on": "2023-08-19",
        },
        attachment="优秀医师证书.pdf",
    )
    expect(page.locator(".rows-table")).to_contain_text("南宁市卫生健康委员会")
    shot(page, "series-health-honours-desktop")
    doctor.refresh_from_db()
    info = doctor.health_info
    assert info.aid_liangshan is True and info.recommendation_letter
    assert doctor.attachments.filter(section="health_honours").count() == 1

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/applications/{doctor.pk}/sections/health_info/")
    fits(page, 375)
    shot(page, "series-health-info-phone")
    assert console_errors == []
