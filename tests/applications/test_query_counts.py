"""The applicant's pages cost the same number of queries however many applications, log rows
and messages there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Kind
from tests.factories import ApplicationFactory
from titleportal.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_applicant_pages_do_not_grow_with_the_data(client, demo, django_assert_num_queries):
    mine = ApplicationFactory(
        applicant=demo.applicant, unit=demo.unit, office=demo.office, at_office=True
    )
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
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, label
        small[label] = len(queries)
    for year in range(2015, 2025):
        ApplicationFactory(
            applicant=demo.applicant,
            unit=demo.unit,
            office=demo.office,
            year=year,
            approved=True,
        )
    Message.objects.bulk_create(
        [Message(recipient=demo.applicant, event="test", title=f"消息 {n}") for n in range(45)]
    )
    for label, url in pages:
        with django_assert_num_queries(small[label]):
            assert client.get(url).status_code == 200, label
