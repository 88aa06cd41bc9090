import pytest

from payments.models import InvoiceStatus, Order, OrderStatus

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_the_demo_has_orders_in_every_state_and_runs_twice(reference_data):
    from titleportal.demo import seed_demo

    seed_demo()
    statuses = set(Order.objects.values_list("status", flat=True))
    assert statuses == set(OrderStatus.values)
    invoices = set(Order.objects.values_list("invoice_status", flat=True))
    assert invoices == set(InvoiceStatus.values)
    zhang_pending = Order.objects.filter(payer__full_name="张三", status=OrderStatus.PENDING)
    assert zhang_pending.exists()
    count = Order.objects.count()
    seed_demo()
    assert Order.objects.count() == count
