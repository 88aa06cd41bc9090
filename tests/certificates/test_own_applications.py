"""Office staff never certify, mail or verify their own case: 孙八 (office staff of 广西流动人员
职称改革办公室) has his own approved application and an earlier certificate waiting at his
office. He sees them read-only with the reason; a colleague of the office handles them."""

import datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from applications.models import ActionLog, Application, Status
from certificates import services
from certificates.models import Certificate, Delivery, HistoricalCertificate
from reference.models import Region
from tests.factories import PersonFactory, engineer_qualification
from tests.files import jpeg
from tests.refusals import refused
from units.models import Membership

pytestmark = pytest.mark.django_db

OWN = "这是您本人的申报，不能由您审核"


def office_key(office):
    return f"office_staff:{office.pk}"


@pytest.fixture
def colleague(demo):
    """Another enabled staff member of 孙八's office."""
    person = PersonFactory(full_name="蒙十二")
    Membership.objects.create(
        person=person, role=Role.OFFICE_STAFF, office=demo.office, is_enabled=True
    )
    return person


@pytest.fixture
def own(demo, approved):
    """孙八's own approved recognition at his office."""
    return approved(applicant=demo.office_staff)


def delivery_of(application, method=Delivery.Method.MAIL) -> Delivery:
    mail = {
        "recipient": "孙八",
        "region": Region.objects.get(code="450103"),
        "address": "民族大道 1 号",
        "phone": "13800000006",
    }
    return Delivery.objects.create(
        application=application, method=method, **(mail if method == Delivery.Method.MAIL else {})
    )


@pytest.fixture
def own_historical(demo):
    """An earlier certificate of 孙八, sent in for verification at his office."""
    record = HistoricalCertificate(
        person=demo.office_staff,
        number="2015450100888",
        qualification=engineer_qualification("assistant"),
        specialty_name="结构工程",
        issuing_body=demo.office.name,
        granting_office=demo.office,
        office=demo.office,
        approved_on=datetime.date(2015, 9, 1),
    )
    record.certificate_scan.save("own-scan.jpg", jpeg(), save=False)
    record.save()
    return record


def application_state(application):
    application = Application.objects.get(pk=application.pk)
    return (
        application.status,
        application.version,
        application.actions.count(),
        Certificate.objects.filter(application=application).exists(),
    )


def certified_by(colleague, office_context, application):
    return services.certificate_issue(
        actor=colleague, role_context=office_context, application_id=application.pk
    )


class TestServices:
    def test_certifying_ones_own_application_is_refused(self, demo, office_context, own):
        before = application_state(own)
        with refused("own") as error:
            services.certificate_issue(
                actor=demo.office_staff, role_context=office_context, application_id=own.pk
            )
        assert error.value.code == "own" and OWN in str(error.value)
        assert application_state(own) == before
        assert not ActionLog.objects.filter(action="application.certified").exists()

    def test_a_batch_certifies_the_others_and_names_the_own_one(
        self, demo, office_context, own, approved
    ):
        other = approved()
        outcomes = services.certificate_issue_batch(
            actor=demo.office_staff,
            role_context=office_context,
            application_ids=[own.pk, other.pk],
        )
        by_id = {outcome.application_id: outcome for outcome in outcomes}
        assert not by_id[own.pk].ok and OWN in by_id[own.pk].error
        assert by_id[other.pk].ok
        assert Application.objects.get(pk=own.pk).status == Status.APPROVED

    def test_a_colleague_certifies_it(self, colleague, office_context, own):
        certificate = certified_by(colleague, office_context, own)
        assert certificate.holder == own.applicant

    @pytest.mark.parametrize(
        "method,act",
        [
            (Delivery.Method.MAIL, "delivery_ship"),
            (Delivery.Method.PICKUP, "delivery_collect"),
        ],
    )
    def test_recording_the_mailing_of_ones_own_certificate_is_refused(
        self, demo, office_context, colleague, own, method, act
    ):
        delivery = delivery_of(own, method)
        certified_by(colleague, office_context, own)
        arguments = {"tracking_number": "EA123456789CN"} if act == "delivery_ship" else {}
        with refused("own") as error:
            getattr(services, act)(
                actor=demo.office_staff,
                role_context=office_context,
                delivery_id=delivery.pk,
                **arguments,
            )
        assert error.value.code == "own" and OWN in str(error.value)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.tracking_number) == (Delivery.Status.WAITING, "")
        getattr(services, act)(
            actor=colleague, role_context=office_context, delivery_id=delivery.pk, **arguments
        )
        delivery.refresh_from_db()
        assert delivery.status != Delivery.Status.WAITING

    @pytest.mark.parametrize(
        "act,arguments",
        [
            ("historical_certificate_verify", {}),
            ("historical_certificate_return", {"reason": "扫描件不清晰"}),
            ("historical_certificate_reject", {"reason": "查无此证"}),
        ],
    )
    def test_deciding_on_ones_own_historical_certificate_is_refused(
        self, demo, office_context, own_historical, act, arguments
    ):
        with refused("own") as error:
            getattr(services, act)(
                actor=demo.office_staff,
                role_context=office_context,
                historical_id=own_historical.pk,
                **arguments,
            )
        assert error.value.code == "own" and OWN in str(error.value)
        own_historical.refresh_from_db()
        assert own_historical.status == HistoricalCertificate.Status.SUBMITTED
        assert (own_historical.decided_by, own_historical.certificate) == (None, None)


@pytest.fixture
def as_sun(sign_in, demo):
    return sign_in(demo.office_staff, office_key(demo.office))


class TestViews:
    def test_pending_list_shows_it_without_certify(self, as_sun, demo, own, approved):
        other = approved()
        html = as_sun.get(reverse("certificates:office_list")).content.decode()
        assert "孙八" in html and OWN in html
        assert f'name="application" value="{own.pk}"' not in html
        assert f'name="only" value="{own.pk}"' not in html
        assert f'name="application" value="{other.pk}"' in html
        assert f'name="only" value="{other.pk}"' in html

    @pytest.mark.parametrize("field", ["only", "application"])
    def test_posting_certify_for_ones_own_application_is_refused(
        self, as_sun, own, approved, field
    ):
        other = approved()
        before = application_state(own)
        ids = own.pk if field == "only" else [own.pk, other.pk]
        response = as_sun.post(reverse("certificates:certify"), {field: ids}, follow=True)
        assert response.status_code == 200
        assert f"申报 #{own.pk}：{OWN}" in response.content.decode()
        assert application_state(own) == before

    def test_delivery_tab_and_posts(self, as_sun, sign_in, demo, office_context, colleague, own):
        delivery = delivery_of(own)
        certified_by(colleague, office_context, own)
        as_sun = sign_in(demo.office_staff, office_key(demo.office))
        html = as_sun.get(reverse("certificates:office_list"), {"tab": "delivery"}).content.decode()
        assert "民族大道 1 号" in html and OWN in html
        assert reverse("certificates:ship", args=[delivery.pk]) not in html
        for name, data in (("ship", {"tracking_number": "EA123456789CN"}), ("collected", {})):
            response = as_sun.post(
                reverse(f"certificates:{name}", args=[delivery.pk]), data, follow=True
            )
            assert response.status_code == 200 and OWN in response.content.decode()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.tracking_number) == (Delivery.Status.WAITING, "")

    def test_verification_is_read_only_with_the_reason(self, as_sun, own_historical):
        queue = as_sun.get(reverse("certificates:verification_queue")).content.decode()
        assert own_historical.number in queue and OWN in queue
        url = reverse("certificates:verification_detail", args=[own_historical.pk])
        page = as_sun.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and OWN in html
        assert 'name="decision"' not in html
        for data in ({"decision": "verify"}, {"decision": "reject", "reason": "查无此证"}):
            response = as_sun.post(url, data)
            assert response.status_code == 302 and response["Location"] == url
            assert OWN in as_sun.get(url).content.decode()
        own_historical.refresh_from_db()
        assert own_historical.status == HistoricalCertificate.Status.SUBMITTED
        assert own_historical.certificate is None
