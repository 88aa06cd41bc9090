"""单位调整 during a draft: the first submission goes to the person's current unit."""

import pytest

from applications.models import Kind, Status
from tests.refusals import refused
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
    with refused("no_unit", match="单位秘钥"):
        submitted(application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_an_application_shows_the_unit_name_it_was_submitted_under(demo, client):
    from django.urls import reverse

    from units.services import unit_update_info

    old_name = demo.unit.name
    application = submitted(
        complete_recognition(start(demo.applicant, Kind.RECOGNITION, demo=demo))
    )
    assert application.unit_name == old_name
    unit = demo.unit
    unit_update_info(
        actor=demo.unit_account,
        unit=unit,
        name="南宁蓝海智能工程有限公司",
        legal_representative=unit.legal_representative,
        industry=unit.industry,
        region=unit.region,
        address=unit.address,
        unit_type=unit.unit_type,
    )
    client.force_login(demo.applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert old_name in page
    assert "（现名：南宁蓝海智能工程有限公司）" in page
