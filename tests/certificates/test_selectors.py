import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role, RoleContext
from certificates import selectors, services
from certificates.models import Certificate

from .test_services import scan  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def certify(demo, office_context):
    def issue(application):
        return services.certificate_issue(
            actor=demo.office_staff, role_context=office_context, application_id=application.pk
        )

    return issue


def test_certificates_of_are_the_valid_ones_of_the_person(demo, approved, certify):
    mine = certify(approved())
    void = certify(approved(year=2020))
    Certificate.objects.filter(pk=void.pk).update(
        status="void", voided_on=timezone.localdate(), void_reason="replaced"
    )
    certify(approved(applicant=demo.applicant2))
    assert list(selectors.certificates_of(demo.applicant)) == [mine]
    # 我的证书 shows the void one too, valid ones first.
    assert list(selectors.certificates_for_holder(demo.applicant)) == [mine, void]


def test_holder_gets_404_for_someone_elses_certificate(demo, approved, certify):
    certificate = certify(approved())
    assert selectors.get_certificate_for_holder(demo.applicant, certificate.pk) == certificate
    with pytest.raises(Http404):
        selectors.get_certificate_for_holder(demo.applicant2, certificate.pk)


def test_office_scope(demo, approved, certify, office_context, other_office_context):
    certificate = certify(approved())
    assert selectors.get_certificate_for_office(office_context, certificate.pk) == certificate
    with pytest.raises(Http404):
        selectors.get_certificate_for_office(other_office_context, certificate.pk)
    with pytest.raises(Http404):
        selectors.get_certificate_for_office(RoleContext(Role.APPLICANT), certificate.pk)
    assert list(selectors.certificates_issued_by(other_office_context)) == []
    assert list(selectors.applications_awaiting_certification(other_office_context)) == []


def test_find_certificates_tolerates_how_people_type_numbers(demo, approved, certify):
    certificate = certify(approved())
    typed = " " + certificate.number.lower().replace("-", "－") + " "
    assert selectors.find_certificates(number=typed, holder_name=" 张三 ") == [certificate]
    assert selectors.find_certificates(number=certificate.number, holder_name="张") == []
    assert selectors.find_certificates(number="", holder_name="张三") == []


def test_find_by_code(demo, approved, certify):
    certificate = certify(approved())
    assert selectors.find_certificate_by_code(certificate.verification_code.lower()) == certificate
    assert selectors.find_certificate_by_code("X" * 16) is None


def test_delivery_offers_skip_replaced_certificates(demo, approved, certify):
    application = approved(decided_at=timezone.now() - datetime.timedelta(days=900), year=2020)
    certificate = certify(application)
    assert list(selectors.applications_awaiting_delivery(demo.applicant)) == [application]
    Certificate.objects.filter(pk=certificate.pk).update(
        status="void", voided_on=timezone.localdate(), void_reason="replaced"
    )
    assert list(selectors.applications_awaiting_delivery(demo.applicant)) == []


def test_office_scope_is_what_the_office_may_see_plus_what_it_verified(
    demo,
    approved,
    certify,
    office_context,
    scan,  # noqa: F811  (the imported fixture)
):
    """An issued certificate belongs to the office through its application (the one rule,
    ``workflow.visible_to``); a verified historical one, which has no application, through
    the office that verified it."""
    from applications import workflow

    from .test_services import submit

    issued = certify(approved())
    assert issued.application in workflow.visible_to(office_context)
    record = services.historical_certificate_verify(
        actor=demo.office_staff,
        role_context=office_context,
        historical_id=submit(demo, scan, office=demo.office, level="deputy_senior").pk,
    )
    historical = record.certificate
    assert set(selectors.certificates_of_office(office_context)) == {issued, historical}
    assert selectors.get_certificate_for_office(office_context, historical.pk) == historical
    # The list of issued certificates leaves the historical one out, as before.
    assert list(selectors.certificates_issued_by(office_context)) == [issued]
    # An application the office no longer sees takes its certificate out of the office's lists.
    issued.application.reaches.all().delete()
    assert list(selectors.certificates_issued_by(office_context)) == []
