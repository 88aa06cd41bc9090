"""The applicant's list cards lead to the certificate once there is one (seed 002 3.5)."""

import pytest
from django.urls import reverse

from applications.models import Kind, Status

from .conftest import start

pytestmark = pytest.mark.django_db


def _card(client, application):
    page = client.get(reverse("applications:list", args=[application.kind])).content.decode()
    start_at = page.index(f'id="app-{application.pk}-title"')
    return page[start_at : page.index("</article>", start_at)]


def test_approved_and_certified_cards_offer_mailing_and_the_certificate(client, demo):
    application = start(demo.applicant, Kind.RECOGNITION, demo=demo)
    client.force_login(demo.applicant)
    draft_card = _card(client, application)
    assert reverse("certificates:delivery", args=[application.pk]) not in draft_card

    application.status = Status.APPROVED
    application.save()
    approved_card = _card(client, application)
    assert reverse("certificates:delivery", args=[application.pk]) in approved_card
    assert reverse("certificates:mine") not in approved_card

    application.status = Status.CERTIFIED
    application.save()
    assert reverse("certificates:mine") in _card(client, application)


def test_no_mailing_where_the_office_does_not_offer_it(client, demo):
    application = start(demo.applicant, Kind.RECOGNITION, demo=demo)
    application.office.mailing_enabled = False
    application.office.save()
    application.status = Status.APPROVED
    application.save()
    client.force_login(demo.applicant)
    assert reverse("certificates:delivery", args=[application.pk]) not in _card(client, application)


def _certificate_of(demo, **kwargs):
    """A real certificate: an approved application certified by the office."""
    from accounts.roles import Role, RoleContext
    from certificates.services import certificate_issue as certify
    from tests.factories import ApprovedApplicationFactory

    approved = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office, **kwargs)
    return certify(
        actor=demo.office_staff,
        role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
        application_id=approved.pk,
    )


@pytest.mark.parametrize("kind", [Kind.RECONFIRMATION, Kind.REPLACEMENT])
def test_original_title_can_be_taken_from_my_certificates(client, demo, kind):
    certificate = _certificate_of(demo, year=2024)
    application = start(demo.applicant, kind, demo=demo)
    client.force_login(demo.applicant)
    page = client.get(
        reverse("applications:section", args=[application.pk, "application_info"])
    ).content.decode()
    assert "从我的证书中选择" in page
    assert f'data-original_certificate_number="{certificate.number}"' in page
    assert f'data-granted_on="{certificate.approved_on:%Y-%m-%d}"' in page


def test_out_of_province_confirmation_does_not_offer_in_province_certificates(client, demo):
    certificate = _certificate_of(demo, year=2024)
    application = start(demo.applicant, Kind.TRANSFER, demo=demo)
    client.force_login(demo.applicant)
    page = client.get(
        reverse("applications:section", args=[application.pk, "application_info"])
    ).content.decode()
    assert "从我的证书中选择" not in page
    assert certificate.number not in page


def test_no_picker_for_other_kinds_or_other_peoples_certificates(client, demo):
    _certificate_of(demo, year=2024)
    recognition = start(demo.applicant, Kind.RECOGNITION, demo=demo)
    client.force_login(demo.applicant)
    page = client.get(reverse("applications:section", args=[recognition.pk, "application_info"]))
    assert "从我的证书中选择" not in page.content.decode()
    # 李四 does not see 张三's certificate.
    other = start(demo.applicant2, Kind.RECONFIRMATION, demo=demo)
    client.force_login(demo.applicant2)
    page = client.get(reverse("applications:section", args=[other.pk, "application_info"]))
    assert "从我的证书中选择" not in page.content.decode()


def test_a_number_issued_here_is_accepted_as_original_certificate_number(demo):
    from applications.models import ApplicationInfo

    field = ApplicationInfo._meta.get_field("original_certificate_number")
    for number in ("20160145", "GXLD-2026-3-000001"):
        field.run_validators(number)
    with pytest.raises(Exception, match="证书"):
        field.run_validators("GXLD 2026/3")
