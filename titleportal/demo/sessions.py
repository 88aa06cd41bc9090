"""Demo review sessions: the open session of this year, last year's closed one, committees."""

import datetime

from django.utils import timezone

from titleportal.demo import (
    COMMITTEE,
    OFFICE_GX,
)

SESSION_DETAILS = {
    "scope": "广西区内各类企事业单位从事工程技术工作的专业技术人员",
    "review_method": "专家评审",
    "consultation_phone": "0771-5505013",
}


def _open_window(today: datetime.date) -> dict:
    return {
        "opens_on": today - datetime.timedelta(days=30),
        "applicant_first_deadline": today + datetime.timedelta(days=30),
        "applicant_revision_deadline": today + datetime.timedelta(days=40),
        "unit_deadline": today + datetime.timedelta(days=50),
    }


def _closed_window(today: datetime.date) -> dict:
    """Last year's round: deadlines long past, intake closed, results publicised and over."""
    from reference.workdays import add_working_days

    published = today - datetime.timedelta(days=200)
    now = timezone.now()
    return {
        "opens_on": today - datetime.timedelta(days=400),
        "applicant_first_deadline": today - datetime.timedelta(days=340),
        "applicant_revision_deadline": today - datetime.timedelta(days=330),
        "unit_deadline": today - datetime.timedelta(days=320),
        "intake_closed_at": now - datetime.timedelta(days=300),
        "results_published_at": now - datetime.timedelta(days=200),
        "results_publicity_ends_on": add_working_days(published, 5),
    }


def seed_open_session(committee) -> None:
    """This year's review session is open, whatever day the demo is seeded.

    Demo dates move with today: seeded again after this year's first-submission deadline,
    and before anyone closed its intake or published results, the window is moved to today.
    """
    from units.models import ReviewSession

    today = timezone.localdate()
    current, created = ReviewSession.objects.get_or_create(
        committee=committee,
        year=today.year,
        defaults={
            **SESSION_DETAILS,
            **_open_window(today),
            "interview": ReviewSession.Interview.PARTIAL,
        },
    )
    untouched = current.intake_closed_at is None and current.results_published_at is None
    if (
        not created
        and untouched
        and not (current.opens_on <= today <= current.applicant_first_deadline)
    ):
        ReviewSession.objects.filter(pk=current.pk).update(**_open_window(today))


def seed_past_session() -> None:
    """Last year's session of the demo committee is closed: created so, or closed now if it
    was the open session of a demo seeded last year."""
    from units.models import Committee, ReviewSession

    committee = Committee.objects.get(name=COMMITTEE)
    today = timezone.localdate()
    closed = _closed_window(today)
    previous, created = ReviewSession.objects.get_or_create(
        committee=committee, year=today.year - 1, defaults={**SESSION_DETAILS, **closed}
    )
    if created or previous.intake_closed_at is not None:
        return
    if previous.unit_deadline < today:  # its own dates are past: keep them
        closed = {
            key: closed[key]
            for key in ("intake_closed_at", "results_published_at", "results_publicity_ends_on")
        }
    ReviewSession.objects.filter(pk=previous.pk).update(**closed)


def seed_committee(name: str, series_code: str):
    """An intermediate-level committee of the Guangxi office for ``series_code``, covering
    Guangxi, with this year's session open."""
    from reference.models import Level, Region, Series
    from units.models import Committee, Office

    guangxi = Region.objects.get(code="450000")
    committee, created = Committee.objects.get_or_create(
        name=name,
        defaults={
            "region": guangxi,
            "office": Office.objects.get(name=OFFICE_GX),
            "series": Series.objects.get(code=series_code),
            "contact_name": "评审会秘书处",
            "contact_phone": "0771-5505013",
        },
    )
    if created:
        committee.levels.set([Level.objects.get(code="intermediate")])
        committee.region_scope.set([guangxi])
    seed_open_session(committee)
    return committee
