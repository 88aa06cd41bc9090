"""100 notifications of one payment at the same moment pay the order once (PostgreSQL row
locks; SQLite serialises whole write transactions, so it says nothing about them)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from applications.models import ActionLog
from payments import services
from payments.models import Order, PaymentNotification
from tests.conftest import REQUIRE_ALL
from titleportal.models import Message

from .conftest import alipay_notification

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20
NOTIFICATIONS = 100


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        reason = "needs PostgreSQL row locks (set DATABASE_URL to a PostgreSQL database)"
        if REQUIRE_ALL:
            pytest.fail(f"{reason}; CI requires the concurrency tests to run", pytrace=False)
        pytest.skip(reason)


def test_many_concurrent_notifications_pay_the_order_once(
    postgres, gateways_configured, alipay_keys, order
):
    body = alipay_notification(alipay_keys[1], order_number=order.number, amount="50.00")
    barrier = threading.Barrier(THREADS)

    def worker(_index):
        answers = []
        try:
            barrier.wait(timeout=30)
            for _ in range(NOTIFICATIONS // THREADS):
                answer = services.notification_receive(gateway_code="alipay", body=body, headers={})
                answers.append(answer.body)
        finally:
            connection.close()
        return answers

    with ThreadPoolExecutor(THREADS) as pool:
        answers = [a for batch in pool.map(worker, range(THREADS)) for a in batch]

    assert answers == ["success"] * NOTIFICATIONS
    order.refresh_from_db()
    assert order.is_paid and not order.needs_attention
    results = list(PaymentNotification.objects.values_list("result", flat=True))
    assert results.count("paid") == 1 and results.count("duplicate") == NOTIFICATIONS - 1
    assert ActionLog.objects.filter(subject_type="order", action="order.paid").count() == 1
    assert Message.objects.filter(event="payment.paid").count() == 1
    assert Order.objects.filter(pk=order.pk, status="paid").count() == 1
