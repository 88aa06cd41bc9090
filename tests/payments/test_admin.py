import pytest

pytestmark = pytest.mark.django_db


def test_admin_lists_fee_items_orders_notifications_and_refunds(client, demo, order):
    client.force_login(demo.admin)
    for url in [
        "/admin/payments/feeitem/",
        "/admin/payments/feeitem/add/",
        f"/admin/payments/feeitem/{order.item_id}/change/",
        "/admin/payments/order/",
        f"/admin/payments/order/{order.pk}/change/",
        "/admin/payments/paymentnotification/",
        "/admin/payments/refund/",
    ]:
        assert client.get(url).status_code == 200, url


def test_a_fee_item_belongs_to_a_committee_or_an_office(demo):
    from django.db import IntegrityError, transaction

    from payments.models import FeeItem

    with pytest.raises(IntegrityError), transaction.atomic():
        FeeItem.objects.create(
            name="x", amount="1.00", committee=demo.committee, office=demo.office
        )
