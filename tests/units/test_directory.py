"""The public committee directory: every committee, its current session and 工作状态."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reference.models import Level, Region, Series
from units.models import Committee, ReviewSession
from units.selectors import SessionState, committee_directory

pytestmark = pytest.mark.django_db


def _session(committee, *, year, opens, deadline, **extra):
    return ReviewSession.objects.create(
        committee=committee,
        year=year,
        opens_on=opens,
        applicant_first_deadline=deadline,
        applicant_revision_deadline=deadline,
        unit_deadline=deadline,
        **extra,
    )


@pytest.fixture
def closed_committee(demo):
    """A second committee whose only session is past its deadlines."""
    committee = Committee.objects.create(
        name="广西卫生系列中级评审委员会",
        region=Region.objects.get(code="450000"),
        office=demo.office,
        series=Series.objects.get(code="health"),
        contact_phone="0771-1234567",
    )
    committee.levels.set([Level.objects.get(code="intermediate")])
    committee.region_scope.set([Region.objects.get(code="450100")])
    today = timezone.localdate()
    _session(
        committee,
        year=today.year,
        opens=today - datetime.timedelta(days=60),
        deadline=today - datetime.timedelta(days=10),
    )
    return committee


def test_anonymous_visitor_sees_each_committee_marked_open_or_past_the_deadline(
    client, demo, closed_committee
):
    response = client.get(reverse("units:committees"))

    assert response.status_code == 200
    page = response.content.decode()
    assert demo.committee.name in page and closed_committee.name in page
    assert "材料接收中" in page
    assert "已过申报材料提交截止时间" in page
    assert "南宁市" in page  # the region scope of the second committee


def test_the_state_follows_the_current_session(demo, closed_committee):
    rows = {row["committee"].pk: row for row in committee_directory()}

    assert rows[demo.committee.pk]["state"] == SessionState.OPEN
    assert rows[closed_committee.pk]["state"] == SessionState.CLOSED
    # The demo committee also has last year's closed session: this year's is the current one.
    assert rows[demo.committee.pk]["session"].year == timezone.localdate().year


def test_a_committee_whose_intake_was_closed_is_past_the_deadline(demo):
    session = demo.committee.sessions.get(year=timezone.localdate().year)
    session.intake_closed_at = timezone.now()
    session.save(update_fields=["intake_closed_at"])

    (row,) = [r for r in committee_directory() if r["committee"] == demo.committee]

    assert row["state"] == SessionState.CLOSED


def test_filtering_by_series_leaves_the_other_committees_out(client, demo, closed_committee):
    series = Series.objects.get(code="health")

    page = client.get(reverse("units:committees"), {"series": series.pk}).content.decode()

    assert closed_committee.name in page
    assert demo.committee.name not in page


def test_a_bad_filter_value_lists_every_committee(client, demo, closed_committee):
    response = client.get(reverse("units:committees"), {"series": "x'--", "level": "999999"})

    assert response.status_code == 200
    assert demo.committee.name in response.content.decode()


def test_the_detail_shows_the_session_notice(client, demo):
    session = demo.committee.sessions.get(year=timezone.localdate().year)
    session.group_vote = True
    session.interview = ReviewSession.Interview.PARTIAL
    session.policy_url = "https://rst.gxzf.gov.cn/policy.pdf"
    session.save()

    page = client.get(reverse("units:committee", args=[demo.committee.pk])).content.decode()

    assert demo.committee.name in page
    assert session.opens_on.strftime("%Y-%m-%d") in page
    assert session.unit_deadline.strftime("%Y-%m-%d") in page
    assert "专业组投票" in page
    assert "部分面试答辩" in page or "部分申报人面试答辩" in page
    assert "https://rst.gxzf.gov.cn/policy.pdf" in page
    assert "材料接收中" in page


def test_an_inactive_committee_is_not_in_the_directory(client, demo):
    Committee.objects.filter(pk=demo.committee.pk).update(is_active=False)

    assert client.get(reverse("units:committee", args=[demo.committee.pk])).status_code == 404
    assert demo.committee.name not in client.get(reverse("units:committees")).content.decode()


def test_the_directory_runs_a_constant_number_of_queries(
    client, demo, closed_committee, django_assert_max_num_queries
):
    for n in range(5):
        extra = Committee.objects.create(
            name=f"评委会{n}",
            region=demo.committee.region,
            office=demo.office,
            series=demo.committee.series,
        )
        extra.levels.set(demo.committee.levels.all())
        extra.region_scope.set(demo.committee.region_scope.all())
    with django_assert_max_num_queries(12):
        assert client.get(reverse("units:committees")).status_code == 200
