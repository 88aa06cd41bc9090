"""个人资料 in a real browser: a new applicant fills the profile once, and the applications of
two years start from it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application
from tests import files
from tests.factories import PersonFactory

from .test_applications import choose_catalogue, save, settled, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shots(page, screenshot, name):
    """The page at 1440 px and at 375 px (a phone)."""
    settled(page)
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, f"{name}-375")
    page.set_viewport_size({"width": 1440, "height": 900})


def add_row(page, link, fields):
    page.get_by_role("link", name=link).click()
    for label, value in fields:
        form = page.locator(".row-form")
        target = form.locator(label) if label.startswith("[") else form.get_by_label(label)
        if isinstance(value, tuple):
            target.select_option(label=value[0])
        else:
            target.fill(value)
    page.locator(".row-form").get_by_role("button", name="确定").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")


def start_evaluation(page, base, year, committee):
    page.goto(base + "/applications/list/evaluation/")
    page.get_by_role("link", name="我要申报").click()
    settled(page)
    if year != timezone.localdate().year:
        # The year refills the committees: let that answer come before the next choice, which
        # would otherwise replace (abort) it.
        with page.expect_response(lambda response: "/applications/start/" in response.url):
            page.get_by_label("申报年度").select_option(str(year))
    choose_catalogue(page)
    page.get_by_label(committee.name).check()
    page.get_by_role("button", name="立即申报").click()
    expect(page.get_by_role("heading", name="申报信息")).to_be_visible()


def test_profile_filled_once_prefills_applications_of_two_years(
    page, live_server, demo, login_as, screenshot, console_errors
):
    from units.models import ReviewSession

    # The committee's round of next year is open too (applications for next year's review).
    today = timezone.localdate()
    current = ReviewSession.objects.get(committee=demo.committee, year=today.year)
    ReviewSession.objects.create(
        committee=demo.committee,
        year=today.year + 1,
        opens_on=current.opens_on,
        applicant_first_deadline=current.applicant_first_deadline,
        applicant_revision_deadline=current.applicant_revision_deadline,
        unit_deadline=current.unit_deadline,
    )
    person = PersonFactory(unit=demo.unit, full_name="周新")
    login_as(person)
    base = live_server.url
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(base + "/")
    page.locator("nav").get_by_role("link", name="个人资料").first.click()
    expect(page.get_by_role("heading", name="个人资料")).to_be_visible()
    expect(page.locator("#profile-sections")).to_contain_text("学历信息")

    # 基本情况 with the 2-inch photo; a bad postcode is refused next to the field.
    page.locator("#profile-menu").get_by_role("link", name="基本情况").click()
    page.get_by_label("民族").select_option(label="壮族")
    page.get_by_label("政治面貌").select_option(label="群众")
    page.get_by_label("籍贯").fill("广西桂林")
    page.get_by_label("出生地").fill("桂林")
    page.get_by_label("邮政编码").fill("5410")
    page.get_by_label("参加工作时间").fill("2014-07-01")
    page.get_by_label("业绩综述").fill("负责桂林市多项道路工程设计。")
    page.locator("input[type=file][name=photo]").set_input_files(
        upload("photo.jpg", files.image_bytes("JPEG", size=(413, 579)))
    )
    save(page)
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.get_by_label("籍贯")).to_have_value("广西桂林")
    expect(page.locator(".stashed-file-input")).to_contain_text("已上传：photo.jpg")
    page.get_by_label("邮政编码").fill("541000")
    save(page)
    expect(page.locator(".alert-success")).to_contain_text("基本情况已保存")
    expect(page.locator("#profile-photo")).to_be_visible()
    shots(page, screenshot, "profile-basic-info")

    page.locator("#profile-menu").get_by_role("link", name="学历信息").click()
    add_row(
        page,
        "添加学历信息",
        [
            ("入学时间", "2010-09-01"),
            ("毕业时间", "2014-06-30"),
            ("毕业院校", "桂林理工大学"),
            ("所学专业", "道路与桥梁工程"),
            ("[name=education]", ("大学本科",)),
            ("[name=degree]", ("学士",)),
            ("学制", ("四年",)),
            ("是否工作前学历", ("是",)),
        ],
    )
    page.locator("#profile-menu").get_by_role("link", name="工作经历").click()
    add_row(
        page,
        "添加工作经历",
        [
            ("开始时间", "2014-07-01"),
            ("工作单位(学校)", "南宁蓝海工程有限公司"),
            ("工作内容", "道路设计"),
        ],
    )
    page.locator("#profile-menu").get_by_role("link", name="考核情况").click()
    add_row(page, "添加考核情况", [("考核年度", str(today.year - 1)), ("考核结果", ("优秀",))])
    expect(page.locator(".rows-table")).to_contain_text("优秀")
    shots(page, screenshot, "profile-rows")
    page.locator("#profile-menu").get_by_role("link", name="概览").click()
    expect(page.locator("#profile-sections")).to_contain_text("1 条")
    shots(page, screenshot, "profile-overview")

    # Two applications of two years, both filled from the profile.
    for year in (today.year, today.year + 1):
        start_evaluation(page, base, year, demo.committee)
        application = Application.objects.get(applicant=person, year=year)
        page.goto(base + f"/applications/{application.pk}/sections/basic_info/")
        expect(page.get_by_label("籍贯")).to_have_value("广西桂林")
        expect(page.get_by_label("邮政编码")).to_have_value("541000")
        expect(page.locator("#basic-info-photo")).to_be_visible()
        page.locator("#section-menu").get_by_role("link", name="学历信息").click()
        expect(page.locator(".rows-table")).to_contain_text("桂林理工大学")
        page.locator("#section-menu").get_by_role("link", name="考核情况").click()
        expect(page.locator(".rows-table")).to_contain_text("优秀")
    shots(page, screenshot, "profile-prefilled-appraisals")

    # A change in the second application goes back to the profile with one click.
    page.locator("#section-menu").get_by_role("link", name="工作经历").click()
    page.locator(".rows-table tbody tr").first.get_by_role("link", name="编辑").click()
    page.get_by_label("行政职务").fill("设计室主任")
    page.locator(".row-form").get_by_role("button", name="确定").click()
    expect(page.locator(".rows-table")).to_contain_text("设计室主任")
    page.get_by_role("button", name="保存到个人资料").click()
    expect(page.locator(".alert-success")).to_contain_text("工作经历已保存到个人资料")
    shots(page, screenshot, "profile-save-back")
    page.goto(base + "/applications/profile/work_history/")
    expect(page.locator(".rows-table")).to_contain_text("设计室主任")
    assert console_errors == [], console_errors
