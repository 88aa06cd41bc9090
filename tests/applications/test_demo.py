import pytest

from applications.models import Application, Attachment, Kind, Status, VoidNotice
from titleportal.demo.applications import seed_applications

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_demo_applications_in_several_states_and_idempotent(demo):
    seed_applications()
    counts = (Application.objects.count(), Attachment.objects.count(), VoidNotice.objects.count())
    seed_applications()
    assert counts == (
        Application.objects.count(),
        Attachment.objects.count(),
        VoidNotice.objects.count(),
    )
    states = {
        (a.applicant.full_name, a.kind): a.status
        for a in Application.objects.select_related("applicant")
    }
    assert states == {
        ("张三", Kind.RECOGNITION): Status.DRAFT,
        ("张三", Kind.EVALUATION): Status.RETURNED,
        ("张三", Kind.REPLACEMENT): Status.DRAFT,
        ("李四", Kind.EVALUATION): Status.UNIT_REVIEW,
        ("李四", Kind.RECONFIRMATION): Status.DRAFT,
    }
    returned = Application.objects.get(applicant=demo.applicant, kind=Kind.EVALUATION)
    entry = returned.actions.get(action="application.returned")
    assert entry.opinion and entry.data["sections"] == ["achievements", "basic_info"]
    replacement = Application.objects.get(applicant=demo.applicant, kind=Kind.REPLACEMENT)
    assert not replacement.void_notice.is_over()
    assert demo.committee.sessions.get().required_materials.count() >= 5


def test_the_demo_applicant_has_a_filled_profile_that_seeding_again_keeps(demo):
    from applications.models import Profile
    from titleportal.demo.applications import seed_profile

    seed_profile()
    seed_profile()
    profile = Profile.objects.get(person=demo.applicant)
    assert profile.photo and profile.native_place == "广西南宁"
    assert [r.school for r in profile.education_rows.all()] == ["广西大学"]
    assert profile.work_history_rows.count() == 1
    assert profile.appraisal_rows.count() == 3


def test_no_demo_application_in_review_has_an_incomplete_section(demo):
    """What reviewers open in the demo was submittable: every section complete."""
    from applications.sections import ApplicationSections

    seed_applications()
    in_review = Application.objects.exclude(status__in=[Status.DRAFT, Status.RETURNED])
    assert in_review.exists()
    for application in in_review:
        missing = [spec.key for spec, _ in ApplicationSections(application).incomplete()]
        assert missing == [], (application, missing)
