"""Certificates in the browser: issuing, downloading, public checks, replacement, mailing."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application
from certificates import services
from certificates.models import Certificate, Delivery
from tests.factories import ApprovedApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office_role(demo):
    return f"office_staff:{demo.office.pk}"


@pytest.fixture
def office_context(demo):
    from accounts.roles import Role, RoleContext

    return RoleContext(Role.OFFICE_STAFF, demo.office)


def public_lookup(browser, live_server, number, name, screenshot=None, shot="", width=1280):
    """An anonymous visitor checks a certificate on the public page."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/certificates/verify/")
    page.get_by_label("证书编号").fill(number)
    page.get_by_label("持证人姓名").fill(name)
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="查询").click()
    result = page.locator(".verify-result").first
    expect(result).to_be_visible()
    text = result.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if screenshot:
        screenshot(page, shot)
    context.close()
    assert errors == []
    return text


def test_office_certifies_holder_downloads_and_sees_the_count_rise(
    page, live_server, demo, login_as, screenshot, console_errors, browser, office_role, cjk_font
):
    ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
    ApprovedApplicationFactory(applicant=demo.applicant2, office=demo.office)

    # 孙八 issues the certificates of the approved applications in one batch.
    login_as(demo.office_staff, role=office_role)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/certificates/office/")
    expect(page.get_by_role("heading", name="证书管理")).to_be_visible()
    screenshot(page, "certificates-office-pending-desktop")
    page.get_by_label("全选").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="批量发证").click()
    expect(page.locator(".alert-success")).to_contain_text("已发放 2 本证书")
    certificate = Certificate.objects.get(holder=demo.applicant)
    page.goto(live_server.url + "/certificates/office/?tab=issued")
    expect(page.get_by_role("cell", name=certificate.number)).to_be_visible()
    screenshot(page, "certificates-office-issued-desktop")

    # 张三 downloads the certificate; nobody has checked it yet.
    login_as(demo.applicant)
    page.goto(live_server.url + "/certificates/mine/")
    total = page.locator("#lookup-total")
    expect(total).to_contain_text("证书共计被在线查验或浏览 0 次")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载证书").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # Someone checks it on the public page: 张三 sees the count rise, and when.
    text = public_lookup(
        browser, live_server, certificate.number, "张三", screenshot, "certificates-verify-desktop"
    )
    assert "张*" in text and "张三" not in text and "有效" in text
    page.reload()
    expect(total).to_contain_text("证书共计被在线查验或浏览 1 次")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "certificates-mine-phone")
    page.get_by_role("link", name=re.compile("查验记录")).click()
    expect(page.locator("#lookup-count")).to_contain_text("1 次")
    expect(page.get_by_role("cell", name="证书编号和姓名")).to_be_visible()
    assert console_errors == []


def test_replacement_voids_the_old_certificate_publicly(
    page,
    live_server,
    demo,
    login_as,
    screenshot,
    console_errors,
    browser,
    office_role,
    office_context,
    monkeypatch,
):
    original = services.certificate_issue(
        actor=demo.office_staff,
        role_context=office_context,
        application_id=ApprovedApplicationFactory(
            applicant=demo.applicant, office=demo.office, year=2020
        ).pk,
    )
    replacement = ApprovedApplicationFactory(
        applicant=demo.applicant, office=demo.office, replacement=True
    )
    # The replacement's form names the lost certificate (the applications work answers this).
    monkeypatch.setattr(Application, "original_certificate_number", lambda self: original.number)

    login_as(demo.office_staff, role=office_role)
    page.goto(live_server.url + "/certificates/office/")
    row = page.get_by_role("row").filter(has_text="遗失补办")
    row.get_by_role("button", name="发证").click()
    expect(page.locator(".alert-success")).to_contain_text("已发放 1 本证书")
    new = Certificate.objects.get(application=replacement)
    assert new.replaces == original

    text = public_lookup(
        browser,
        live_server,
        original.number,
        "张三",
        screenshot,
        "certificates-verify-void-phone",
        375,
    )
    assert re.search(r"已于 \d{4}-\d{2}-\d{2} 作废（遗失补办）", text)
    assert "有效" in public_lookup(browser, live_server, new.number, "张三")

    login_as(demo.applicant)
    page.goto(live_server.url + "/certificates/mine/")
    void_card = page.locator("article.certificate-card.is-void")
    expect(void_card).to_contain_text("遗失补办")
    expect(void_card.get_by_role("link", name="下载证书")).to_have_count(0)
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, "certificates-mine-desktop")
    assert console_errors == []


@pytest.mark.parametrize(("name", "width"), [("phone", 375), ("desktop", 1280)])
def test_mailing_request_and_tracking_number(
    page,
    live_server,
    demo,
    login_as,
    screenshot,
    console_errors,
    office_role,
    office_context,
    name,
    width,
):
    application = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
    page.set_viewport_size({"width": width, "height": 900})
    login_as(demo.applicant)
    page.goto(live_server.url + "/certificates/mine/")
    page.get_by_role("link", name="邮寄", exact=True).click()
    expect(page.get_by_role("heading", name="邮寄证书", exact=True)).to_be_visible()
    # The cascade works once htmx has started (scripts run at the end of the page).
    page.wait_for_load_state("load")
    page.get_by_label("邮寄证书", exact=True).check()
    page.get_by_label("收件人").fill("张三")
    page.locator("#id_province").select_option(label="广西壮族自治区")
    expect(page.locator("#id_city option", has_text="南宁市")).to_have_count(1)
    page.locator("#id_city").select_option(label="南宁市")
    expect(page.locator("#id_county option", has_text="青秀区")).to_have_count(1)
    page.locator("#id_county").select_option(label="青秀区")
    page.get_by_label("详细地址").fill("金湖路 8 号")
    page.get_by_label("联系电话").fill("13800000001")
    page.get_by_label("邮编").fill("530022")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"certificates-delivery-{name}")
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    expect(page.locator(".delivery-item")).to_contain_text("邮寄证书 · 待寄出")
    delivery = Delivery.objects.get(application=application)
    assert delivery.region_id == "450103"

    # The office issues the certificate and records the EMS number; 张三 sees it.
    services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=application.pk
    )
    login_as(demo.office_staff, role=office_role)
    page.goto(live_server.url + "/certificates/office/?tab=delivery")
    page.get_by_label("EMS单号").fill("1100123456789")
    if name == "desktop":
        screenshot(page, "certificates-office-delivery-desktop")
    page.get_by_role("button", name="登记寄出").click()
    expect(page.locator(".alert-success")).to_contain_text("EMS单号已登记")
    login_as(demo.applicant)
    page.goto(live_server.url + "/certificates/mine/")
    item = page.locator(".delivery-item")
    expect(item).to_contain_text("已寄出")
    expect(item.locator(".delivery-tracking")).to_contain_text("1100123456789")
    assert console_errors == []


def test_historical_certificate_is_verified_and_listed(
    page, live_server, demo, login_as, screenshot, console_errors, tmp_path
):
    from accounts.roles import Role
    from tests.factories import PersonFactory
    from tests.files import image_bytes
    from units.models import Membership

    scan = tmp_path / "证书.jpg"
    scan.write_bytes(image_bytes(size=(1200, 900)))
    login_as(demo.applicant)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/certificates/mine/")
    page.get_by_role("link", name="新增证书审验").click()
    page.get_by_label("证书编号").fill("2012450700123")
    page.get_by_label("授予时间").fill("2012-09-01")
    page.get_by_label("资格名称").select_option(label="工程系列/初级（助理级）/助理工程师")
    page.get_by_label("专业").fill("电子信息工程")
    page.get_by_label("批准机关（授予单位）").fill("钦州市职称改革工作领导小组办公室")
    page.get_by_label("授予单位所属职改办").select_option(label=demo.office_qz.name)
    page.get_by_label("证书扫描件").set_input_files(str(scan))
    screenshot(page, "certificates-historical-form-desktop")
    page.get_by_role("button", name="提交审验").click()
    expect(page.locator(".alert-success")).to_contain_text("证书已提交审验")
    expect(page.get_by_role("cell", name="待审验")).to_be_visible()

    staff = PersonFactory(full_name="吴十")
    Membership.objects.create(
        person=staff, role=Role.OFFICE_STAFF, office=demo.office_qz, is_enabled=True
    )
    login_as(staff, role=f"office_staff:{demo.office_qz.pk}")
    page.goto(live_server.url + "/certificates/office/verification/")
    page.get_by_role("link", name="审验").last.click()
    expect(page.get_by_role("link", name="证书扫描件")).to_be_visible()
    screenshot(page, "certificates-verification-detail-desktop")
    page.get_by_label("审验通过").check()
    page.get_by_role("button", name="保存审验结果").click()
    expect(page.locator(".alert-success")).to_contain_text("审验结果已保存")

    login_as(demo.applicant)
    page.goto(live_server.url + "/certificates/mine/")
    card = page.locator("article.certificate-card", has_text="2012450700123")
    expect(card).to_contain_text("历史证书（已审验）")
    expect(card.get_by_role("link", name="下载证书")).to_have_count(0)
    assert console_errors == []


def test_anyone_checks_a_certificate_pdf_on_the_public_page(
    page,
    live_server,
    demo,
    office_context,
    screenshot,
    console_errors,
    cjk_font,
    settings,
    tmp_path,
):
    """The PDF downloaded from the portal, presented by whoever got it (an employer)."""
    from concurrent.futures import ThreadPoolExecutor

    from certificates import signing
    from tests.certificates.test_pdf import pdf_bytes

    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "signing"
    signing.make_office_certificate(demo.office)
    application = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
    certificate = services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=application.pk
    )
    signed = tmp_path / "证书.pdf"
    # pyHanko signs with asyncio.run, which cannot run beside Playwright's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        signed.write_bytes(pool.submit(pdf_bytes, certificate).result())
    photo = tmp_path / "photo.pdf"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not a PDF")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/certificates/verify/")
    page.get_by_label("电子证书文件（PDF）").set_input_files(str(photo))
    page.get_by_role("button", name="核验文件").click()
    expect(page.locator("#verify-pdf-form .invalid-feedback")).to_contain_text(
        "这不是可以读取的 PDF 文件"
    )
    page.get_by_label("电子证书文件（PDF）").set_input_files(str(signed))
    page.get_by_role("button", name="核验文件").click()
    result = page.locator(".pdf-check")
    expect(result).to_contain_text("签名有效")
    expect(result).to_contain_text(certificate.number)
    expect(result.locator(".pdf-check-state")).to_contain_text("有效")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "certificates-pdf-check-desktop")
