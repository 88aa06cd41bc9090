"""The review fee in the reviewers' work: a route level that waits for the fee, and the queue
of the committee and the office showing who has paid."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import OrganisationType, ReviewRoute, RouteLevel, Status
from payments import services as payments
from payments.models import FeeItem, Order
from reviews import services
from tests.factories import PersonFactory
from tests.refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_item(demo):
    return FeeItem.objects.create(
        name="代办晋升专业技术职务费", amount=Decimal("50.00"), committee=demo.committee
    )


@pytest.fixture
def committee_waits(demo):
    """The office's route: unit, office, and a committee that waits for the fee."""
    route = ReviewRoute.objects.create(office=demo.office)
    RouteLevel.objects.create(route=route, position=0, organisation_type=OrganisationType.UNIT)
    RouteLevel.objects.create(
        route=route, position=1, organisation_type=OrganisationType.OFFICE, may_decide=True
    )
    RouteLevel.objects.create(
        route=route,
        position=2,
        organisation_type=OrganisationType.COMMITTEE,
        may_decide=True,
        waits_for_fee=True,
    )
    return route


def _approve(demo, contexts, app):
    return services.application_approve(
        actor=demo.committee_staff,
        role_context=contexts["committee_staff"],
        application=app,
        version=app.version,
    )


def test_a_level_waiting_for_the_fee_decides_once_it_is_paid(
    demo, contexts, make_application, fee_item, committee_waits, client_as, keys
):
    app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
    assert app.current_step.waits_for_fee  # copied from the route level at submission
    order = Order.objects.get(application=app)
    with refused("fee_unpaid", match="代办晋升专业技术职务费 尚未支付"):
        _approve(demo, contexts, app)
    app.refresh_from_db()
    assert app.status == Status.COMMITTEE_REVIEW

    # The committee sees why on the page, and the refusal when it tries anyway.
    committee = client_as(demo.committee_staff, keys["committee_staff"])
    detail = reverse("reviews:detail", args=[app.pk])
    assert (
        "本级须待缴费后办理：代办晋升专业技术职务费 尚未支付"
        in committee.get(detail).content.decode()
    )
    answer = committee.post(reverse("reviews:approve", args=[app.pk]), {"version": app.version})
    assert "尚未支付" in answer.content.decode()
    app.refresh_from_db()
    assert app.status == Status.COMMITTEE_REVIEW

    payments.sandbox_pay(actor=demo.applicant, number=order.number)
    assert "本级须待缴费后办理" not in committee.get(detail).content.decode()
    _approve(demo, contexts, app)
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_waiting_for_the_fee_still_lets_the_level_return_or_reject(
    demo, contexts, make_application, fee_item, committee_waits
):
    app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
    services.application_reject(
        actor=demo.committee_staff,
        role_context=contexts["committee_staff"],
        application=app,
        version=app.version,
        reason="不符合评审条件",
    )
    app.refresh_from_db()
    assert app.status == Status.REJECTED
    assert Order.objects.get(application=app).status == "closed"


def test_a_level_that_does_not_wait_decides_before_the_fee(
    demo, contexts, make_application, fee_item
):
    app = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
    assert not app.current_step.waits_for_fee
    assert Order.objects.get(application=app).is_pending
    _approve(demo, contexts, app)
    app.refresh_from_db()
    assert app.status == Status.APPROVED


def test_the_committee_and_office_queues_show_who_has_paid(
    demo, make_application, fee_item, client_as, keys
):
    paid = make_application(applicant=demo.applicant, at_committee=True, accepted=True)
    payments.sandbox_pay(actor=demo.applicant, number=Order.objects.get(application=paid).number)
    owing = make_application(applicant=demo.applicant2, at_committee=True, accepted=True)
    none = make_application(applicant=PersonFactory(unit=demo.unit), at_committee=True)

    for role in ("committee_staff", "office_staff"):
        client = client_as(getattr(demo, role), keys[role])
        page = client.get(reverse("reviews:queue"), {"status": "all"})
        rows = {app.pk: app for app in page.context["page"].object_list}
        assert rows[paid.pk].fee_status == "paid", role
        assert rows[owing.pk].fee_status == "pending", role
        assert rows[none.pk].fee_status is None, role
        text = page.content.decode()
        assert "缴费情况" in text and "已支付" in text and "待支付" in text

    unit = client_as(demo.staff, keys["staff"])
    assert "缴费情况" not in unit.get(reverse("reviews:queue"), {"status": "all"}).content.decode()
