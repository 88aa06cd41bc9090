"""学历同步 and an unreachable registry, in a real browser, as 张三."""

import pytest
from playwright.sync_api import expect

from applications.models import Kind
from tests.applications.conftest import committee_setup, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evaluation(demo):
    from units.models import ReviewSession

    committee_setup(ReviewSession.objects.get(committee=demo.committee))
    return start(demo.applicant, Kind.EVALUATION, demo=demo)


def test_sync_choose_and_the_fallback(
    page, live_server, login_as, demo, evaluation, screenshot, console_errors, settings
):
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/applications/{evaluation.pk}/sections/education/")
    page.get_by_role("button", name="同步学历信息").click()
    records = page.locator(".registry-records")
    expect(records).to_contain_text("结构工程")
    expect(records).to_contain_text("学信网")
    page.get_by_label("土木工程").check()
    page.get_by_role("button", name="使用所选记录").click()
    rows = page.locator(".rows-table")
    expect(rows).to_contain_text("已核验（来源：学信网")
    expect(page.locator(".registry-records")).to_contain_text("已添加")
    page.wait_for_load_state("networkidle")
    screenshot(page, "registries-education-synced")

    settings.REGISTRY_LOCAL_UNAVAILABLE = ["vocational"]
    page.goto(f"{live_server.url}/applications/{evaluation.pk}/sections/titles_skills/")
    page.get_by_role("button", name="同步省职业资格证书信息").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "职业资格证书信息系统暂时无法访问，请手动添加证书信息并上传证书扫描件"
    )
    page.get_by_role("link", name="添加").first.wait_for()
    page.wait_for_load_state("networkidle")
    screenshot(page, "registries-vocational-unavailable")
    assert console_errors == []
