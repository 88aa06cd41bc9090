"""The organisations at work, in a real browser: the office's statistics against its queue, a
committee's defence notice read by the applicant, and a complaint answered by the office."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from applications.models import Kind
from reference.models import Series
from tests.factories import ApplicationFactory
from units.models import ReviewSession

pytestmark = pytest.mark.browser


@pytest.fixture
def at_office(demo):
    """Applications that reached 孙八's office: three engineering, one of another series."""
    engineering = Series.objects.get(code="engineering")
    made = [
        ApplicationFactory(applicant=person, unit=demo.unit, office=demo.office, at_office=True)
        for person in (demo.applicant, demo.applicant2)
    ]
    made.append(
        ApplicationFactory(applicant=demo.staff, unit=demo.unit, office=demo.office, at_office=True)
    )
    assert all(app.series == engineering for app in made)
    return engineering


def _queue_count(page) -> int:
    text = page.locator("text=/共 \\d+ 条申报/").first.inner_text()
    return int(re.search(r"共 (\d+) 条申报", text).group(1))


def test_office_statistics_match_its_queue(
    page, live_server, demo, login_as, at_office, screenshot
):
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/reviews/dashboard/")
    page.locator("#id_series").select_option(str(at_office.pk))
    page.get_by_role("button", name="查询").click()
    total_text = page.locator(".dashboard-total").inner_text()
    total = int(re.search(rf"{year}\D*?(\d+)", total_text).group(1))
    screenshot(page, "office-dashboard-series")
    with page.expect_download() as download_info:
        page.locator("#dashboard-xlsx").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    by_state = workbook["申报状态分布"]
    rows = list(by_state.iter_rows(min_row=2, values_only=True))
    assert sum(row[1] for row in rows) == total
    page.goto(f"{live_server.url}/reviews/queue/?status=all&year={year}&series={at_office.pk}")
    assert _queue_count(page) == total == 3


def test_committee_sends_a_defence_notice_and_the_applicant_reads_it(
    page, live_server, demo, login_as
):
    session = ReviewSession.objects.get(committee=demo.committee)
    mine = ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit,
        office=demo.office,
        committee=demo.committee,
        review_session=session,
        kind=Kind.EVALUATION,
        at_committee=True,
    )
    login_as(demo.committee_staff, role=f"committee_staff:{demo.committee.pk}")
    page.goto(f"{live_server.url}/reviews/outbox/new/")
    page.locator(f"#app-{mine.pk}").check()
    message = page.locator("form").filter(has=page.get_by_role("button", name="发送"))
    message.get_by_label("类型").select_option(label="答辩通知")
    message.get_by_label("标题").fill("中级职称答辩安排")
    message.get_by_label("内容").fill(
        "12月10日上午9:00在南宁市民族大道100号答辩，请携带身份证和学历证书原件。"
    )
    message.get_by_label("同时发送短信").check()
    message.get_by_role("button", name="发送").click()
    assert page.get_by_text("1").first.is_visible()
    assert page.get_by_text("中级职称答辩安排").first.is_visible()

    page.context.clear_cookies()
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/messages/")
    notice = page.get_by_role("button", name=re.compile("中级职称答辩安排"))
    expect(notice).to_contain_text("请携带身份证和学历证书原件")
    expect(notice).to_contain_text("未读")
    notice.click()  # opening it marks it read and leads to what it is about
    page.goto(f"{live_server.url}/messages/")
    expect(page.get_by_role("button", name=re.compile("中级职称答辩安排"))).to_contain_text("已读")


def test_applicant_complains_and_reads_the_offices_answer(page, live_server, demo, login_as):
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/reviews/feedback/new/")
    page.get_by_label("类型").select_option(label="投诉")
    page.get_by_label("受理职改办").select_option(label=demo.office.name)
    page.get_by_label("标题").fill("单位审核超时")
    page.get_by_label("内容").fill("提交两周仍未审核。")
    page.get_by_role("button", name="发送").click()
    assert page.get_by_text("单位审核超时").first.is_visible()

    page.context.clear_cookies()
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/reviews/office/feedback/")
    page.get_by_role("link", name=re.compile("单位审核超时")).first.click()
    page.get_by_label("答复").fill("已督促单位于三个工作日内办理。")
    page.get_by_role("button", name="发送答复").click()

    page.context.clear_cookies()
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/messages/")
    answer = page.get_by_role("button", name=re.compile("单位审核超时|答复")).first
    answer.click()
    expect(page.get_by_text("已督促单位于三个工作日内办理。").first).to_be_visible()
