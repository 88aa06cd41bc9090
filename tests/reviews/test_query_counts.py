"""Each reviewer page costs the same number of queries whatever the amount of data: measured
once with a few applications, then asserted again after many more reached every level."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Kind
from payments.models import FeeItem, Purpose
from payments.services import orders_create
from tests.factories import PersonFactory
from titleportal.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

ROLES = ["staff", "dept_staff", "office_staff", "committee_staff"]


def _queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def _grow(make_application, demo, count: int) -> None:
    """``count`` evaluations that reached the committee (every level saw them)."""
    for _ in range(count):
        application = make_application(
            kind=Kind.EVALUATION, at_committee=True, applicant=PersonFactory(unit=demo.unit)
        )
        # The fee column of the committee's and the office's queue (when a fee item exists).
        orders_create(application=application, purpose=Purpose.REVIEW)


@pytest.fixture
def pages(demo, make_application):
    """(label, url, params) of every measured reviewer page."""
    FeeItem.objects.create(name="评审费", amount=Decimal("50.00"), committee=demo.committee)
    first = make_application(kind=Kind.EVALUATION, at_committee=True, applicant=demo.applicant)
    orders_create(application=first, purpose=Purpose.REVIEW)
    return [
        ("first page", reverse("reviews:queue"), {"status": "all"}),
        ("pending", reverse("reviews:queue"), {}),
        ("by name", reverse("reviews:queue"), {"status": "all", "q": "申报"}),
        ("by id", reverse("reviews:queue"), {"status": "all", "q": demo.applicant.id_number}),
        ("deep page", reverse("reviews:queue"), {"status": "all", "page": "2"}),
        ("records", reverse("reviews:records"), {}),
        ("records page 2", reverse("reviews:records"), {"page": "2"}),
        ("messages", reverse("messages"), {}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_reviewer_pages_do_not_grow_with_the_data(
    role, demo, keys, client_as, make_application, pages, django_assert_num_queries
):
    reviewer = getattr(demo, role)
    client = client_as(reviewer, keys[role])
    small = {label: _queries(client, url, params) for label, url, params in pages}
    _grow(make_application, demo, 45)
    Message.objects.bulk_create(
        [Message(recipient=reviewer, event="test", title=f"消息 {n}") for n in range(45)]
    )
    for label, url, params in pages:
        with django_assert_num_queries(small[label]):
            response = client.get(url, params)
        assert response.status_code == 200, label


def test_a_deep_page_follows_the_cursor_at_the_same_cost(
    demo, keys, client_as, make_application, django_assert_num_queries
):
    _grow(make_application, demo, 45)
    client = client_as(demo.office_staff, keys["office_staff"])
    url = reverse("reviews:queue")
    first = client.get(url, {"status": "all"})
    page = first.context["page"]
    assert page.next_page_number == 2
    shown = {application.pk for application in page.object_list}
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"status": "all", "page": "2"})
    with django_assert_num_queries(len(queries)):
        by_cursor = client.get(url, {"status": "all", "after": _cursor(page.object_list[-1])})
    following = by_cursor.context["page"]
    assert following.number is None and following.first_page_link
    assert len(following.object_list) == 20
    assert not shown & {application.pk for application in following.object_list}
    assert "首页" in by_cursor.content.decode()


def _cursor(application) -> str:
    return f"{application.last_submitted_at.isoformat()}~{application.pk}"


def test_beyond_the_numbered_pages_next_is_a_cursor_and_big_counts_are_capped(
    demo, keys, client_as, make_application, monkeypatch
):
    from titleportal import paging

    monkeypatch.setattr(paging, "NUMBERED_PAGES", 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    _grow(make_application, demo, 45)
    client = client_as(demo.office_staff, keys["office_staff"])
    response = client.get(reverse("reviews:queue"), {"status": "all", "page": "2"})
    page = response.context["page"]
    html = response.content.decode()
    assert page.capped and "共 10 000+ 条申报" in html
    assert page.next_page_number is None and page.next_cursor
    assert "after=" in html and "第 2 页" in html
    # a page number past the numbered pages shows the last numbered one
    assert (
        client.get(reverse("reviews:queue"), {"status": "all", "page": "9"}).context["page"].number
        == 2
    )
    records = client.get(reverse("reviews:records")).content.decode()
    assert "共 10 000+ 条记录" in records
