"""The applicant's pages cost the same number of queries however many applications, log rows
and messages there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Kind
from payments.models import FeeItem, Purpose
from payments.services import order_refund, orders_create, sandbox_pay
from tests.factories import ApplicationFactory
from titleportal.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_applicant_pages_do_not_grow_with_the_data(client, demo, django_assert_num_queries):
    mine = ApplicationFactory(
        applicant=demo.applicant, unit=demo.unit, office=demo.office, at_office=True
    )
    # The fee on the cards and in the timeline: the postage of the office, one order each.
    FeeItem.objects.create(
        name="证书邮寄费", purpose=Purpose.POSTAGE, amount="22.00", office=demo.office
    )
    orders_create(application=mine, purpose=Purpose.POSTAGE)
    client.force_login(demo.applicant)
    pages = [
        ("home", reverse("home")),
        ("list", reverse("applications:list", args=[Kind.RECOGNITION])),
        ("detail", reverse("applications:detail", args=[mine.pk])),
        ("progress", reverse("applications:progress", args=[mine.pk])),
        ("messages", reverse("messages")),
    ]
    small = {}
    for label, url in pages:
        client.get(url)  # what every visitor shares (the home page's notices) is kept then
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, label
        small[label] = len(queries)
    for year in range(2015, 2025):
        orders_create(
            application=ApplicationFactory(
                applicant=demo.applicant,
                unit=demo.unit,
                office=demo.office,
                year=year,
                approved=True,
            ),
            purpose=Purpose.POSTAGE,
        )
    # More orders of the same application, one paid and refunded (timeline rows of each kind).
    FeeItem.objects.create(
        name="加急邮寄费", purpose=Purpose.POSTAGE, amount="10.00", office=demo.office
    )
    (urgent,) = orders_create(application=mine, purpose=Purpose.POSTAGE)
    sandbox_pay(actor=demo.applicant, number=urgent.number)
    order_refund(actor=None, role_context=None, order_id=urgent.pk, reason="不再邮寄")
    Message.objects.bulk_create(
        [Message(recipient=demo.applicant, event="test", title=f"消息 {n}") for n in range(45)]
    )
    for label, url in pages:
        with django_assert_num_queries(small[label]):
            assert client.get(url).status_code == 200, label
