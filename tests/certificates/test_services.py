import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications.models import ActionLog, Application, Status
from certificates import services
from certificates.models import Certificate, CertificateLookup, Delivery, HistoricalCertificate
from reference.models import Region
from tests.factories import PersonFactory, engineer_qualification, staff_of
from tests.refusals import refused
from titleportal.models import Message
from units.models import Office

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate


def certify(demo, context, application):
    return services.certificate_issue(
        actor=demo.office_staff, role_context=context, application_id=application.pk
    )


class TestCertify:
    def test_issues_the_certificate_and_logs_the_act(
        self, demo, office_context, approved, django_capture_on_commit_callbacks
    ):
        application = approved(evaluation=True, committee=demo.committee)
        with django_capture_on_commit_callbacks(execute=True):
            certificate = certify(demo, office_context, application)
        application.refresh_from_db()
        assert application.status == Status.CERTIFIED
        assert application.version == 1
        assert certificate.number == f"GXLD-{TODAY().year}-3-000001"
        assert (certificate.holder, certificate.holder_name, certificate.holder_id_number) == (
            demo.applicant,
            "张三",
            "450102199001011231",
        )
        assert certificate.qualification == application.qualification
        assert certificate.series == application.series and certificate.level == application.level
        assert certificate.specialty_name == application.specialty_name
        assert certificate.issuing_body == "广西流动人员职称改革办公室"
        assert certificate.committee_name == demo.committee.name
        assert certificate.approved_on == timezone.localdate(application.decided_at)
        assert certificate.status == Certificate.Status.VALID
        assert len(certificate.verification_code) == 16
        log = ActionLog.objects.get(application=application, action="application.certified")
        assert (log.actor, log.organisation_name) == (demo.office_staff, demo.office.name)
        assert (log.from_status, log.to_status) == (Status.APPROVED, Status.CERTIFIED)
        assert log.data["certificate_number"] == certificate.number
        # The holder finds a message, and gets an SMS and an email after the commit.
        message = Message.objects.get(recipient=demo.applicant, event="application.certified")
        assert certificate.number in message.title
        assert sorted(message.deliveries.values_list("channel", "status")) == [
            ("email", "sent"),
            ("sms", "sent"),
        ]

    def test_recognition_has_no_committee(self, demo, office_context, approved):
        certificate = certify(demo, office_context, approved())
        assert certificate.committee is None and certificate.committee_name == ""

    def test_numbers_run_per_office_year_and_level(self, demo, office_context, approved):
        first = certify(demo, office_context, approved())
        second = certify(demo, office_context, approved(applicant=demo.applicant2))
        senior = certify(
            demo, office_context, approved(qualification=engineer_qualification("deputy_senior"))
        )
        year = TODAY().year
        assert [first.number, second.number, senior.number] == [
            f"GXLD-{year}-3-000001",
            f"GXLD-{year}-3-000002",
            f"GXLD-{year}-4-000001",
        ]

    def test_a_failed_issue_gives_its_number_back(
        self, demo, office_context, approved, monkeypatch
    ):
        application = approved()

        def broken(**kwargs):
            raise RuntimeError("log store down")

        monkeypatch.setattr("applications.actionlog.record", broken)
        with pytest.raises(RuntimeError):
            certify(demo, office_context, application)
        monkeypatch.undo()
        application.refresh_from_db()
        assert application.status == Status.APPROVED
        assert not Certificate.objects.exists()
        assert certify(demo, office_context, application).number.endswith("-000001")

    def test_only_approved_applications(self, demo, office_context, approved):
        application = approved(status=Status.OFFICE_REVIEW)
        with refused("status", match="只有审核通过"):
            certify(demo, office_context, application)

    def test_not_twice(self, demo, office_context, approved):
        application = approved()
        certify(demo, office_context, application)
        with refused("certified", match="已发放"):
            certify(demo, office_context, application)
        assert Certificate.objects.count() == 1

    @pytest.mark.parametrize("ends", [None, 0, 3])
    def test_evaluation_waits_for_the_results_publicity(self, demo, office_context, approved, ends):
        ends_on = None if ends is None else TODAY() + datetime.timedelta(days=ends)
        application = approved(evaluation=True, results_publicity_ends_on=ends_on)
        with refused("publicity", match="公示期尚未结束"):
            certify(demo, office_context, application)

    def test_another_office_cannot_certify(self, demo, other_office_context, approved):
        with refused("scope", match="其他职改办"):
            certify(demo, other_office_context, approved())

    def test_batch_rows_succeed_or_fail_on_their_own(self, demo, office_context, approved):
        good = approved()
        waiting = approved(
            applicant=demo.applicant2,
            evaluation=True,
            results_publicity_ends_on=TODAY() + datetime.timedelta(days=2),
        )
        also_good = approved(applicant=PersonFactory())
        outcomes = services.certificate_issue_batch(
            actor=demo.office_staff,
            role_context=office_context,
            application_ids=[good.pk, waiting.pk, also_good.pk, good.pk],
        )
        assert [(o.application_id, o.ok) for o in outcomes] == [
            (good.pk, True),
            (waiting.pk, False),
            (also_good.pk, True),
        ]
        assert "公示期尚未结束" in outcomes[1].error
        assert Application.objects.get(pk=waiting.pk).status == Status.APPROVED


class TestReplacement:
    def test_voids_the_original_and_records_it(self, demo, office_context, approved, monkeypatch):
        original = certify(demo, office_context, approved())
        monkeypatch.setattr(
            Application, "original_certificate_number", lambda self: original.number.lower()
        )
        replacement = approved(replacement=True, year=TODAY().year + 1)
        new = certify(demo, office_context, replacement)
        original.refresh_from_db()
        assert original.status == Certificate.Status.VOID
        assert original.voided_on == TODAY()
        assert original.get_void_reason_display() == "遗失补办"
        assert new.replaces == original and new.replaces_number == original.number
        assert new.approved_on == original.approved_on  # the title keeps its grant date
        log = ActionLog.objects.get(application=replacement, action="application.certified")
        assert log.data["replaces"] == original.number
        voided = ActionLog.objects.get(action="certificate.voided")
        assert voided.application_id == original.application_id  # on the original's timeline
        assert (voided.from_status, voided.to_status) == ("valid", "void")
        assert voided.data == {
            "number": original.number,
            "reason": "replaced",
            "replaced_by": new.number,
        }
        # The holder hears of it by the message of the new certificate only.
        assert not Message.objects.filter(event="certificate.voided").exists()

    def test_revoking_tells_the_holder(self, demo, office_context, approved):
        from applications.actionlog import describe

        certificate = certify(demo, office_context, approved())
        services.certificate_void(
            actor=demo.office_staff,
            role_context=office_context,
            certificate_id=certificate.pk,
            reason=Certificate.VoidReason.REVOKED,
        )
        certificate.refresh_from_db()
        assert certificate.status == Certificate.Status.VOID and certificate.voided_on == TODAY()
        entry = ActionLog.objects.get(action="certificate.voided")
        assert describe(entry) == "证书作废"
        message = Message.objects.get(recipient=demo.applicant, event="certificate.voided")
        assert certificate.number in message.title
        with refused("void"):
            services.certificate_void(
                actor=demo.office_staff,
                role_context=office_context,
                certificate_id=certificate.pk,
                reason=Certificate.VoidReason.REVOKED,
            )

    def test_only_the_granting_office_revokes(
        self, demo, approved, office_context, other_office_context
    ):
        certificate = certify(demo, office_context, approved())
        with refused("scope"):
            services.certificate_void(
                actor=demo.office_staff,
                role_context=other_office_context,
                certificate_id=certificate.pk,
                reason=Certificate.VoidReason.REVOKED,
            )
        with refused("reason"):
            services.certificate_void(
                actor=demo.office_staff,
                role_context=office_context,
                certificate_id=certificate.pk,
                reason="lost",
            )
        assert Certificate.objects.get(pk=certificate.pk).is_valid

    def test_someone_elses_certificate_is_not_voided(
        self, demo, office_context, approved, monkeypatch
    ):
        other = certify(demo, office_context, approved(applicant=demo.applicant2))
        monkeypatch.setattr(Application, "original_certificate_number", lambda self: other.number)
        new = certify(demo, office_context, approved(replacement=True))
        other.refresh_from_db()
        assert other.status == Certificate.Status.VALID
        assert new.replaces is None and new.replaces_number == other.number

    def test_an_original_from_before_the_portal_is_only_named(
        self, demo, office_context, approved, monkeypatch
    ):
        monkeypatch.setattr(Application, "original_certificate_number", lambda self: "145")
        new = certify(demo, office_context, approved(replacement=True))
        assert new.replaces is None and new.replaces_number == "145"


def test_record_lookup_counts_without_identity(demo, office_context, approved):
    certificate = certify(demo, office_context, approved())
    services.certificate_lookup_record(certificate=certificate, via=CertificateLookup.Via.QR)
    services.certificate_lookup_record(certificate=certificate, via=CertificateLookup.Via.FORM)
    certificate.refresh_from_db()
    assert certificate.lookup_count == 2
    fields = {field.name for field in CertificateLookup._meta.get_fields()}
    assert fields == {"id", "certificate", "looked_up_at", "via"}


def county(code="450103"):
    return Region.objects.get(code=code)


MAIL = {
    "method": Delivery.Method.MAIL,
    "recipient": "张三",
    "address": "金湖路 8 号",
    "phone": "13800000001",
    "postcode": "530022",
}


class TestDelivery:
    def test_mail_with_an_address(self, demo, approved):
        application = approved()
        delivery = services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            region=county(),
            **MAIL,
        )
        assert delivery.is_mail and delivery.status == Delivery.Status.WAITING
        assert str(delivery.region) == "广西壮族自治区/南宁市/青秀区"

    def test_the_choice_is_on_the_timeline_and_the_office_is_told(self, demo, approved):
        from applications.actionlog import describe

        application = approved()
        services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            region=county(),
            **MAIL,
        )
        entry = ActionLog.objects.get(application=application, action="delivery.method_chosen")
        assert describe(entry) == "选择证书领取方式"
        assert entry.data == {"method": "mail"} and entry.actor == demo.applicant
        message = Message.objects.get(recipient=demo.office_staff, event="delivery.method_chosen")
        assert message.title == "待邮寄证书：张三"
        assert not Message.objects.filter(recipient=demo.applicant, event="delivery.method_chosen")

    def test_the_district_is_needed(self, demo, approved):
        with refused("required") as error:
            services.delivery_choose(
                actor=demo.applicant,
                role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
                application_id=approved().pk,
                region=county("450100"),
                **MAIL,
            )
        assert error.value.field == "region"

    def test_not_where_the_office_does_not_mail(self, demo, approved):
        Office.objects.filter(pk=demo.office.pk).update(mailing_enabled=False)
        with refused("method", match="未开通证书邮寄"):
            services.delivery_choose(
                actor=demo.applicant,
                role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
                application_id=approved().pk,
                region=county(),
                **MAIL,
            )

    def test_pickup_forgets_the_address(self, demo, approved):
        application = approved()
        services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            region=county(),
            **MAIL,
        )
        delivery = services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            method=Delivery.Method.PICKUP,
        )
        assert (delivery.method, delivery.address, delivery.region) == ("pickup", "", None)

    def test_only_the_applicant(self, demo, approved):
        with refused("missing"):
            services.delivery_choose(
                actor=demo.applicant2,
                role_context=RoleContext(Role.APPLICANT, user=demo.applicant2),
                application_id=approved().pk,
                region=county(),
                **MAIL,
            )

    def test_office_records_the_tracking_number_once_certified(
        self, demo, office_context, approved
    ):
        application = approved()
        delivery = services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            region=county(),
            **MAIL,
        )
        ship = {"actor": demo.office_staff, "role_context": office_context}
        with refused("status", match="尚未发放"):
            services.delivery_ship(**ship, delivery_id=delivery.pk, tracking_number="1100000000000")
        certify(demo, office_context, application)
        with refused("invalid") as error:
            services.delivery_ship(**ship, delivery_id=delivery.pk, tracking_number="12")
        assert error.value.field == "tracking_number"
        delivery = services.delivery_ship(
            **ship, delivery_id=delivery.pk, tracking_number=" ea123456789cn "
        )
        assert (delivery.status, delivery.tracking_number) == ("shipped", "EA123456789CN")
        # Once sent, the holder can no longer change the address.
        with refused("closed", match="已寄出"):
            services.delivery_choose(
                actor=demo.applicant,
                role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
                application_id=application.pk,
                region=county(),
                **MAIL,
            )

    def test_pickup_is_recorded_as_collected(
        self, demo, office_context, approved, other_office_context
    ):
        application = approved()
        delivery = services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            method=Delivery.Method.PICKUP,
        )
        certify(demo, office_context, application)
        with refused("scope", match="其他职改办"):
            services.delivery_collect(
                actor=demo.office_staff, role_context=other_office_context, delivery_id=delivery.pk
            )
        delivery = services.delivery_collect(
            actor=demo.office_staff, role_context=office_context, delivery_id=delivery.pk
        )
        assert delivery.status == Delivery.Status.COLLECTED


@pytest.fixture
def scan(rf, demo):
    """A stashed upload, as the form hands it to the service."""
    from tests.files import jpeg
    from titleportal.uploads import SCAN_OR_PDF, check_upload, stash

    def make():
        request = rf.post("/")
        request.user = demo.applicant
        return stash(check_upload(jpeg(), SCAN_OR_PDF), request=request)

    return make


def submit(demo, scan, *, level="intermediate", office=None, **kwargs):
    values = {
        "actor": demo.applicant,
        "role_context": RoleContext(Role.APPLICANT, user=demo.applicant),
        "number": "45 0123",
        "qualification": engineer_qualification(level),
        "specialty_name": "林业工程",
        "issuing_body": "广西人才市场",
        "granting_office": office or demo.office_qz,
        "approved_on": datetime.date(2016, 7, 1),
        "certificate_scan": scan(),
    }
    return services.historical_certificate_submit(**(values | kwargs))


class TestHistoricalCertificates:
    def test_intermediate_goes_to_the_granting_office(self, demo, scan):
        record = submit(demo, scan)
        assert record.office == demo.office_qz and record.number == "450123"
        assert record.certificate_scan.name.startswith("historical/")

    def test_the_verifying_office_is_told_and_the_act_recorded(self, demo, scan):
        from applications.actionlog import describe

        qz_staff = staff_of(demo.office_qz, Role.OFFICE_STAFF)
        record = submit(demo, scan)
        entry = ActionLog.objects.get(
            subject_type="historicalcertificate",
            subject_id=record.pk,
            action="historical.submitted",
        )
        assert describe(entry) == "提交历史证书审验"
        assert (entry.from_status, entry.to_status) == ("", "submitted")
        message = Message.objects.get(recipient=qz_staff, event="historical.submitted")
        assert message.title == "待审验历史证书：张三，450123"
        # Only the verifying office hears of it.
        assert not Message.objects.filter(recipient=demo.office_staff, event="historical.submitted")

    def test_senior_goes_up_to_the_provincial_office(self, demo, scan):
        assert submit(demo, scan, level="deputy_senior").office == demo.office

    @override_settings(CERTIFICATES_SENIOR_VERIFICATION_OFFICE="QZZG")
    def test_senior_office_can_be_configured(self, demo, scan):
        assert submit(demo, scan, level="senior", office=demo.office).office == demo.office_qz

    def test_verified_it_joins_the_persons_certificates(self, demo, scan):
        from certificates.selectors import certificates_of, find_certificates

        record = submit(demo, scan)
        record = services.historical_certificate_verify(
            actor=demo.office_staff,
            role_context=office_context_for(demo.office_qz),
            historical_id=record.pk,
        )
        certificate = record.certificate
        assert certificate.origin == Certificate.Origin.HISTORICAL
        assert (certificate.number, certificate.issuing_body) == ("450123", "广西人才市场")
        assert list(certificates_of(demo.applicant)) == [certificate]
        assert find_certificates(number="450123", holder_name="张三") == [certificate]

    def test_other_office_cannot_decide(self, demo, scan, office_context):
        record = submit(demo, scan)
        with refused("scope", match="其他职改办"):
            services.historical_certificate_verify(
                actor=demo.office_staff, role_context=office_context, historical_id=record.pk
            )

    def test_return_needs_a_reason_and_allows_correction(self, demo, scan):
        record = submit(demo, scan)
        decide = {
            "actor": demo.office_staff,
            "role_context": office_context_for(demo.office_qz),
            "historical_id": record.pk,
        }
        with refused("reason") as error:
            services.historical_certificate_return(**decide, reason=" ")
        assert error.value.field == "reason"
        record = services.historical_certificate_return(**decide, reason="扫描件不清晰")
        assert record.status == HistoricalCertificate.Status.RETURNED
        record = submit(demo, scan, historical_id=record.pk, certificate_scan=None)
        assert record.status == HistoricalCertificate.Status.SUBMITTED
        record = services.historical_certificate_reject(**decide, reason="查无此证")
        assert record.status == HistoricalCertificate.Status.REJECTED
        with refused("status", match="退回修改"):
            submit(demo, scan, historical_id=record.pk)

    def test_the_same_certificate_only_once(self, demo, scan):
        submit(demo, scan)
        with refused("duplicate") as error:
            submit(demo, scan, number="450123")
        assert error.value.field == "number"

    def test_no_future_date(self, demo, scan):
        with refused("future") as error:
            submit(demo, scan, approved_on=TODAY() + datetime.timedelta(days=1))
        assert error.value.field == "approved_on"


def office_context_for(office):
    return RoleContext(Role.OFFICE_STAFF, office)
