"""费用管理 pages: the payer's list and payment, the notification endpoints, staff handling."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from payments import exports, services
from payments.models import Order, OrderStatus, PaymentNotification
from tests.files import pdf_bytes, upload

from .conftest import alipay_notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang(client_as, demo):
    return client_as(demo.applicant, "applicant:")


def test_the_fee_page_lists_the_payers_orders_with_seed_columns(
    zhang, order, demo, make_application
):
    page = zhang.get(reverse("payments:orders"))
    text = page.content.decode()
    for label in ("订单号", "支付流水号", "支付状态", "费用事项", "支付渠道", "总额(元)", "开票状态",
                  "支付时间", "立即支付"):  # fmt: skip
        assert label in text, label
    assert order.number in text and "待支付" in text


def test_the_fee_page_shows_10_per_page_and_filters(zhang, demo, make_application, fee_item):
    for index in range(12):
        application = make_application(year=2010 + index)
        services.orders_create(application=application, purpose="review")
    first = zhang.get(reverse("payments:orders"))
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 10
    one = Order.objects.first()
    found = zhang.get(reverse("payments:orders"), {"number": one.number})
    assert [o.number for o in found.context["page"].object_list] == [one.number]
    none = zhang.get(reverse("payments:orders"), {"status": "paid"})
    assert list(none.context["page"].object_list) == []


def test_the_fee_page_runs_a_constant_number_of_queries(zhang, demo, make_application, fee_item,
                                                        django_assert_max_num_queries):  # fmt: skip
    for index in range(5):
        services.orders_create(application=make_application(year=2010 + index), purpose="review")
    with django_assert_max_num_queries(12):
        zhang.get(reverse("payments:orders"))


def test_one_person_never_sees_anothers_orders(client_as, demo, order):
    li = client_as(demo.applicant2, "applicant:")
    assert order.number not in li.get(reverse("payments:orders")).content.decode()
    for name in ("pay", "return", "sandbox_pay", "invoice", "invoice_download"):
        assert (
            li.get(reverse(f"payments:{name}", kwargs={"number": order.number})).status_code == 404
        )


def test_paying_through_the_sandbox_shows_paid_with_the_serial(zhang, order):
    answer = zhang.post(
        reverse("payments:pay", kwargs={"number": order.number}), {"channel": "sandbox"}
    )
    assert answer.url == reverse("payments:sandbox_pay", kwargs={"number": order.number})
    sandbox = zhang.get(answer.url)
    assert "沙箱" in sandbox.content.decode()
    back = zhang.post(answer.url)
    result = zhang.get(back.url)
    order.refresh_from_db()
    assert order.is_paid
    assert "已支付" in result.content.decode() and order.serial_number in result.content.decode()


def test_the_return_page_does_not_pay_by_itself(zhang, order):
    page = zhang.get(
        reverse("payments:return", kwargs={"number": order.number}) + "?trade_status=TRADE_SUCCESS"
    )
    assert page.status_code == 200
    order.refresh_from_db()
    assert order.is_pending
    assert "待支付" in page.content.decode()


def test_choosing_no_channel_says_so(zhang, order):
    page = zhang.post(
        reverse("payments:pay", kwargs={"number": order.number}), {"channel": "bitcoin"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["channel"]


def test_the_alipay_endpoint_answers_success_and_pays(
    client, gateways_configured, alipay_keys, order
):
    body = alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00")
    answer = client.post(
        reverse("payments:notify", kwargs={"gateway": "alipay"}),
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200 and answer.content == b"success"
    order.refresh_from_db()
    assert order.is_paid


def test_the_alipay_endpoint_answers_fail_to_a_forgery(
    client, gateways_configured, alipay_keys, order
):
    body = alipay_notification(alipay_keys[0], order_number=order.number, amount="50.00")
    answer = client.post(reverse("payments:notify", kwargs={"gateway": "alipay"}), data=body,
                         content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert answer.content == b"fail"
    assert PaymentNotification.objects.get().result == "bad_signature"


def test_an_unknown_gateway_is_404(client):
    assert client.post(reverse("payments:notify", kwargs={"gateway": "paypal"})).status_code == 404


def test_invoice_request_keeps_what_was_typed_on_an_error(zhang, order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    url = reverse("payments:invoice", kwargs={"number": order.number})
    page = zhang.post(url, {"title": "南宁蓝海", "tax_number": "12", "email": "a@example.com"})
    assert page.status_code == 200
    assert "15 到 20" in page.content.decode() or page.context["form"].errors
    assert 'value="南宁蓝海"' in page.content.decode()
    done = zhang.post(url, {"title": "南宁蓝海", "tax_number": "", "email": "a@example.com"})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.invoice_status == "requested"


def test_an_invoice_email_longer_than_its_column_is_refused_on_the_page(zhang, order):
    """Order.invoice_email holds 254 characters: a longer address is refused by the form
    (PostgreSQL would refuse it with a 500)."""
    services.sandbox_pay(actor=order.payer, number=order.number)
    url = reverse("payments:invoice", kwargs={"number": order.number})
    domain = "@" + ".".join(["a" * 60] * 3) + ".cn"  # 186 characters
    longest = "b" * (254 - len(domain)) + domain
    page = zhang.post(url, {"title": "南宁蓝海", "email": "b" + longest})
    assert page.status_code == 200
    assert "email" in page.context["form"].errors
    done = zhang.post(url, {"title": "南宁蓝海", "email": longest})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.invoice_email == longest


# --- staff ------------------------------------------------------------------------------------


@pytest.fixture
def sun(client_as, demo):
    return client_as(demo.office_staff, f"office_staff:{demo.office.pk}")


def test_office_staff_see_their_offices_orders_and_confirm_offline(sun, order):
    listing = sun.get(reverse("payments:staff_orders"))
    assert order.number in listing.content.decode()
    url = reverse("payments:staff_confirm", kwargs={"pk": order.pk})
    empty = sun.post(url, {"receipt_number": ""})
    assert empty.status_code == 400
    sun.post(url, {"receipt_number": "GX-001"})
    order.refresh_from_db()
    assert order.is_paid and order.serial_number == "GX-001"


def test_staff_of_another_office_do_not_see_the_order(client_as, demo, order):
    from accounts.roles import Role
    from tests.factories import staff_of

    person = staff_of(demo.office_qz, Role.OFFICE_STAFF)
    other = client_as(person, f"office_staff:{demo.office_qz.pk}")
    assert order.number not in other.get(reverse("payments:staff_orders")).content.decode()
    assert other.get(reverse("payments:staff_order", kwargs={"pk": order.pk})).status_code == 404
    answer = other.post(
        reverse("payments:staff_confirm", kwargs={"pk": order.pk}), {"receipt_number": "1"}
    )
    assert answer.status_code == 404


def test_staff_refund_and_issue_the_invoice_the_payer_downloads(sun, client_as, demo, order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    services.invoice_request(actor=order.payer, number=order.number, title="张三", tax_number="",
                             email="a@example.com")  # fmt: skip
    issued = sun.post(reverse("payments:staff_invoice", kwargs={"pk": order.pk}),
             {"pdf": upload("invoice.pdf", pdf_bytes(), "application/pdf")})  # fmt: skip
    assert issued.status_code == 302
    sun.post(
        reverse("payments:staff_refund", kwargs={"pk": order.pk}),
        {"amount": "10.00", "reason": "多收"},
    )
    zhang = client_as(demo.applicant, "applicant:")
    download = zhang.get(reverse("payments:invoice_download", kwargs={"number": order.number}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert "部分退款" in zhang.get(reverse("payments:orders")).content.decode()


def test_the_reconciliation_export_lists_paid_orders_of_the_period(sun, order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    order.refresh_from_db()
    day = order.paid_at.date().isoformat()
    answer = sun.get(
        reverse("payments:staff_export"), {"start": day, "end": day, "channel": "sandbox"}
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "支付流水号"
    assert rows[1][1] == order.number and Decimal(str(rows[1][5])) == Decimal("50.00")
    none = sun.get(
        reverse("payments:staff_export"), {"start": day, "end": day, "channel": "wechat"}
    )
    assert (
        len(list(load_workbook(io.BytesIO(none.content)).active.iter_rows())) == 2
    )  # header, total


def test_the_applicant_navigation_shows_fees(zhang):
    page = zhang.get(reverse("home"))
    assert reverse("payments:orders") in page.content.decode()


def test_the_application_card_and_timeline_show_the_fee_due_and_its_state(
    zhang, client_as, demo, order
):
    application = order.application
    card = zhang.get(reverse("applications:list", args=[application.kind])).content.decode()
    assert "缴费情况" in card and "代办晋升专业技术职务费 50.00 元" in card and "待支付" in card
    assert reverse("payments:pay", kwargs={"number": order.number}) in card
    progress = reverse("applications:progress", args=[application.pk])
    timeline = zhang.get(progress).content.decode()
    assert "缴费通知" in timeline and "代办晋升专业技术职务费，50.00 元" in timeline

    services.sandbox_pay(actor=demo.applicant, number=order.number)
    order.refresh_from_db()
    card = zhang.get(reverse("applications:list", args=[application.kind])).content.decode()
    assert "已支付" in card
    assert reverse("payments:pay", kwargs={"number": order.number}) not in card
    timeline = zhang.get(progress).content.decode()
    assert f"沙箱（测试），支付流水号 {order.serial_number}" in timeline

    services.order_refund(actor=None, role_context=None, order_id=order.pk, reason="申请已撤回")
    timeline = zhang.get(progress).content.decode()
    assert "已退款" in timeline and "退费" in timeline and "50.00 元：申请已撤回" in timeline

    # The committee that charges sees the fee rows; the unit does not.
    committee = client_as(demo.committee_staff, f"committee_staff:{demo.committee.pk}")
    assert "缴费通知" in committee.get(progress).content.decode()
    unit = client_as(demo.staff, f"unit_staff:{demo.unit.pk}")
    answer = unit.get(progress)
    assert answer.status_code == 200 and "缴费通知" not in answer.content.decode()


def test_the_invoice_export_lists_the_invoices_requested_in_the_period(
    sun, contexts, demo, order, make_application
):
    services.sandbox_pay(actor=order.payer, number=order.number)
    services.invoice_request(
        actor=demo.applicant,
        number=order.number,
        title="=南宁蓝海工程有限公司",
        tax_number="91450100MA5K000001",
        email="finance@example.com",
    )
    (unrequested,) = services.orders_create(
        application=make_application(year=2024), purpose="review"
    )
    services.sandbox_pay(actor=order.payer, number=unrequested.number)
    order.refresh_from_db()
    day = order.invoice_requested_at.date()
    url = reverse("payments:staff_invoice_export")
    answer = sun.get(url, {"start": day.isoformat(), "end": day.isoformat()})
    assert answer["Content-Disposition"].endswith(f'invoices-{day:%Y%m%d}-{day:%Y%m%d}.xlsx"')
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "订单号",
        "费用事项",
        "金额（元）",
        "退款金额（元）",
        "发票抬头",
        "纳税人识别号",
    )
    assert len(rows) == 3  # header, the requested invoice, the total
    assert rows[1][0] == order.number and rows[1][4] == "'=南宁蓝海工程有限公司"
    assert rows[1][5] == "91450100MA5K000001" and rows[1][9] == "已申请"

    issued = sun.get(url, {"start": day.isoformat(), "end": day.isoformat(), "status": "issued"})
    assert len(list(load_workbook(io.BytesIO(issued.content)).active.iter_rows())) == 2
    # Another office's staff export nothing of it.
    assert not exports.invoice_rows(contexts["office_qz"], start=day, end=day).exists()


def test_the_invoice_export_explains_a_wrong_period(sun):
    url = reverse("payments:staff_invoice_export")
    answer = sun.get(url, {"start": "2026-12-02", "end": "2026-12-01"}, follow=True)
    assert "开始日期晚于结束日期。" in answer.content.decode()
    answer = sun.get(url, {"start": "not a date"}, follow=True)
    assert "请选择导出的时间段。" in answer.content.decode()
