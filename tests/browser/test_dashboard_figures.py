"""The office's statistics in a real browser at desktop and phone widths: every chart drawn
beside its table (units, regions, working days, what is overdue, the deadline burn-down), the
.xlsx with the same figures; the office's own download area and the applicant's 报表下载."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import ApplicationFactory
from tests.files import pdf
from units.models import ReviewSession

pytestmark = pytest.mark.browser

CHARTS = ("status", "unit", "region", "time", "overdue", "burn_down")


@pytest.fixture
def figures(demo):
    session = ReviewSession.objects.get(committee=demo.committee, year=demo_year())
    made = []
    for person, unit in (
        (demo.applicant, demo.unit),
        (demo.applicant2, demo.unit),
        (demo.staff2, demo.unit2),
    ):
        made.append(
            ApplicationFactory(
                applicant=person,
                unit=unit,
                office=demo.office,
                review_session=session,
                at_office=True,
            )
        )
    return made


def demo_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _table_rows(page, key: str) -> list[list[str]]:
    return page.locator(f'[data-table="{key}"] tbody tr').evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )


@pytest.mark.parametrize("width", [1440, 375])
def test_office_dashboard_draws_every_figure_beside_its_table(
    page, live_server, demo, login_as, figures, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/reviews/dashboard/")

    for key in CHARTS:
        expect(page.locator(f'[data-chart="{key}"] canvas').first).to_be_attached()
    units = {row[0]: row[1] for row in _table_rows(page, "unit")}
    assert units == {demo.unit.name: "2", demo.unit2.name: "1"}
    screenshot(page, f"office-dashboard-{width}")
    if width != 1440:
        return
    burn_down = _table_rows(page, "burn_down")
    with page.expect_download() as download_info:
        page.locator("#dashboard-xlsx").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    sheet = next(s for s in workbook.worksheets if "每日提交" in s.title)
    rows = [[str(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == burn_down
    page.locator("#overdue-link").click()
    expect(page.locator("#overdue-list")).to_be_visible()
    # The home page shows the same overdue counts, linked to the list.
    page.goto(f"{live_server.url}/")
    expect(page.locator("#scope-overdue")).to_contain_text("单位报送截止日期前未报送")
    screenshot(page, "office-home-overdue")


def test_office_publishes_a_download_and_the_applicant_finds_their_forms(
    page, live_server, demo, login_as, figures, screenshot, tmp_path
):
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/reviews/office/downloads/")
    page.locator("#id_title").fill("职称评审表（职改办）")
    page.locator("#id_category").select_option("form")
    upload = pdf(name="评审表.pdf")
    path = tmp_path / "评审表.pdf"
    path.write_bytes(upload.read())
    page.locator('input[type="file"]').set_input_files(str(path))
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator("#office-downloads")).to_contain_text("职称评审表（职改办）")
    screenshot(page, "office-downloads")

    page.context.clear_cookies()
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/reviews/my-reports/")
    expect(page.locator("#my-reports")).to_contain_text("评审表（PDF）")
    screenshot(page, "applicant-my-reports")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "applicant-my-reports-375")
