"""Orders follow the acts on applications; only a verified notification pays, and once."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications.models import Application, Status
from payments import services
from payments.models import InvoiceStatus, Order, OrderStatus, PaymentNotification, Purpose
from tests.refusals import refused
from titleportal.models import Delivery as MessageDelivery
from titleportal.models import Message

from .conftest import alipay_notification, wechat_notification

pytestmark = pytest.mark.django_db


def _alipay(body: bytes):
    return services.notification_receive(gateway_code="alipay", body=body, headers={})


# --- orders come with the acts ----------------------------------------------------------------


def test_the_committee_accepting_creates_the_fee_order_with_a_message_and_an_sms(
    demo, contexts, make_application, fee_item
):
    from reviews.services import application_accept

    application = make_application()
    application_accept(
        actor=demo.committee_staff, role_context=contexts["committee"],
        application=application, version=None,
    )  # fmt: skip
    order = Order.objects.get(application=application)
    assert (order.status, order.amount, order.payer) == (
        "pending",
        Decimal("50.00"),
        demo.applicant,
    )
    assert order.number.startswith("dl") and order.committee == demo.committee
    message = Message.objects.get(recipient=demo.applicant, event="payment.due")
    assert "50.00" in message.title
    assert MessageDelivery.objects.filter(message=message, channel="sms").exists()


def test_accepting_again_after_a_return_makes_no_second_order(demo, make_application, fee_item):
    application = make_application()
    assert len(services.orders_create(application=application, purpose=Purpose.REVIEW)) == 1
    assert services.orders_create(application=application, purpose=Purpose.REVIEW) == []


def test_fee_items_apply_to_their_kinds_and_levels_only(demo, make_application, fee_item):
    fee_item.kinds = ["recognition"]
    fee_item.save()
    application = make_application()
    assert services.orders_create(application=application, purpose=Purpose.REVIEW) == []
    fee_item.kinds = []
    fee_item.save()
    fee_item.levels.add(application.level)
    assert len(services.orders_create(application=application, purpose=Purpose.REVIEW)) == 1


def test_asking_for_mailing_creates_the_postage_order(demo, postage_item):
    from certificates.services import delivery_choose
    from reference.models import Region
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(
        applicant=demo.applicant, unit=demo.unit, office=demo.office, approved=True
    )
    district = Region.objects.filter(children__isnull=True, code__startswith="4501").first()
    delivery_choose(
        actor=demo.applicant, role_context=RoleContext(Role.APPLICANT, user=demo.applicant), application_id=application.pk, method="mail", recipient="张三",
        region=district, address="民族大道1号", phone="13800000001",
    )  # fmt: skip
    order = Order.objects.get(application=application, purpose=Purpose.POSTAGE)
    assert order.amount == Decimal("22.00") and order.office == demo.office
    delivery_choose(
        actor=demo.applicant,
        role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
        application_id=application.pk,
        method="pickup",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


# --- notifications ----------------------------------------------------------------------------


def test_a_verified_notification_pays_the_order(gateways_configured, alipay_keys, order):
    answer = _alipay(alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00"))
    assert (answer.status, answer.body) == (200, "success")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.channel == "alipay"
    assert order.serial_number == "2026120222001" and order.paid_at is not None
    record = PaymentNotification.objects.get()
    assert record.verified and record.result == "paid" and record.order == order
    assert "out_trade_no=" in record.raw_body
    assert Message.objects.filter(recipient=order.payer, event="payment.paid").exists()


@pytest.mark.parametrize(
    ("kwargs", "result"),
    [
        ({"tamper": {"total_amount": "0.01"}}, "bad_signature"),
        ({"amount": "0.01"}, "amount_mismatch"),
        ({"app_id": "2021999999999999"}, "wrong_merchant"),
        ({"order_number": "dl00000000000000000000"}, "unknown_order"),
        ({"status": "WAIT_BUYER_PAY"}, "not_success"),
    ],
)
def test_a_notification_that_does_not_match_changes_nothing_and_is_recorded(
    gateways_configured, alipay_keys, order, kwargs, result
):
    fields = {"order_number": order.number, "amount": "50.00", **kwargs}
    _alipay(alipay_notification(alipay_keys[1], **fields))
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING and order.serial_number == ""
    assert PaymentNotification.objects.get().result == result


def test_a_wrong_signature_changes_nothing(gateways_configured, alipay_keys, order):
    answer = _alipay(alipay_notification(alipay_keys[0], order_number=order.number, amount="50.00"))
    assert answer.body == "fail"
    order.refresh_from_db()
    assert order.is_pending
    record = PaymentNotification.objects.get()
    assert (record.verified, record.result) == (False, "bad_signature")


def test_the_same_notification_twice_pays_once(gateways_configured, alipay_keys, order):
    body = alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00")
    _alipay(body)
    paid_at = Order.objects.get(pk=order.pk).paid_at
    answer = _alipay(body)  # a replay, or Alipay sending it again
    assert answer.body == "success"
    order.refresh_from_db()
    assert order.paid_at == paid_at
    assert list(PaymentNotification.objects.order_by("pk").values_list("result", flat=True)) == [
        "paid",
        "duplicate",
    ]
    assert Message.objects.filter(event="payment.paid").count() == 1


def test_a_payment_after_the_order_closed_is_flagged_for_staff(
    gateways_configured, alipay_keys, order
):
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CLOSED)
    answer = _alipay(alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00"))
    assert answer.body == "success"  # recorded; Alipay need not send it again
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED and order.needs_attention
    assert "2026120222001" in order.attention_note
    assert PaymentNotification.objects.get().result == "after_close"


def test_a_second_payment_of_a_paid_order_is_flagged(gateways_configured, alipay_keys, order):
    _alipay(alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00"))
    _alipay(alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00",
                                serial="2026120222999"))  # fmt: skip
    order.refresh_from_db()
    assert order.serial_number == "2026120222001" and order.needs_attention


def test_wechat_notification_pays_and_is_answered_with_204(
    gateways_configured, wechat_platform, order
):
    body, headers = wechat_notification(*wechat_platform, order_number=order.number, fen=5000)
    answer = services.notification_receive(gateway_code="wechat", body=body, headers=headers)
    assert answer.status == 204
    order.refresh_from_db()
    assert order.is_paid and order.channel == "wechat"
    assert PaymentNotification.objects.get().headers["wechatpay-serial"]


def test_wechat_notification_with_another_amount_does_not_pay(
    gateways_configured, wechat_platform, order
):
    body, headers = wechat_notification(*wechat_platform, order_number=order.number, fen=1)
    answer = services.notification_receive(gateway_code="wechat", body=body, headers=headers)
    assert answer.status == 400
    order.refresh_from_db()
    assert order.is_pending


def test_the_sandbox_pays_through_the_same_verification(order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    order.refresh_from_db()
    assert order.is_paid and order.channel == "sandbox" and order.serial_number.startswith("SB")
    record = PaymentNotification.objects.get()
    assert record.verified and record.gateway == "sandbox"


def test_someone_else_cannot_start_paying_an_order(demo, order):
    with refused("missing"):
        services.order_start(actor=demo.applicant2, number=order.number, channel="sandbox",
                             return_url="/", notify_url="/")  # fmt: skip


# --- staff ------------------------------------------------------------------------------------


def test_office_staff_confirm_an_offline_payment_with_the_receipt(demo, contexts, order):
    services.order_confirm_offline(
        actor=demo.office_staff, role_context=contexts["office"], order_id=order.pk,
        receipt_number="GX2026-0001",
    )  # fmt: skip
    order.refresh_from_db()
    assert (order.status, order.channel, order.serial_number) == ("paid", "offline", "GX2026-0001")
    from applications.models import ActionLog

    entry = ActionLog.objects.get(subject_type="order", subject_id=order.pk, action="order.paid")
    assert entry.actor == demo.office_staff and entry.data["via"] == "offline"


def test_another_office_cannot_confirm(demo, contexts, order):
    with refused("scope"):
        services.order_confirm_offline(
            actor=demo.office_staff,
            role_context=contexts["office_qz"], order_id=order.pk, receipt_number="X1",
        )  # fmt: skip


def test_a_receipt_number_is_required(demo, contexts, order):
    with refused("receipt"):
        services.order_confirm_offline(actor=demo.office_staff, role_context=contexts["office"],
                                       order_id=order.pk, receipt_number=" ")  # fmt: skip


def test_staff_refund_part_then_the_rest(demo, contexts, order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    services.order_refund(actor=demo.committee_staff, role_context=contexts["committee"],
                          order_id=order.pk, reason="多收", amount=Decimal("20.00"))  # fmt: skip
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and order.refunded_amount == Decimal(
        "20.00"
    )
    with refused("amount"):
        services.order_refund(actor=demo.committee_staff, role_context=contexts["committee"],
                              order_id=order.pk, reason="多收", amount=Decimal("30.01"))  # fmt: skip
    services.order_refund(actor=demo.committee_staff, role_context=contexts["committee"],
                          order_id=order.pk, reason="不予受理")  # fmt: skip
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and order.refunds.count() == 2


def test_a_refund_needs_a_reason(demo, contexts, order):
    services.sandbox_pay(actor=order.payer, number=order.number)
    with refused("reason"):
        services.order_refund(actor=demo.committee_staff, role_context=contexts["committee"],
                              order_id=order.pk, reason="")  # fmt: skip


def test_a_rejected_application_has_its_fee_refunded(
    demo, contexts, order, django_capture_on_commit_callbacks
):
    from reviews.services import application_reject

    services.sandbox_pay(actor=order.payer, number=order.number)
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(actor=demo.committee_staff, role_context=contexts["committee"],
                           application=order.application, version=None, reason="材料不全，不予受理")  # fmt: skip
    assert Application.objects.get(pk=order.application_id).status == Status.REJECTED
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    refund = order.refunds.get()
    assert refund.amount == Decimal("50.00") and refund.status == "succeeded"


def test_a_failed_gateway_refund_is_kept_and_flagged(demo, contexts, order, monkeypatch):
    from payments.gateways.sandbox import SandboxGateway

    services.sandbox_pay(actor=order.payer, number=order.number)

    def down(self, *args, **kwargs):
        from payments.gateways import GatewayError

        raise GatewayError("down")

    monkeypatch.setattr(SandboxGateway, "refund", down)
    refund = services.order_refund(actor=demo.committee_staff, role_context=contexts["committee"],
                                   order_id=order.pk, reason="退费")  # fmt: skip
    order.refresh_from_db()
    assert refund.status == "failed" and order.is_paid and order.needs_attention


def test_unpaid_orders_close_after_their_time_and_staff_reopen_them(
    settings, demo, contexts, order
):
    assert services.orders_close_unpaid(now=order.expires_at - datetime.timedelta(minutes=1)) == 0
    assert services.orders_close_unpaid(now=order.expires_at + datetime.timedelta(minutes=1)) == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED and order.closed_at is not None
    with refused("status"):
        services.sandbox_pay(actor=order.payer, number=order.number)
    services.order_reopen(
        actor=demo.office_staff, role_context=contexts["office"], order_id=order.pk
    )
    order.refresh_from_db()
    assert order.is_pending and order.expires_at > timezone.now()


def test_the_close_command_closes_expired_orders(order):
    from django.core.management import call_command

    Order.objects.filter(pk=order.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    call_command("close_unpaid_orders")
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED


def test_invoice_requested_then_issued(demo, contexts, order):
    from tests.files import pdf_bytes

    with refused("status"):
        services.invoice_request(actor=order.payer, number=order.number, title="张三",
                                 tax_number="", email="a@example.com")  # fmt: skip
    services.sandbox_pay(actor=order.payer, number=order.number)
    with refused("tax"):
        services.invoice_request(actor=order.payer, number=order.number, title="张三",
                                 tax_number="123", email="a@example.com")  # fmt: skip
    services.invoice_request(actor=order.payer, number=order.number, title="南宁蓝海工程有限公司",
                             tax_number="91450100MA5L3B2C1F", email="a@example.com")  # fmt: skip
    services.invoice_issue(actor=demo.office_staff, role_context=contexts["office"],
                           order_id=order.pk, pdf=pdf_bytes())  # fmt: skip
    order.refresh_from_db()
    assert order.invoice_status == InvoiceStatus.ISSUED and order.invoice_file
