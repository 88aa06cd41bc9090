"""The applicant's journey in a real browser, as 张三 of the demo data."""

import datetime

import pytest
from playwright.sync_api import expect

from applications.models import Application, Status, VoidNotice
from reference.workdays import add_working_days
from tests import files
from tests.applications.conftest import committee_setup, return_to_applicant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screenshot(screenshot):
    """Screenshots once images and htmx requests have finished."""

    def take(page, name):
        settled(page)
        return screenshot(page, name)

    return take


def settled(page):
    """Wait until the browser is idle, so the test reads what the last request wrote."""
    page.wait_for_load_state("networkidle")


def upload(name, data, mime="image/jpeg"):
    return {"name": name, "mimeType": mime, "buffer": data}


def choose_catalogue(page, *, level="中级", qualification="拟申报资格名称", specialty="申报专业"):
    # The lists below the series are refilled by htmx: a choice made before the page's
    # scripts have run would change nothing, so wait for the page to finish loading.
    settled(page)
    page.get_by_label("申报系列").select_option(label="工程系列")
    expect(page.get_by_label("申报层级")).to_contain_text(level)
    page.get_by_label("申报层级").select_option(label=level)
    expect(page.get_by_label(qualification)).to_contain_text("工程师")
    page.get_by_label(qualification).select_option(index=1)
    page.get_by_label(specialty).select_option(index=1)


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
    settled(page)
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


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_reconfirmation_with_own_specialty_and_office_change(
    page, live_server, demo, login_as, screenshot, console_errors
):
    login_as(demo.applicant)
    page.goto(live_server.url + "/applications/list/reconfirmation/")
    page.get_by_role("link", name="我要申报").click()
    choose_catalogue(page)
    page.get_by_label("报送职改办").select_option(label="广西流动人员职称改革办公室")
    page.get_by_role("button", name="立即申报").click()
    expect(page.get_by_role("heading", name="申报信息")).to_be_visible()
    page.get_by_label("自定义专业", exact=True).check()
    page.get_by_label("自定义专业名称").fill("装配式建筑结构")
    page.get_by_label("原专业技术资格名称").fill("工程系列/中级/工程师")
    page.get_by_label("原专业名称").fill("结构工程")
    page.get_by_label("个人身份性质").select_option(label="企业人员")
    page.get_by_label("联系电话").fill("13800000001")
    save(page)
    fill_basic_info(page)
    save(page)
    fill_summary(page, "调入新单位后继续从事结构设计。")
    save(page)
    upload_materials(page, [("id_card", 2), ("original_certificate", 1), ("employment_proof", 1)])
    settled(page)
    application = Application.objects.get(applicant=demo.applicant, kind="reconfirmation")
    assert application.custom_specialty == "装配式建筑结构"

    # 报送职改办: change the office while it is a draft.
    page.goto(live_server.url + "/applications/list/reconfirmation/")
    page.get_by_role("link", name="报送职改办").click()
    page.get_by_label("报送职改办").select_option(label="钦州市职称改革工作领导小组办公室")
    screenshot(page, "applications-change-office")
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".application-card")).to_contain_text("钦州市职称改革工作领导小组办公室")

    page.goto(live_server.url + f"/applications/{application.pk}/submit/")
    page.get_by_role("button", name="同意并报送").click()
    expect(page.locator(".alert-success")).to_contain_text("您的重新确认申报已成功提交")
    settled(page)
    application.refresh_from_db()
    assert application.status == Status.UNIT_REVIEW and application.office == demo.office_qz
    assert console_errors == []


def test_replacement_is_blocked_during_publicity_and_submits_after(
    page, live_server, demo, login_as, screenshot, console_errors
):
    login_as(demo.applicant)
    page.goto(live_server.url + "/applications/list/replacement/")
    page.get_by_role("link", name="我要申报").click()
    choose_catalogue(page, qualification="原专业技术资格名称", specialty="原专业名称")
    page.get_by_label("报送职改办").select_option(label="广西流动人员职称改革办公室")
    page.get_by_role("button", name="立即申报").click()

    page.get_by_label("原证书编号").fill("2016014５")  # a full-width digit is refused
    page.get_by_label("批准机关（授予单位）").fill("广西流动人员职称改革办公室")
    page.get_by_label("授予时间").fill("2016-07-01")
    page.get_by_label("联系电话").fill("13800000001")
    page.locator("input[type=file][name=photo]").set_input_files(
        upload("photo.jpg", files.image_bytes("JPEG", size=(413, 579)))
    )
    save(page)
    expect(page.get_by_text("请按证书上印制的编号填写")).to_be_visible()
    page.get_by_label("原证书编号").fill("20160145")
    save(page)
    dialog = page.get_by_role("dialog", name="遗失申明")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("20160145")
    screenshot(page, "applications-replacement-declaration")
    dialog.get_by_role("button", name="确定").click()

    settled(page)
    notice = VoidNotice.objects.get(application__applicant=demo.applicant)
    until = notice.ends_on.isoformat()
    expect(page.locator(".alert-success")).to_contain_text(until)
    page.get_by_role("link", name="资料上传").click()
    expect(page.get_by_text(f"原证书作废公示期至{until}")).to_be_visible()
    expect(page.locator("form.material-upload")).to_have_count(0)
    screenshot(page, "applications-replacement-blocked")
    page.get_by_role("link", name="审核报送").click()
    expect(page.get_by_role("button", name="同意并报送")).to_be_disabled()

    page.goto(live_server.url + "/applications/void-notices/")
    expect(page.locator(".void-notices")).to_contain_text("20160145")
    screenshot(page, "applications-void-notices")

    # The clock moves on: the publicity started weeks ago and has ended.
    started = notice.starts_on - datetime.timedelta(days=30)
    settled(page)
    VoidNotice.objects.filter(pk=notice.pk).update(
        starts_on=started, ends_on=add_working_days(started, 5)
    )
    page.goto(live_server.url + f"/applications/{notice.application_id}/sections/materials/")
    upload_materials(page, [("id_card", 2), ("loss_statement", 1)])
    page.get_by_role("link", name="审核报送").click()
    page.get_by_role("button", name="同意并报送").click()
    expect(page.locator(".alert-success")).to_contain_text("您的遗失补办申报已成功提交")
    settled(page)
    assert Application.objects.get(pk=notice.application_id).status == Status.UNIT_REVIEW
    assert console_errors == []


def test_evaluation_with_committee_rows_materials_and_summary(
    page, live_server, demo, login_as, screenshot, console_errors
):
    from reference.models import Region
    from units.models import Committee, ReviewSession

    session = ReviewSession.objects.get(committee=demo.committee)
    committee_setup(session)
    # A committee of 钦州 only: 张三's unit lies in 南宁, so it needs an entrusted review.
    outside = Committee.objects.create(
        name="钦州市工程系列中级评审委员会",
        region=Region.objects.get(code="450700"),
        office=demo.office_qz,
        series=demo.committee.series,
        contact_phone="0777-2826000",
    )
    outside.levels.set(demo.committee.levels.all())
    outside.region_scope.set([Region.objects.get(code="450700")])
    ReviewSession.objects.create(
        committee=outside,
        year=session.year,
        opens_on=session.opens_on,
        applicant_first_deadline=session.applicant_first_deadline,
        applicant_revision_deadline=session.applicant_revision_deadline,
        unit_deadline=session.unit_deadline,
    )
    accept_dialogs(page)
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/applications/list/evaluation/")
    page.get_by_role("link", name="我要申报").click()
    choose_catalogue(page)
    expect(page.get_by_text("需委托评审委员会")).to_be_visible()
    expect(page.locator(".committee-option")).to_have_count(2)
    page.get_by_label(demo.committee.name).check()
    screenshot(page, "applications-start-evaluation")
    page.get_by_role("button", name="立即申报").click()

    page.get_by_label("申报类别").select_option(label="正常申报")
    page.get_by_label("现从事专业技术工作").fill("结构设计")
    page.get_by_label("联系电话").fill("0771-5500001")
    save(page)
    fill_basic_info(page)
    page.get_by_label("业绩综述").fill("主持南宁市多个市政桥梁结构设计。")
    save(page)

    # 学历信息: rows are added in place.
    expect(page.get_by_role("heading", name="学历信息", exact=True)).to_be_visible()
    page.get_by_role("link", name="添加学历信息").click()
    page.get_by_label("入学时间").fill("2008-09-01")
    page.get_by_label("毕业时间").fill("2012-06-30")
    page.get_by_label("毕业院校").fill("广西大学")
    page.get_by_label("所学专业").fill("土木工程")
    page.locator(".row-form select[name=education]").select_option(label="大学本科")
    page.locator(".row-form select[name=degree]").select_option(label="学士")
    page.get_by_label("学制").select_option(label="四年")
    page.get_by_label("是否工作前学历").select_option(label="是")
    page.locator(".row-form input[type=file]").set_input_files(
        upload("diploma.pdf", files.pdf_bytes(), "application/pdf")
    )
    page.locator(".row-form").get_by_role("button", name="确定").click()
    expect(page.locator(".rows-table")).to_contain_text("广西大学")
    expect(
        page.locator("#section-menu .list-group-item").nth(2).locator(".section-tick")
    ).to_be_visible()

    # 工作经历: two rows, reordered by keyboard.
    page.locator("#section-menu").get_by_role("link", name="工作经历").click()
    for start, employer in (
        ("2012-07-01", "南宁市政设计院"),
        ("2018-07-01", "南宁蓝海工程有限公司"),
    ):
        page.get_by_role("link", name="添加工作经历").click()
        page.get_by_label("开始时间").fill(start)
        page.get_by_label("工作单位(学校)").fill(employer)
        page.get_by_label("工作内容").fill("桥梁结构设计")
        page.locator(".row-form").get_by_role("button", name="确定").click()
        expect(page.locator(".rows-table")).to_contain_text(employer)
    page.locator(".rows-table tbody tr").nth(1).get_by_role("button", name="上移").click()
    expect(page.locator(".rows-table tbody tr").first).to_contain_text("南宁蓝海工程有限公司")
    # ...and back by drag and drop, then up again with the keyboard's button.
    rows = page.locator(".rows-table tbody tr")
    rows.nth(1).locator(".drag-handle").drag_to(rows.nth(0).locator(".drag-handle"))
    expect(rows.first).to_contain_text("南宁市政设计院")
    settled(page)
    assert list(
        Application.objects.get(
            applicant=demo.applicant, kind="evaluation"
        ).work_history_rows.values_list("employer", flat=True)
    ) == ["南宁市政设计院", "南宁蓝海工程有限公司"]
    page.locator(".rows-table tbody tr").nth(1).get_by_role("button", name="上移").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".rows-table tbody tr").first).to_contain_text("南宁蓝海工程有限公司")
    screenshot(page, "applications-work-history")

    # 业绩成果: the committee's policy item, then the typed row form of a paper.
    page.locator("#section-menu").get_by_role("link", name="业绩成果").click()
    page.get_by_role("link", name="添加业绩成果").click()
    page.get_by_label("作为第一作者在学术期刊公开发表相关专业论文1篇及以上。").check()
    page.get_by_role("button", name="下一步").click()
    page.locator(".row-form input[name=title]").fill("大跨度钢结构桥梁设计研究")
    page.get_by_label("发表时间").fill("2023-05-01")
    page.get_by_label("类别").select_option(label="期刊论文")
    page.get_by_label("刊物名称").fill("建筑结构")
    page.get_by_label("刊号").fill("ISSN 1002-848X")
    page.get_by_label("作者排名").select_option(label="第一作者")
    page.get_by_label("本人完成字数（千字）").fill("6")
    screenshot(page, "applications-achievement-form")
    page.locator(".row-form").get_by_role("button", name="确定").click()
    expect(page.locator(".rows-table")).to_contain_text("大跨度钢结构桥梁设计研究")

    page.locator("#section-menu").get_by_role("link", name="考核情况").click()
    page.get_by_role("link", name="添加考核情况").click()
    page.get_by_label("考核年度").fill("2025")
    page.get_by_label("考核结果").select_option(label="优秀")
    page.locator(".row-form").get_by_role("button", name="确定").click()
    expect(page.locator(".rows-table")).to_contain_text("优秀")

    page.locator("#section-menu").get_by_role("link", name="工作小结").click()
    fill_summary(page, "主持完成多项桥梁结构设计，获得业主好评。")
    save(page)

    page.locator("#section-menu").get_by_role("link", name="评委会需求材料").click()
    form = page.locator("form.material-upload").first
    form.locator("input[type=file]").set_input_files(
        upload("form.pdf", files.pdf_bytes(pages=2), "application/pdf")
    )
    form.get_by_role("button", name="上传").click()
    expect(page.locator(".alert-success")).to_contain_text("已上传")
    screenshot(page, "applications-committee-materials")

    page.locator("#section-menu").get_by_role("link", name="审核报送").click()
    expect(page.locator(".incomplete-list")).to_have_count(0)
    page.get_by_role("button", name="同意并报送").click()
    expect(page.locator(".alert-success")).to_contain_text("您的职称评审申报已成功提交")
    settled(page)
    application = Application.objects.get(applicant=demo.applicant, kind="evaluation")
    assert application.status == Status.UNIT_REVIEW and not application.entrusted
    assert list(application.work_history_rows.values_list("employer", flat=True)) == [
        "南宁蓝海工程有限公司",
        "南宁市政设计院",
    ]
    assert console_errors == []


def test_withdraw_before_the_unit_acted(page, live_server, demo, login_as, screenshot):
    from tests.applications.conftest import complete_recognition, start, submitted

    application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    login_as(demo.applicant)
    page.goto(live_server.url + "/applications/list/recognition/")
    page.get_by_role("link", name="撤回").click()
    expect(page.get_by_text("是否撤回申报")).to_be_visible()
    page.get_by_role("button", name="撤回").click()
    expect(page.locator(".alert-success")).to_contain_text("您的职称认定申报已成功撤回")
    expect(page.locator(".application-card")).to_contain_text("待完善")
    settled(page)
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT

    # Once the unit has acted, the seeds' explanation instead of a withdrawal.
    submitted(Application.objects.get(pk=application.pk))
    settled(page)
    Application.objects.filter(pk=application.pk).update(
        unit_acted_at=datetime.datetime.now(datetime.UTC)
    )
    page.goto(live_server.url + f"/applications/{application.pk}/withdraw/")
    page.get_by_role("button", name="撤回").click()
    expect(page.locator(".alert-danger")).to_contain_text("由于单位已出具审核意见，不可撤回")
    screenshot(page, "applications-withdraw-refused")
    settled(page)
    assert Application.objects.get(pk=application.pk).status == Status.UNIT_REVIEW


def test_resubmission_after_a_return(page, live_server, demo, login_as, screenshot, console_errors):
    from tests.applications.conftest import complete_recognition, start, submitted

    application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    return_to_applicant(
        application, demo.staff, demo.unit, reason="照片不清晰，请重新上传近期免冠照片。"
    )
    login_as(demo.applicant)
    page.goto(live_server.url + "/applications/list/recognition/")
    expect(page.locator(".application-card")).to_contain_text("退回修改")
    page.get_by_role("link", name="编辑").click()
    expect(page.locator("#return-reason")).to_contain_text("照片不清晰")
    page.locator("#section-menu").get_by_role("link", name="基本情况").click()
    expect(page.locator(".section-return")).to_contain_text("照片不清晰")
    screenshot(page, "applications-returned-section")
    page.locator("input[type=file][name=photo]").set_input_files(
        upload("new.heic", files.image_bytes("HEIF", size=(600, 800)), "image/heic")
    )
    save(page)
    page.locator("#section-menu").get_by_role("link", name="审核报送").click()
    page.get_by_role("button", name="同意并报送").click()
    expect(page.locator(".alert-success")).to_contain_text("已成功提交")
    settled(page)
    application.refresh_from_db()
    assert application.status == Status.UNIT_REVIEW
    assert application.actions.filter(action="application.submitted").count() == 2
    assert application.actions.last().data["resubmission"] is True
    assert console_errors == []


@pytest.mark.parametrize(("name", "width"), [("phone", 375), ("desktop", 1440)])
def test_pages_at_phone_and_desktop_width(
    page, live_server, demo, login_as, screenshot, name, width
):
    from tests.applications.conftest import fill_info, start

    application = start(demo.applicant, demo=demo)
    fill_info(application)
    login_as(demo.applicant)
    page.set_viewport_size({"width": width, "height": 900})
    for path, shot in (
        ("/applications/list/recognition/", "list"),
        (f"/applications/{application.pk}/sections/basic_info/", "basic-info"),
        (f"/applications/{application.pk}/sections/materials/", "materials"),
    ):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, shot
        screenshot(page, f"applications-{shot}-{name}")


def test_the_cascading_selects_never_send_the_csrf_token_in_a_query_string(
    page, live_server, demo, login_as
):
    """我要申报 refills its lists with GET requests: the token stays out of their URLs (and so
    out of access logs, proxies and the browser history)."""
    login_as(demo.applicant)
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(live_server.url + "/applications/start/recognition/")
    choose_catalogue(page)
    refills = [url for url in urls if "/applications/start/" in url and "?" in url]
    assert refills, urls
    assert not any("csrfmiddlewaretoken" in url for url in urls), refills
    # The refill still carries the choices made so far.
    assert any("series=" in url for url in refills)
