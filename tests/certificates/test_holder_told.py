"""The holder is told, in 我的消息 and by SMS, when the certificate is sent by EMS and when a
historical certificate is verified or returned for correction."""

import pytest

from accounts.roles import Role, RoleContext
from certificates import services
from titleportal.models import Message
from titleportal.sms import FileSMSBackend

from .test_services import MAIL, certify, county, office_context_for, scan, submit  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def sms_outbox(settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "outbox.log"
    return FileSMSBackend(settings.SMS_OUTBOX)


def told(person, event):
    return Message.objects.get(recipient=person, event=event)


def test_the_holder_is_told_when_the_certificate_ships(
    demo, office_context, approved, sms_outbox, django_capture_on_commit_callbacks
):
    application = approved()
    delivery = services.delivery_choose(
        actor=demo.applicant,
        role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
        application_id=application.pk,
        region=county(),
        **MAIL,
    )
    certify(demo, office_context, application)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_ship(
            actor=demo.office_staff,
            role_context=office_context,
            delivery_id=delivery.pk,
            tracking_number="EA123456789CN",
        )
    message = told(demo.applicant, "delivery.shipped")
    assert "EMS" in message.title and "EA123456789CN" in message.body
    _, phone, text = sms_outbox.messages()[-1]
    assert phone.endswith("13800000001") and "EA123456789CN" in text


@pytest.mark.parametrize("decision", ["verify", "return"])
def test_the_person_is_told_when_a_historical_certificate_is_decided(
    demo,
    scan,  # noqa: F811 - the fixture imported above
    decision,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    record = submit(demo, scan)
    decide = {
        "actor": demo.office_staff,
        "role_context": office_context_for(demo.office_qz),
        "historical_id": record.pk,
    }
    with django_capture_on_commit_callbacks(execute=True):
        if decision == "verify":
            services.historical_certificate_verify(**decide)
        else:
            services.historical_certificate_return(**decide, reason="扫描件不清晰")
    event = {"verify": "historical.verified", "return": "historical.returned"}[decision]
    message = told(demo.applicant, event)
    words = {"verify": "已核验通过", "return": "被退回修改"}[decision]
    assert message.title == f"您的证书{record.number}{words}"
    _, phone, text = sms_outbox.messages()[-1]
    assert phone.endswith("13800000001") and words in text
    if decision == "return":
        assert "扫描件不清晰" in message.body and "扫描件不清晰" in text
