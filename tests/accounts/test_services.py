import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory

from accounts import services

pytestmark = pytest.mark.django_db


def test_security_question_change_stores_only_a_hash(demo):
    services.security_question_change(
        actor=demo.applicant, question="first_teacher", answer=" 刘老师 "
    )
    demo.applicant.refresh_from_db()
    assert demo.applicant.security_question == "first_teacher"
    assert demo.applicant.check_security_answer("刘老师")
    assert "刘老师" not in demo.applicant.security_answer


def test_email_change_replaces_the_addresses_with_a_verified_one(demo):
    EmailAddress.objects.create(user=demo.applicant, email="applicant@example.com", primary=True)
    services.email_change(actor=demo.applicant, email="new@example.com")
    demo.applicant.refresh_from_db()
    assert demo.applicant.email == "new@example.com"
    address = EmailAddress.objects.get(user=demo.applicant)
    assert (address.email, address.verified, address.primary) == ("new@example.com", True, True)


def test_password_reset_confirms_the_phone_that_received_the_code(demo):
    demo.applicant.phone_verified = False
    demo.applicant.save()
    request = RequestFactory().post("/")
    request.session = {}
    services.password_reset(
        request=request,
        user=demo.applicant,
        password="Zhicheng#2026new",
        verified_phone="13800000001",
    )
    demo.applicant.refresh_from_db()
    assert demo.applicant.check_password("Zhicheng#2026new") and demo.applicant.phone_verified
