"""The review workflow in a real browser, as each reviewing role of the demo data."""

import pytest
from playwright.sync_api import expect

from applications.models import ActionLog, Kind, Status
from tests.factories import ApplicationFactory, add_sections
from units.models import ReviewSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1440, "phone": 375}


@pytest.fixture
def make_application(demo):
    session = ReviewSession.objects.get(committee=demo.committee)

    def make(**kwargs):
        kwargs.setdefault("unit", demo.unit)
        kwargs.setdefault("office", demo.office)
        if kwargs.get("kind") == Kind.EVALUATION or kwargs.get("at_committee"):
            kwargs.setdefault("committee", demo.committee)
            kwargs.setdefault("review_session", session)
        return ApplicationFactory(**kwargs)

    return make


@pytest.fixture
def shoot(page, screenshot):
    """Screenshots of the current page at desktop and phone width; nothing overflows sideways."""

    def take(name: str):
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            screenshot(page, f"reviews-{name}-{label}")
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    return take


def open_application(page, live_server, app):
    page.goto(f"{live_server.url}/reviews/applications/{app.pk}/")


def test_unit_staff_forwards_returns_and_rejects(
    page, live_server, demo, login_as, make_application, shoot, console_errors
):
    forward_me = make_application(applicant=demo.applicant, kind=Kind.EVALUATION)
    return_me = make_application(applicant=demo.applicant2, kind=Kind.RECOGNITION)
    reject_me = make_application(kind=Kind.RECONFIRMATION)
    login_as(demo.staff, role=f"unit_staff:{demo.unit.pk}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    page.goto(live_server.url + "/reviews/queue/")
    assert page.get_by_role("heading", name="待办事项").is_visible()
    assert page.locator(".queue-table tbody tr").count() == 3
    nav_badge = page.locator("#portal-nav .badge").first
    assert nav_badge.inner_text().strip().startswith("3")
    shoot("unit-queue")

    # 王五 opens 张三's evaluation, fills the unit opinions and forwards it to the office.
    page.get_by_role("link", name="张三").click()
    page.get_by_label("基层单位考核推荐意见").fill("该同志考核合格，同意推荐。")
    page.get_by_label("任职期满考核结果").fill("任职期满考核合格。")
    page.get_by_label("公示情况").fill("已在本单位公示5个工作日，无异议。")
    page.get_by_label("单位审议小组审议推荐意见").fill("审议小组同意推荐。")
    page.get_by_label("单位负责人").fill("陈海")
    page.get_by_role("button", name="保存单位意见").click()
    assert page.get_by_text("单位意见已保存。").is_visible()
    shoot("unit-detail")
    page.get_by_role("combobox", name="报送人事主管部门（职改办）").select_option(
        label=demo.office.name
    )
    page.get_by_role("button", name="审核报送", exact=True).click()
    assert page.get_by_text("已审核报送。").is_visible()
    assert page.locator(".timeline-table").get_by_text("单位审核报送").is_visible()
    forward_me.refresh_from_db()
    assert forward_me.status == Status.OFFICE_REVIEW

    # 王五 returns 李四's recognition, naming the work summary.
    open_application(page, live_server, return_me)
    page.get_by_label("退回原因").fill("工作小结过于简略，请补充近五年主要业绩。")
    page.get_by_role("checkbox", name="工作小结").check()
    page.get_by_role("button", name="退回", exact=True).click()
    assert page.get_by_text("已退回。").is_visible()
    assert page.locator(".timeline-table").get_by_text("需修改的栏目： 工作小结").is_visible()
    row = ActionLog.objects.get(application=return_me, action="application.returned")
    assert row.data["sections"] == ["work_summary"]

    # … and rejects the third after confirming.
    open_application(page, live_server, reject_me)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_label("审核不通过的原因").fill("不符合重新确认条件。")
    page.get_by_role("button", name="审核不通过", exact=True).click()
    assert page.get_by_text("已审核不通过。").is_visible()
    reject_me.refresh_from_db()
    assert reject_me.status == Status.REJECTED

    page.goto(live_server.url + "/reviews/records/")
    assert page.get_by_role("cell", name="单位填写基层单位考核推荐意见").first.is_visible()
    shoot("unit-records")
    assert console_errors == []


def test_batch_forward_shows_a_result_per_row(
    page, live_server, demo, login_as, make_application, console_errors
):
    ready = make_application(applicant=demo.applicant, opinions=True)
    not_ready = make_application(applicant=demo.applicant2)
    login_as(demo.staff, role=f"unit_staff:{demo.unit.pk}")
    page.goto(live_server.url + "/reviews/queue/")
    page.get_by_label("全选本页", exact=True).check()
    page.get_by_role("button", name="对选中项执行").click()
    results = page.locator(".batch-results li")
    assert results.count() == 2
    assert "已报送" in results.filter(has_text="张三").inner_text()
    assert "请先填写单位意见" in results.filter(has_text="李四").inner_text()
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, not_ready.status) == (Status.OFFICE_REVIEW, Status.UNIT_REVIEW)
    assert console_errors == []


def test_department_forwards_to_the_office(
    page, live_server, demo, login_as, make_application, shoot, console_errors
):
    app = make_application(applicant=demo.staff2, unit=demo.unit2, at_department=True)
    other_unit_app = make_application(applicant=demo.applicant)
    login_as(demo.dept_staff, role=f"department_staff:{demo.department.pk}")
    page.goto(live_server.url + "/reviews/queue/")
    assert page.locator(".queue-table tbody tr").count() == 1
    shoot("department-queue")
    page.get_by_role("link", name="赵六").click()
    shoot("department-detail")
    page.get_by_label("审核意见").first.fill("同意报送。")
    page.get_by_role("button", name="审核报送", exact=True).click()
    assert page.get_by_text("已审核报送。").is_visible()
    app.refresh_from_db()
    assert app.status == Status.OFFICE_REVIEW
    # nothing of the first unit is visible at the department
    response = page.goto(f"{live_server.url}/reviews/applications/{other_unit_app.pk}/")
    assert response.status == 404
    page.goto(live_server.url + "/reviews/records/")
    # The plain 404 page has no icon link, so the browser also asked for /favicon.ico.
    console_errors.clear()
    shoot("department-records")
    assert console_errors == []


def test_other_unit_sees_nothing_of_the_first(
    page, live_server, demo, login_as, make_application, console_errors
):
    app = make_application(applicant=demo.applicant)
    login_as(demo.staff2, role=f"unit_staff:{demo.unit2.pk}")
    page.goto(live_server.url + "/reviews/queue/?status=all")
    assert page.locator(".queue-table tbody tr").count() == 1  # the "nothing here" row
    assert "张三" not in page.content()
    assert page.goto(f"{live_server.url}/reviews/applications/{app.pk}/").status == 404


def test_office_approves_a_recognition_and_forwards_an_evaluation(
    page, live_server, demo, login_as, make_application, shoot, console_errors
):
    recognition = make_application(applicant=demo.applicant, at_office=True)
    evaluation = make_application(applicant=demo.applicant2, kind=Kind.EVALUATION, at_office=True)
    add_sections(evaluation, rows=2)
    make_application(kind=Kind.EVALUATION)  # still at the unit: not the office's business
    login_as(demo.office_staff, role=f"office_staff:{demo.office.pk}")
    page.goto(live_server.url + "/reviews/queue/")
    assert page.locator(".queue-table tbody tr").count() == 2
    shoot("office-queue")

    open_application(page, live_server, recognition)
    shoot("office-detail")
    page.get_by_role("button", name="审核通过", exact=True).click()
    assert page.get_by_text("已审核通过。").is_visible()

    open_application(page, live_server, evaluation)
    # every section read-only, attachments previewed inline through the permission-checked views
    assert page.locator("#detail-education").get_by_text("广西大学0").is_visible()
    scan = page.locator("#detail-education img.file-preview-image").first
    scan.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=scan.element_handle())
    paper = page.locator("#detail-achievements details.file-preview-pdf").first
    paper.locator("summary").click()
    assert paper.locator("iframe").is_visible()
    page.get_by_role("button", name="审核报送", exact=True).click()
    assert page.get_by_text("已审核报送。").is_visible()
    recognition.refresh_from_db()
    evaluation.refresh_from_db()
    assert (recognition.status, evaluation.status) == (Status.APPROVED, Status.COMMITTEE_REVIEW)
    page.goto(live_server.url + "/reviews/records/")
    shoot("office-records")
    assert console_errors == []


def test_committee_accepts_and_records_a_result(
    page, live_server, demo, login_as, make_application, shoot, console_errors
):
    app = make_application(applicant=demo.applicant, at_committee=True)
    login_as(demo.committee_staff, role=f"committee_staff:{demo.committee.pk}")
    page.goto(live_server.url + "/reviews/queue/")
    shoot("committee-queue")
    page.get_by_role("link", name="张三").click()
    page.get_by_role("button", name="受理", exact=True).click()
    assert page.get_by_text("已受理。").is_visible()
    shoot("committee-detail")
    page.get_by_role("button", name="通过", exact=True).click()
    app.refresh_from_db()
    assert app.status == Status.APPROVED

    page.get_by_role("link", name="评审活动").first.click()
    page.get_by_role("link", name=str(app.year)).click()
    shoot("committee-session")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.get_by_role("button", name="发布评审结果公示").click()
    expect(page.get_by_text("评审结果公示至").first).to_be_visible()
    assert questions and "1" in questions[0]  # it asked, with the number of passed applicants
    page.goto(live_server.url + "/reviews/records/")
    shoot("committee-records")
    page.goto(live_server.url + "/reviews/publicity/")
    page.get_by_role("link", name=demo.committee.name).click()
    assert page.get_by_role("cell", name="张三").is_visible()
    shoot("public-publicity")
    assert console_errors == []


def test_return_naming_a_section_then_the_reviewer_sees_the_change(
    page, live_server, demo, login_as, shoot, console_errors
):
    from tests.applications.conftest import complete_recognition, start, submitted

    app = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    # 王五 returns 张三's recognition, naming the work summary.
    login_as(demo.staff, role=f"unit_staff:{demo.unit.pk}")
    open_application(page, live_server, app)
    page.get_by_label("退回原因").fill("工作小结过于简略，请补充近五年主要业绩。")
    page.get_by_role("checkbox", name="工作小结").check()
    page.get_by_role("button", name="退回", exact=True).click()
    assert page.get_by_text("已退回。").is_visible()

    # 张三 rewrites the work summary and submits again.
    login_as(demo.applicant)
    page.goto(f"{live_server.url}/applications/{app.pk}/sections/work_summary/")
    editor = page.locator("#summary-editor .ql-editor")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("近五年主持完成三项市政桥梁结构设计。")
    page.get_by_role("button", name="保存", exact=True).click()
    page.goto(f"{live_server.url}/applications/{app.pk}/submit/")
    page.get_by_role("button", name="同意并报送").click()
    assert page.locator(".alert-success").first.is_visible()
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW

    # 王五 sees what changed, the named section highlighted.
    login_as(demo.staff, role=f"unit_staff:{demo.unit.pk}")
    open_application(page, live_server, app)
    changes = page.locator("#changes-since-return")
    named = changes.locator(".change-named")
    assert named.count() == 1
    assert "工作小结" in named.inner_text() and "退回时指出需修改" in named.inner_text()
    assert "已修改" in named.inner_text()
    assert "近五年主持完成三项市政桥梁结构设计" in named.locator("ins, .change-after").inner_text()
    card = page.locator("#detail-work_summary")
    assert "section-named" in card.get_attribute("class")
    assert card.get_by_text("自退回以来已修改").is_visible()
    shoot("unit-changes-since-return")
    assert console_errors == []


def test_committee_manages_required_materials_and_achievement_templates(
    page, live_server, demo, login_as, shoot, console_errors
):
    from units.models import AchievementTemplate, RequiredMaterial

    session = ReviewSession.objects.get(committee=demo.committee)
    login_as(demo.committee_staff, role=f"committee_staff:{demo.committee.pk}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(f"{live_server.url}/reviews/sessions/{session.pk}/")
    page.get_by_role("link", name="需求材料与业绩成果模板").click()
    page.get_by_role("link", name="添加需求材料").click()
    page.get_by_label("材料名称").fill("单位推荐函")
    page.get_by_label("材料类型").select_option(label="PDF文件")
    page.get_by_label("最大材料大小（M）").fill("50")
    page.get_by_role("button", name="保存").click()
    # too large: the message next to the field, what was typed kept
    assert page.get_by_text("请填写0.1至30之间的大小（M）。").is_visible()
    assert page.get_by_label("材料名称").input_value() == "单位推荐函"
    page.get_by_label("最大材料大小（M）").fill("5")
    page.get_by_role("button", name="保存").click()
    assert page.get_by_text("需求材料已保存。").is_visible()
    assert page.locator("#required-materials").get_by_text("单位推荐函").is_visible()

    page.get_by_role("link", name="添加业绩成果模板").click()
    page.get_by_label("政策条目").fill("任现职以来，主持完成市级以上工程项目1项以上。")
    page.get_by_label("业绩成果模板类型").select_option(label="项目课题")
    page.get_by_role("button", name="保存").click()
    assert (
        page.locator("#achievement-templates").get_by_text("主持完成市级以上工程项目").is_visible()
    )
    shoot("committee-requirements")

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#achievement-templates").get_by_role("button", name="删除").click()
    assert page.get_by_text("业绩成果模板已删除。").is_visible()
    assert RequiredMaterial.objects.filter(review_session=session, name="单位推荐函").exists()
    assert not AchievementTemplate.objects.filter(review_session=session).exists()
    assert console_errors == []


def test_a_wrong_filter_says_why_under_it_and_keeps_what_was_typed(
    page, live_server, demo, login_as, make_application, screenshot, console_errors
):
    make_application(applicant=demo.applicant)
    login_as(demo.staff, role=f"unit_staff:{demo.unit.pk}")
    page.goto(live_server.url + "/reviews/queue/?status=all")
    page.fill("#id_year", "1999")  # before any application year
    page.fill("#id_q", "张三")
    page.select_option("#id_kind", "evaluation")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#id_year_error")).to_contain_text("2000")
    expect(page.locator("#id_year")).to_have_value("1999")
    expect(page.locator("#id_q")).to_have_value("张三")
    expect(page.locator("#id_kind")).to_have_value("evaluation")
    assert page.locator("#id_year").get_attribute("aria-describedby") == "id_year_error"
    screenshot(page, "reviews-unit-queue-wrong-filter-desktop")
    assert console_errors == []
