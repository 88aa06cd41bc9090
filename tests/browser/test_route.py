"""A review route configured as data, clicked through in a real browser: the demo's
广西流动人员职改办 route takes an application of 钦州海湾科技 through its competent department
(钦州市工信局), the department above it (自治区工信厅) and the city office (钦州市职改办)
before the office itself; the office returns it to the second department and later to the
applicant."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from applications.models import ActionLog, Kind, Status
from tests.factories import ApplicationFactory, PersonFactory, add_sections
from titleportal import demo as demo_data
from units.models import Department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def route_people(demo):
    demo_data.seed_routes()
    people = {
        spec.key: User.objects.get(id_number=spec.id_number) for spec in demo_data.ROUTE_PEOPLE
    }
    return people["dept_staff2"], people["city_office_staff"]


def test_two_departments_and_a_city_office_before_the_provincial_office(
    page, live_server, demo, login_as, route_people, screenshot
):
    dept2_staff, city_staff = route_people
    province = Department.objects.get(name=demo_data.DEPARTMENT_PROVINCE)
    applicant = PersonFactory(full_name="韦海湾", unit=demo.unit2)
    app = ApplicationFactory(
        applicant=applicant,
        unit=demo.unit2,
        office=demo.office,
        kind=Kind.RECOGNITION,
        opinions=True,
    )
    add_sections(app)
    assert [step.label for step in app.steps.order_by("position")] == [
        "单位",
        "主管部门",
        "上级主管部门",
        "市职改办",
        "区职改办",
    ]

    def forward_as(user, role):
        login_as(user, role=role)
        page.goto(f"{live_server.url}/reviews/queue/")
        expect(page.get_by_role("link", name="韦海湾")).to_be_visible()
        page.get_by_role("link", name="韦海湾").click()
        page.get_by_role("button", name="审核报送", exact=True).click()
        expect(page.get_by_text("已审核报送。")).to_be_visible()

    page.set_viewport_size({"width": 1440, "height": 900})
    forward_as(demo.staff2, f"unit_staff:{demo.unit2.pk}")
    forward_as(demo.dept_staff, f"department_staff:{demo.department.pk}")
    forward_as(dept2_staff, f"department_staff:{province.pk}")
    forward_as(city_staff, f"office_staff:{demo.office_qz.pk}")
    app.refresh_from_db()
    assert app.status == Status.OFFICE_REVIEW and app.current_step.label == "区职改办"

    # 孙八 at the provincial office returns it to the second department.
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/reviews/applications/{app.pk}/")
    screenshot(page, "route-provincial-office")
    targets = page.get_by_label("退回给").locator("option").all_inner_texts()
    assert any("上级主管部门" in text and province.name in text for text in targets), targets
    assert any("市职改办" in text for text in targets), targets
    page.get_by_label("退回给").select_option(label=f"上级主管部门 · {province.name}")
    page.locator("form[action$='/return/']").get_by_label("退回原因").fill("请核实单位推荐意见。")
    page.get_by_role("button", name="退回", exact=True).click()
    app.refresh_from_db()
    assert app.status == Status.DEPT_REVIEW and app.current_step.department == province

    # The second department sees it in its queue again and forwards it up once more.
    forward_as(dept2_staff, f"department_staff:{province.pk}")
    forward_as(city_staff, f"office_staff:{demo.office_qz.pk}")

    # This time 孙八 returns it to the applicant.
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(f"{live_server.url}/reviews/applications/{app.pk}/")
    page.get_by_label("退回给").select_option(label="申报人（退回修改）")
    page.locator("form[action$='/return/']").get_by_label("退回原因").fill("请补充继续教育证明。")
    page.get_by_role("button", name="退回", exact=True).click()
    app.refresh_from_db()
    assert app.status == Status.RETURNED and app.current_step is None

    # The applicant's progress names every level of the route and the return.
    login_as(applicant)
    page.goto(f"{live_server.url}/applications/{app.pk}/progress/")
    for label in ("市职改办审核", "上级主管部门审核", "区职改办审核"):
        expect(page.get_by_text(label).first).to_be_visible()
    screenshot(page, "route-applicant-progress")
    returns = ActionLog.objects.filter(application=app, action="application.returned")
    assert [entry.data.get("to_label") for entry in returns.order_by("pk")] == [
        "上级主管部门",
        None,
    ]
