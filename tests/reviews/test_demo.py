import pytest

from applications.models import ActionLog, Application, Status
from reviews.models import ReturnSnapshot
from titleportal.demo.reviews import seed_reviews

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_demo_shows_every_level_and_is_idempotent(demo):
    seed_reviews()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {
        Status.UNIT_REVIEW,
        Status.DEPT_REVIEW,
        Status.OFFICE_REVIEW,
        Status.COMMITTEE_REVIEW,
        Status.APPROVED,
    } <= statuses
    # 褚六's application was returned naming the work summary, revised and resubmitted
    resubmitted = Application.objects.get(applicant__full_name="褚六")
    assert resubmitted.status == Status.UNIT_REVIEW
    assert ReturnSnapshot.objects.filter(application=resubmitted).exists()
    counts = (Application.objects.count(), ActionLog.objects.count())
    seed_reviews()
    assert (Application.objects.count(), ActionLog.objects.count()) == counts
    # the demo applications leave 张三 and 李四 free for the applicant's own journey
    assert not Application.objects.filter(applicant__in=[demo.applicant, demo.applicant2])
