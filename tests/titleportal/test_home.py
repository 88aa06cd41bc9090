"""The home page says what to do next: the applicant's applications under way with their
holder, deadline and to-dos; reviewers' queues with what is past the session deadline."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.roles import Role
from applications.models import ActionLog, Kind, Status, VoidNotice
from certificates.models import Certificate
from payments.models import FeeItem, Order
from tests.factories import ApplicationFactory, ApprovedApplicationFactory
from units.models import ReviewSession

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def session(demo):
    """This year's session of the demo committee, its deadlines set around today."""
    session, _ = ReviewSession.objects.update_or_create(
        committee=demo.committee,
        year=timezone.localdate().year,
        defaults={
            "opens_on": _day(-30),
            "applicant_first_deadline": _day(10),
            "applicant_revision_deadline": _day(12),
            "unit_deadline": _day(20),
        },
    )
    return session


def _evaluation(demo, session, **kwargs):
    kwargs.setdefault("applicant", demo.applicant)
    return ApplicationFactory(
        kind=Kind.EVALUATION,
        unit=demo.unit,
        office=demo.office,
        committee=demo.committee,
        review_session=session,
        **kwargs,
    )


def _as(client, user, key: str):
    client.force_login(user)
    store = client.session
    store[SESSION_KEY] = key
    store.save()
    return client


def _applicant_home(client, demo) -> str:
    return _as(client, demo.applicant, f"{Role.APPLICANT}:").get("/").content.decode()


def test_a_returned_application_says_what_to_fix_and_by_when(client, demo, session):
    app = _evaluation(demo, session, returned=True)
    ActionLog.objects.filter(application=app, action="application.returned").update(
        opinion="学历证书不清晰", data={"files": "学历证书扫描件、职称证书"}
    )
    page = _applicant_home(client, demo)
    assert "下一步要做的事" in page
    assert "您（已退回修改）" in page
    assert "学历证书不清晰" in page
    assert "学历证书扫描件、职称证书" in page  # the materials the reviewer named to replace
    assert "退回修改后重新提交截止" in page and _day(12).isoformat() in page
    assert reverse("applications:open", args=[app.pk]) in page and "修改申报" in page


def test_an_application_in_review_names_who_holds_it_since_when(client, demo, session):
    _evaluation(demo, session, at_unit=True)
    page = _applicant_home(client, demo)
    assert demo.unit.name in page
    assert f"自 {timezone.localdate().isoformat()} 起" in page
    assert "单位报送截止" in page and _day(20).isoformat() in page
    assert "暂无待办事项，正在审核中。" in page


def test_a_replacement_in_void_notice_publicity_says_when_it_ends(client, demo):
    app = ApplicationFactory(
        applicant=demo.applicant,
        unit=demo.unit,
        office=demo.office,
        kind=Kind.REPLACEMENT,
        status=Status.DRAFT,
        submitted_at=None,
        last_submitted_at=None,
    )
    VoidNotice.objects.create(
        application=app,
        holder_name="张三",
        qualification_name="助理工程师",
        approving_authority="广西职改办",
        office_name=demo.office.name,
        starts_on=_day(-2),
        ends_on=_day(3),
    )
    page = _applicant_home(client, demo)
    assert f"遗失证书作废声明公示中，公示于 {_day(3).isoformat()} 结束" in page
    # Not "complete and submit": nothing can be submitted before the notice ends.
    assert "请填写完整各栏目后提交申报。" not in page


def test_results_in_publicity_and_a_fee_due_are_to_dos(client, demo, session):
    approved = ApprovedApplicationFactory(
        applicant=demo.applicant,
        office=demo.office,
        kind=Kind.EVALUATION,
        committee=demo.committee,
        results_publicity_ends_on=_day(4),
    )
    item = FeeItem.objects.create(name="评审费", amount=Decimal("180.00"), committee=demo.committee)
    order = Order.objects.create(
        number="TP202600000001",
        payer=demo.applicant,
        application=approved,
        purpose="review",
        item=item,
        item_name=item.name,
        committee=demo.committee,
        amount=item.amount,
    )
    postage = FeeItem.objects.create(
        name="邮寄费", purpose="postage", amount=Decimal("20.00"), office=demo.office
    )
    Order.objects.create(
        number="TP202600000002",
        payer=demo.applicant,
        application=approved,
        purpose="postage",
        item=postage,
        item_name="已付的费用",
        committee=demo.committee,
        amount=item.amount,
        status=Order.Status.PAID,
    )
    page = _applicant_home(client, demo)
    assert f"评审结果公示中，公示于 {_day(4).isoformat()} 结束。" in page
    assert "待缴费：评审费，180.00 元。" in page
    assert reverse("payments:pay", args=[order.number]) in page
    assert "已付的费用" not in page


def test_finished_applications_are_not_listed(client, demo):
    ApplicationFactory(
        applicant=demo.applicant, unit=demo.unit, office=demo.office, status="rejected"
    )
    page = _applicant_home(client, demo)
    assert "暂无办理中的申报" in page


def test_the_certificates_lookups_are_counted(client, demo):
    for year, count in ((2020, 3), (2022, 4)):
        app = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office, year=year)
        Certificate.objects.create(
            number=f"GX{app.pk:06d}",
            holder=demo.applicant,
            holder_name="张三",
            holder_id_number=demo.applicant.id_number,
            issuing_body=demo.office.name,
            application=app,
            qualification=app.qualification,
            series=app.series,
            level=app.level,
            office=demo.office,
            approved_on=timezone.localdate(),
            lookup_count=count,
        )
    assert "证书共计被在线查验或浏览 7 次" in _applicant_home(client, demo)


def test_unit_staff_see_their_queue_and_what_is_overdue(client, demo, session):
    past = ReviewSession.objects.create(
        committee=demo.committee,
        year=timezone.localdate().year - 1,
        opens_on=_day(-90),
        applicant_first_deadline=_day(-40),
        applicant_revision_deadline=_day(-35),
        unit_deadline=_day(-3),
    )
    late = _evaluation(demo, past, applicant=demo.applicant2, at_unit=True, year=past.year)
    _evaluation(demo, session, at_unit=True)
    ApplicationFactory(unit=demo.unit, office=demo.office, at_unit=True)
    ApplicationFactory(unit=demo.unit2, office=demo.office, at_unit=True)  # another unit
    page = _as(client, demo.staff, f"{Role.UNIT_STAFF}:{demo.unit.pk}").get("/")
    summary = page.context["queue"]
    assert (summary.total, summary.overdue) == (3, 1)
    assert summary.by_kind == {Kind.EVALUATION: 2, Kind.RECOGNITION: 1}
    assert summary.next_deadline == _day(20)
    text = page.content.decode()
    assert "已过报送截止日期" in text
    assert reverse("reviews:detail", args=[late.pk]) in text
    assert f"截止 {_day(-3).isoformat()}" in text


def _measure(client, url: str) -> int:
    client.get(url)  # what every visitor shares (the notice boxes) is kept from then on
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_home_pages_cost_the_same_queries_whatever_the_data(
    client, demo, session, django_assert_num_queries
):
    item = FeeItem.objects.create(name="评审费", amount=Decimal("100.00"), committee=demo.committee)

    def applications(year: int):
        returned = ApplicationFactory(
            applicant=demo.applicant, unit=demo.unit, office=demo.office, year=year, returned=True
        )
        in_review = ApplicationFactory(
            applicant=demo.applicant,
            unit=demo.unit,
            office=demo.office,
            year=year,
            kind=Kind.RECONFIRMATION,
            at_unit=True,
        )
        Order.objects.create(
            number=f"TP{year}{in_review.pk:08d}",
            payer=demo.applicant,
            application=in_review,
            purpose="review",
            item=item,
            item_name=item.name,
            amount=item.amount,
        )
        return returned

    applications(2010)
    applicant = _as(client, demo.applicant, f"{Role.APPLICANT}:")
    small_applicant = _measure(applicant, "/")
    staff = _as(client.__class__(), demo.staff, f"{Role.UNIT_STAFF}:{demo.unit.pk}")
    small_staff = _measure(staff, "/")
    for year in range(2011, 2021):
        applications(year)
    with django_assert_num_queries(small_applicant):
        assert applicant.get("/").status_code == 200
    with django_assert_num_queries(small_staff):
        assert staff.get("/").status_code == 200
