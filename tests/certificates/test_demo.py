import pytest

from certificates.models import Certificate, Delivery, HistoricalCertificate
from titleportal.demo.certificates import seed_certificates

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def test_demo_people_hold_valid_and_void_certificates_and_seeding_is_idempotent(demo):
    seed_certificates()
    counts = [model.objects.count() for model in (Certificate, Delivery, HistoricalCertificate)]
    seed_certificates()
    assert counts == [
        model.objects.count() for model in (Certificate, Delivery, HistoricalCertificate)
    ]
    zhang = Certificate.objects.filter(holder=demo.applicant)
    void = zhang.get(status=Certificate.Status.VOID)
    assert void.get_void_reason_display() == "遗失补办"
    assert zhang.get(replaces=void).is_valid
    assert zhang.filter(status=Certificate.Status.VALID).count() == 2
    assert Certificate.objects.valid().filter(holder=demo.applicant2).exists()
    assert HistoricalCertificate.objects.get(person=demo.applicant).office == demo.office_qz


def test_certified_demo_applications_hold_complete_sections(demo):
    from applications.models import Kind
    from applications.sections import ApplicationSections

    seed_certificates()
    evaluated = Certificate.objects.get(holder=demo.applicant, application__kind=Kind.EVALUATION)
    sections = ApplicationSections(evaluated.application)
    assert [row.school for row in sections.rows("education")] == ["广西大学"]
    assert sections.instance("basic_info").native_place == "广西南宁"
    assert sections.is_complete("work_history")
