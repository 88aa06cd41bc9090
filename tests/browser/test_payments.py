"""费用管理 in a real browser: 张三 pays through the sandbox, gets and downloads the invoice,
pays the postage of the mailed certificate; 孙八 confirms an offline payment; a rejected
application's fee comes back as 已退款."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from payments import services
from payments.models import FeeItem, Order, OrderStatus, Purpose
from tests.factories import ApplicationFactory, ApprovedApplicationFactory
from tests.files import pdf_bytes
from units.models import ReviewSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1440, "phone": 375}
# What sticks out on the right, to name it when a page overflows sideways.
WIDEST = """[...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
  .filter((e) => !e.parentElement.closest('.table-responsive')
    || getComputedStyle(e).position === 'absolute')
  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + e.textContent.slice(0, 40))"""


@pytest.fixture
def fees(demo):
    review = FeeItem.objects.create(
        name="代办晋升专业技术职务费", amount=Decimal("50.00"), committee=demo.committee
    )
    postage = FeeItem.objects.create(
        name="证书邮寄费", purpose=Purpose.POSTAGE, amount=Decimal("22.00"), office=demo.office
    )
    return review, postage


@pytest.fixture
def evaluation(demo):
    session = ReviewSession.objects.get(committee=demo.committee)

    def make(**kwargs):
        kwargs.setdefault("applicant", demo.applicant)
        return ApplicationFactory(
            unit=demo.unit,
            office=demo.office,
            committee=demo.committee,
            review_session=session,
            at_committee=True,
            **kwargs,
        )

    return make


@pytest.fixture
def shoot(page, screenshot):
    """Screenshots of the current page at desktop and phone width; nothing overflows sideways."""

    def take(name: str):
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.reload()
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                name,
                page.evaluate(WIDEST),
            )
            screenshot(page, f"payments-{name}-{label}")
        page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    return take


def order_row(page, order):
    return page.locator(f'tr.order-row[data-number="{order.number}"]')


def pay_in_sandbox(page, live_server, order, shoot=None, shot=""):
    """From 费用管理: 立即支付, the sandbox channel, the sandbox's pay button, the result."""
    page.goto(live_server.url + "/payments/")
    order_row(page, order).get_by_role("link", name="立即支付").click()
    expect(page.get_by_role("heading", name="立即支付")).to_be_visible()
    if shoot:
        shoot(f"{shot}-pay")
    page.get_by_label("沙箱（测试）").check()
    page.get_by_role("button", name="去支付").click()
    expect(page.get_by_role("heading", name="沙箱支付")).to_be_visible()
    page.get_by_role("button", name="确认测试支付").click()
    result = page.locator("#payment-result")
    expect(result.locator(".order-status")).to_have_text("已支付")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.serial_number.startswith("SB")
    expect(page.locator("#serial")).to_have_text(order.serial_number)
    if shoot:
        shoot(f"{shot}-paid")


def test_fees_paid_invoiced_mailed_confirmed_and_refunded(
    page, live_server, demo, login_as, shoot, console_errors, fees, evaluation
):
    review_item, _postage_item = fees
    application = evaluation()
    committee_role = f"committee_staff:{demo.committee.pk}"
    office_role = f"office_staff:{demo.office.pk}"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})

    # 周九 accepts 张三's materials: the fee notice follows.
    login_as(demo.committee_staff, role=committee_role)
    page.goto(f"{live_server.url}/reviews/applications/{application.pk}/")
    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_text("已受理。")).to_be_visible()
    order = Order.objects.get(application=application, item=review_item)
    page.goto(live_server.url + "/reviews/queue/?status=all")
    expect(page.locator(".queue-table tbody tr").first.locator(".queue-fee")).to_have_text("待支付")
    shoot("committee-queue")

    # 张三 pays the evaluation fee through the sandbox and sees 已支付 with the serial number.
    login_as(demo.applicant)
    page.goto(live_server.url + "/payments/")
    expect(order_row(page, order).locator(".order-status")).to_have_text("待支付")
    shoot("orders-pending")
    pay_in_sandbox(page, live_server, order, shoot, "review")
    page.get_by_role("link", name="返回费用管理").click()
    row = order_row(page, order)
    expect(row.locator(".order-status")).to_have_text("已支付")
    expect(row.locator(".order-serial")).to_have_text(order.serial_number)

    # The application's card and its progress timeline show the fee and that it is paid.
    page.goto(live_server.url + "/applications/list/evaluation/")
    card = page.locator("article.application-card").filter(has_text=f"#{application.pk}")
    expect(card.locator(".app-fees")).to_contain_text("代办晋升专业技术职务费 50.00 元 已支付")
    shoot("application-card")
    card.get_by_role("link", name="进度").click()
    notice = page.locator(".progress-table tr").filter(has_text="缴费通知")
    expect(notice).to_contain_text("代办晋升专业技术职务费，50.00 元")
    expect(notice.locator(".order-status")).to_have_text("已支付")
    expect(page.locator(".progress-table tr").filter(has_text=order.serial_number)).to_be_visible()
    shoot("application-progress")
    page.goto(live_server.url + "/payments/")
    row = order_row(page, order)

    # … requests an invoice; a wrong tax number is explained and the typed title kept.
    row.get_by_role("link", name="申请开票").click()
    shoot("invoice-request")
    page.get_by_label("发票抬头").fill("南宁蓝海工程有限公司")
    page.get_by_label("纳税人识别号").fill("12AB")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("纳税人识别号为 15 到 20 位字母或数字。")).to_be_visible()
    expect(page.get_by_label("发票抬头")).to_have_value("南宁蓝海工程有限公司")
    page.get_by_label("纳税人识别号").fill("91450100MA5K000001")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".alert-success")).to_contain_text("开票申请已提交")
    expect(order_row(page, order)).to_contain_text("已申请")

    # 孙八 issues the e-invoice of his office's order.
    login_as(demo.office_staff, role=office_role)
    page.goto(live_server.url + "/payments/staff/")
    page.locator(f'tr[data-number="{order.number}"]').get_by_role("link", name="处理").click()
    shoot("staff-invoice")
    page.get_by_label("电子发票（PDF）").set_input_files(
        files=[{"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="上传或标记为已开票").click()
    expect(page.locator(".alert-success")).to_contain_text("已标记为已开具")

    # 张三 downloads it.
    login_as(demo.applicant)
    page.goto(live_server.url + "/payments/")
    row = order_row(page, order)
    expect(row).to_contain_text("已开票")
    with page.expect_download() as download_info:
        row.get_by_role("link", name="下载发票").click()
    download = download_info.value
    assert download.suggested_filename == f"{order.number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 张三 asks for the certificate of an approved application by post and pays the postage.
    mailed = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office, year=2024)
    page.goto(live_server.url + "/certificates/mine/")
    page.get_by_role("link", name="邮寄", exact=True).click()
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
    page.get_by_role("button", name="确定").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    postage = Order.objects.get(application=mailed, purpose=Purpose.POSTAGE)
    assert postage.amount == Decimal("22.00")
    pay_in_sandbox(page, live_server, postage, shoot, "postage")

    # 孙八 confirms 李四's payment at the counter with its receipt number.
    counter = evaluation(applicant=demo.applicant2)
    (offline,) = services.orders_create(application=counter, purpose=Purpose.REVIEW)
    login_as(demo.office_staff, role=office_role)
    page.goto(live_server.url + "/payments/staff/")
    shoot("staff-orders")
    page.locator(f'tr[data-number="{offline.number}"]').get_by_role("link", name="处理").click()
    page.get_by_role("button", name="确认收款").click()
    expect(page.locator("#confirm-form .invalid-feedback")).to_be_visible()
    page.get_by_label("收据号").fill("GX2026-000123")
    page.get_by_role("button", name="确认收款").click()
    expect(page.locator(".alert-success")).to_contain_text("线下缴费已确认")
    expect(page.locator("h1 .order-status")).to_have_text("已支付")
    shoot("staff-order-confirmed")
    offline.refresh_from_db()
    assert offline.channel == "offline" and offline.serial_number == "GX2026-000123"

    # 周九 rejects an application whose fee was paid: the fee comes back as 已退款.
    refused = evaluation(year=2025, accepted=True)  # the fee notice came with the acceptance
    paid = Order.objects.get(application=refused, purpose=Purpose.REVIEW)
    services.sandbox_pay(actor=demo.applicant, number=paid.number)
    login_as(demo.committee_staff, role=committee_role)
    page.goto(f"{live_server.url}/reviews/applications/{refused.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("审核不通过的原因").fill("申报材料与评审条件不符。")
    page.get_by_role("button", name="审核不通过", exact=True).click()
    expect(page.get_by_text("已审核不通过。")).to_be_visible()
    login_as(demo.applicant)
    page.goto(live_server.url + "/payments/")
    row = order_row(page, paid)
    expect(row.locator(".order-status")).to_have_text("已退款")
    expect(row).to_contain_text("已退 50.00 元")
    shoot("orders-refunded")
    # The empty receipt number was answered 400 with the form (as every refused act is).
    assert [error for error in console_errors if "status of 400" not in error] == []


def test_committee_staff_add_a_fee_item(page, live_server, demo, login_as, shoot, console_errors):
    login_as(demo.committee_staff, role=f"committee_staff:{demo.committee.pk}")
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})
    page.goto(live_server.url + "/payments/staff/")
    page.get_by_role("link", name="费用事项").click()
    expect(page.locator("#no-fee-items")).to_be_visible()
    page.get_by_role("link", name="新增费用事项").click()
    shoot("fee-item-form")
    page.get_by_label("名称").fill("职称评审费")
    page.get_by_label("金额（元）").fill("120.5")
    page.get_by_label("职称评审").check()
    page.get_by_label("启用").check()
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("费用事项已保存")
    row = page.locator("tr.fee-item-row").filter(has_text="职称评审费")
    expect(row).to_contain_text("120.50")
    expect(row).to_contain_text("启用")
    shoot("fee-items")
    assert console_errors == []
