"""Public information and the unit's people in a real browser: the committee directory, a
notice's attachment, 下载专区, 操作指南; the unit account removes a person from 单位用户.
Screenshots go to var/screenshots/organisations-*.png."""

import pytest
from playwright.sync_api import expect

from titleportal.models import Message
from units.models import Affiliation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(demo):
    from titleportal.demo import seed_notices, seed_open_session, seed_published_files

    seed_open_session(demo.committee)
    seed_notices()
    seed_published_files()
    return demo


def test_anonymous_visitor_browses_committees_and_downloads_a_notice_attachment(
    page, live_server, published, screenshot, console_errors
):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="评委会").click()
    expect(page.get_by_role("heading", name="评委会")).to_be_visible()
    row = page.locator("table.committee-directory tbody tr", has_text=published.committee.name)
    expect(row).to_contain_text("材料接收中")
    screenshot(page, "organisations-01-committees")
    row.get_by_role("link", name=published.committee.name).click()
    expect(page.locator("h1")).to_contain_text(published.committee.name)
    screenshot(page, "organisations-02-committee")

    nav = page.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="通知公告").click()
    nav.get_by_role("link", name="评审条件").click()
    expect(page.locator(".nav-pills").get_by_role("link", name="评审条件")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("link", name="工程系列中级职称评审条件（2026年修订）").click()
    expect(page.get_by_role("heading", name="附件")).to_be_visible()
    screenshot(page, "organisations-03-criteria")
    with page.expect_download() as info:
        page.get_by_role("link", name="工程系列中级职称评审条件.pdf").click()
    download = info.value
    assert download.suggested_filename == "工程系列中级职称评审条件.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="下载专区").click()
    expect(page.locator("table")).to_have_count(2)
    screenshot(page, "organisations-04-downloads")
    with page.expect_download() as info:
        page.locator("tr", has_text="基层单位考核推荐意见表").get_by_role("link").click()
    assert info.value.suggested_filename == "基层单位考核推荐意见表.xlsx"

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="操作指南").click()
    page.get_by_role("link", name="单位及单位经办人").first.click()
    expect(page.get_by_role("heading", name="单位及单位经办人操作指南")).to_be_visible()
    screenshot(page, "organisations-05-guide")
    assert console_errors == []


def test_unit_account_removes_a_person_who_does_not_belong(
    page, live_server, demo, login_as, screenshot, console_errors
):
    base = live_server.url
    login_as(demo.unit_account)
    old_key = demo.unit.key
    page.goto(base + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="单位用户").click()
    table = page.locator("table.unit-people")
    expect(table).to_contain_text(demo.applicant2.full_name)
    screenshot(page, "organisations-06-unit-people")
    table.locator("tr", has_text=demo.applicant2.full_name).get_by_role("link", name="移出").click()
    page.get_by_role("button", name="移出").click()  # without a reason
    expect(page.locator(".invalid-feedback, .text-danger").first).to_be_visible()
    page.get_by_label("原因").fill("非本单位职工，误用了单位秘钥")
    expect(page.get_by_label("同时生成新秘钥，使旧秘钥失效")).to_be_checked()
    screenshot(page, "organisations-07-remove")
    page.get_by_role("button", name="移出").click()
    expect(page.locator(".alert-success")).to_contain_text("已移出本单位")
    expect(page.locator("table.unit-people")).not_to_contain_text(demo.applicant2.full_name)
    screenshot(page, "organisations-08-removed")
    assert not Affiliation.objects.filter(person=demo.applicant2).exists()
    demo.unit.refresh_from_db()
    assert demo.unit.key != old_key
    message = Message.objects.get(recipient=demo.applicant2, event="units.person_removed")
    assert "误用了单位秘钥" in message.body
    assert console_errors == []
