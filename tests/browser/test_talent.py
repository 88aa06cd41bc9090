"""专技人才统计 in a real browser: the person files, the unit approves, the office counts."""

import pytest
from playwright.sync_api import expect

from talent.models import TalentRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filed_reviewed_and_counted(demo, page, live_server, login_as, screenshot, console_errors):
    login_as(demo.applicant, "applicant:")
    page.goto(f"{live_server.url}/talent/mine/")
    page.get_by_label("职称系列").select_option(index=1)
    page.get_by_label("职称层级").select_option(index=1)
    page.get_by_label("专业技术职务").fill("助理工程师")
    page.get_by_label("取得时间").fill("2020-06-01")
    page.get_by_label("从事专业").fill("土木工程")
    page.get_by_label("最高学历").select_option(index=3)
    page.get_by_role("button", name="确定并提交单位审核").click()
    expect(page.get_by_text("专技人才信息已提交至工作单位审核。")).to_be_visible()
    screenshot(page, "talent-mine")

    page.context.clear_cookies()
    login_as(demo.staff, f"unit_staff:{demo.unit.pk}")
    page.goto(f"{live_server.url}/talent/unit/")
    page.get_by_role("link", name=demo.applicant.full_name).click()
    screenshot(page, "talent-unit-detail")
    page.get_by_label("审核通过").check()
    page.get_by_role("button", name="保存审核结果").click()
    expect(page.get_by_text("审核结果已保存")).to_be_visible()
    assert TalentRecord.objects.get().status == TalentRecord.Status.APPROVED

    page.context.clear_cookies()
    login_as(demo.office_staff, f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/talent/statistics/")
    expect(page.locator("tfoot")).to_contain_text("1")
    screenshot(page, "talent-office-statistics")
    assert console_errors == []
