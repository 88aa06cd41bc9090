"""The nightly reconciliation (``reconcile_pending_orders``): pending orders are asked about at
the gateways and paid or closed through the same checks as a notification. Alipay's answers
are signed here with a platform key made for the run, and go through the SDK's verification."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.management import call_command
from django.utils import timezone

from applications.models import ActionLog
from payments.gateways.alipay import AlipayGateway
from payments.models import Order, OrderStatus
from payments.services import orders_reconcile_pending
from tests.payments.conftest import signed_alipay_answer
from titleportal.models import Message

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


def signed_query_answer(key, **fields) -> bytes:
    return signed_alipay_answer(key, "alipay.trade.query", **fields)


def _paid_answer(platform_key, order, **changes):
    fields = {
        "trade_no": "2026120322001400001",
        "out_trade_no": order.number,
        "trade_status": "TRADE_SUCCESS",
        "total_amount": str(order.amount),
        **changes,
    }
    return signed_query_answer(platform_key, **fields)


def test_alipay_query_reads_a_signed_answer(alipay_answers, alipay_keys, order):
    answers, asked = alipay_answers
    _app_key, platform_key = alipay_keys
    answers.append(_paid_answer(platform_key, order))
    result = AlipayGateway().query(order)
    assert result.paid and result.serial_number == "2026120322001400001"
    assert result.amount == Decimal("50.00") and result.merchant == "2021000000000001"
    assert asked[0]["method"] == "alipay.trade.query"
    assert asked[0]["biz_content"] == {"out_trade_no": order.number}

    answers.append(_paid_answer(platform_key, order, trade_status="WAIT_BUYER_PAY"))
    assert not AlipayGateway().query(order).paid
    # Alipay does not know the trade (the payer never went there): signed, not paid.
    answers.append(signed_query_answer(platform_key, code="40004", sub_code="ACQ.TRADE_NOT_EXIST"))
    assert not AlipayGateway().query(order).paid


def test_alipay_query_refuses_an_answer_not_signed_by_alipay(alipay_answers, order):
    from payments.gateways import GatewayError

    answers, _asked = alipay_answers
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    answers.append(_paid_answer(forger, order))
    with pytest.raises(GatewayError):
        AlipayGateway().query(order)


def test_reconcile_pays_an_order_alipay_reports_paid(alipay_answers, alipay_keys, order, demo):
    answers, _asked = alipay_answers
    answers.append(_paid_answer(alipay_keys[1], order))
    report = orders_reconcile_pending(older_than_minutes=30, now=timezone.now() + LATER)
    assert (report.checked, report.paid, report.closed) == (1, 1, 0)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.channel == "alipay" and order.serial_number == "2026120322001400001"
    entry = ActionLog.objects.get(subject_type="order", subject_id=order.pk, action="order.paid")
    assert entry.data["via"] == "reconcile"
    assert Message.objects.filter(recipient=demo.applicant, event="payment.paid").exists()


def test_reconcile_leaves_a_forged_or_unreachable_answer_for_the_next_run(alipay_answers, order):
    answers, _asked = alipay_answers
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    answers.append(_paid_answer(forger, order))
    order.expires_at = timezone.now()
    order.save()
    later = timezone.now() + LATER
    report = orders_reconcile_pending(older_than_minutes=30, now=later)
    assert (report.paid, report.closed, report.unreachable) == (0, 0, 1)
    # No answer at all (the network is down): still pending, nothing lost.
    report = orders_reconcile_pending(older_than_minutes=30, now=later)
    assert report.unreachable == 1
    order.refresh_from_db()
    assert order.is_pending


def test_reconcile_flags_a_payment_of_another_amount(alipay_answers, alipay_keys, order):
    answers, _asked = alipay_answers
    answers.append(_paid_answer(alipay_keys[1], order, total_amount="0.01"))
    report = orders_reconcile_pending(older_than_minutes=30, now=timezone.now() + LATER)
    assert (report.paid, report.flagged) == (0, 1)
    order.refresh_from_db()
    assert order.is_pending and order.needs_attention
    assert "不一致" in order.attention_note


def test_reconcile_closes_what_is_unpaid_and_past_its_time(
    settings, make_application, fee_item, order
):
    """With the sandbox only (it reports nothing paid): an order past its time is closed, one
    within its time stays, one younger than the given minutes is not asked about."""
    from payments.services import orders_create

    settings.PAYMENT_GATEWAYS = ["sandbox"]
    now = timezone.now() + LATER
    order.expires_at = now - timedelta(minutes=1)
    order.save()
    (open_order,) = orders_create(application=make_application(year=2024), purpose="review")
    (young,) = orders_create(application=make_application(year=2023), purpose="review")
    Order.objects.filter(pk=young.pk).update(
        created_at=now - timedelta(minutes=5), expires_at=now - timedelta(minutes=1)
    )
    report = orders_reconcile_pending(older_than_minutes=30, now=now)
    assert (report.checked, report.paid, report.closed) == (2, 0, 1)
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[order.pk] == OrderStatus.CLOSED
    assert statuses[open_order.pk] == OrderStatus.PENDING
    assert statuses[young.pk] == OrderStatus.PENDING


def test_the_command_reports_what_it_did(settings, order):
    settings.PAYMENT_GATEWAYS = ["sandbox"]
    out = io.StringIO()
    call_command("reconcile_pending_orders", "--older-than", "0", stdout=out)
    assert "1 pending order(s) checked: 0 paid, 0 closed" in out.getvalue()
    order.refresh_from_db()
    assert order.is_pending
