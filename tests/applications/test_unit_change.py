"""单位调整 during a draft: the first submission goes to the person's current unit."""

import pytest

from applications.models import Kind, Status
from titleportal.errors import DomainError
from units.models import Affiliation

from .conftest import complete_recognition, return_to_applicant, start, submitted

pytestmark = pytest.mark.django_db


def test_first_submission_goes_to_the_current_unit_and_its_department(demo):
    application = complete_recognition(start(demo.applicant, Kind.RECOGNITION, demo=demo))
    assert application.unit == demo.unit
    Affiliation.objects.filter(person=demo.applicant).update(unit=demo.unit2)
    demo.applicant.refresh_from_db()
    application = submitted(application)
    assert application.unit == demo.unit2
    assert application.department == demo.department  # the second unit has one
    assert application.status == Status.UNIT_REVIEW


def test_resubmission_stays_with_the_unit_that_reviewed_it(demo):
    application = submitted(
        complete_recognition(start(demo.applicant, Kind.RECOGNITION, demo=demo))
    )
    application = return_to_applicant(application, demo.staff, demo.unit)
    Affiliation.objects.filter(person=demo.applicant).update(unit=demo.unit2)
    demo.applicant.refresh_from_db()
    assert submitted(application).unit == demo.unit


def test_without_a_unit_the_submission_is_refused_with_a_hint(demo):
    application = complete_recognition(start(demo.applicant, Kind.RECOGNITION, demo=demo))
    Affiliation.objects.filter(person=demo.applicant).delete()
    demo.applicant.refresh_from_db()
    with pytest.raises(DomainError, match="单位秘钥"):
        submitted(application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
