"""Every certificates URL: who may use it, and what others get (404 outside their scope)."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, RoleContext
from applications.models import Application, Status
from certificates import services
from certificates.models import Certificate, CertificateLookup, Delivery, HistoricalCertificate
from tests.factories import PersonFactory
from tests.files import jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def office_key(office):
    return f"office_staff:{office.pk}"


@pytest.fixture
def issued(demo, office_context, approved):
    """张三's certificate from 孙八's office."""
    return services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=approved().pk
    )


@pytest.fixture
def as_zhang(sign_in, demo):
    return sign_in(demo.applicant)


@pytest.fixture
def as_sun(sign_in, demo):
    return sign_in(demo.office_staff, office_key(demo.office))


def verify_post(client, number, name, **extra):
    return client.post(
        reverse("certificates:verify"),
        {"number": number, "holder_name": name, "captcha_0": "x", "captcha_1": "PASSED", **extra},
    )


class TestAnonymous:
    @pytest.mark.parametrize(
        "name,kwargs",
        [
            ("mine", {}),
            ("download", {"pk": 1}),
            ("lookups", {"pk": 1}),
            ("delivery", {"application_pk": 1}),
            ("region_options", {}),
            ("historical_new", {}),
            ("historical_edit", {"pk": 1}),
            ("historical_file", {"pk": 1, "which": "scan"}),
            ("office_list", {}),
            ("office_pdf", {"pk": 1}),
            ("verification_queue", {}),
            ("verification_detail", {"pk": 1}),
            ("verification_file", {"pk": 1, "which": "scan"}),
        ],
    )
    def test_signed_in_pages_send_to_sign_in(self, client, db, name, kwargs):
        response = client.get(reverse(f"certificates:{name}", kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize(
        "name,kwargs",
        [
            ("certify", {}),
            ("ship", {"pk": 1}),
            ("collected", {"pk": 1}),
        ],
    )
    def test_office_acts_send_to_sign_in(self, client, db, name, kwargs):
        response = client.post(reverse(f"certificates:{name}", kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestWrongRole:
    @pytest.mark.parametrize(
        "name", ["office_list", "verification_queue", "verification_detail", "office_pdf"]
    )
    def test_applicant_cannot_use_office_pages(self, as_zhang, issued, name):
        kwargs = {} if name in ("office_list", "verification_queue") else {"pk": issued.pk}
        assert as_zhang.get(reverse(f"certificates:{name}", kwargs=kwargs)).status_code == 403

    def test_applicant_cannot_certify(self, as_zhang, approved):
        response = as_zhang.post(reverse("certificates:certify"), {"only": approved().pk})
        assert response.status_code == 403

    @pytest.mark.parametrize("name", ["mine", "download", "historical_new"])
    def test_office_staff_acting_as_staff_has_no_holder_pages(self, as_sun, issued, name):
        kwargs = {"pk": issued.pk} if name == "download" else {}
        assert as_sun.get(reverse(f"certificates:{name}", kwargs=kwargs)).status_code == 403


class TestHolder:
    def test_my_certificates_lists_mine_with_the_check_count(self, as_zhang, issued):
        services.certificate_lookup_record(certificate=issued, via=CertificateLookup.Via.QR)
        page = as_zhang.get(reverse("certificates:mine")).content.decode()
        assert issued.number in page
        assert "证书共计被在线查验或浏览 1 次" in page
        assert reverse("certificates:download", args=[issued.pk]) in page

    def test_download_gives_the_pdf(self, as_zhang, issued, cjk_font):
        response = as_zhang.get(reverse("certificates:download", args=[issued.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_a_void_certificate_is_not_downloadable(self, as_zhang, issued):
        Certificate.objects.filter(pk=issued.pk).update(
            status="void", voided_on=timezone.localdate(), void_reason="replaced"
        )
        response = as_zhang.get(reverse("certificates:download", args=[issued.pk]))
        assert response.status_code == 404

    def test_the_check_log_shows_times_only(self, as_zhang, issued):
        services.certificate_lookup_record(certificate=issued, via=CertificateLookup.Via.FORM)
        page = as_zhang.get(reverse("certificates:lookups", args=[issued.pk])).content.decode()
        assert "本证书共计被在线查验或浏览 1 次" in page and "证书编号和姓名" in page

    @pytest.mark.parametrize("name", ["download", "lookups"])
    def test_li_si_cannot_see_zhang_sans_certificate(self, sign_in, demo, issued, name):
        client = sign_in(demo.applicant2)
        assert client.get(reverse(f"certificates:{name}", args=[issued.pk])).status_code == 404
        assert issued.number not in client.get(reverse("certificates:mine")).content.decode()

    def test_li_si_cannot_choose_delivery_of_zhang_sans_application(self, sign_in, demo, approved):
        application = approved()
        client = sign_in(demo.applicant2)
        url = reverse("certificates:delivery", args=[application.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"method": "pickup"}).status_code == 404
        assert not Delivery.objects.exists()

    def test_no_delivery_before_approval(self, as_zhang, approved):
        application = approved(status=Status.OFFICE_REVIEW)
        url = reverse("certificates:delivery", args=[application.pk])
        assert as_zhang.get(url).status_code == 404


class TestDeliveryForm:
    def test_mail_request_is_saved(self, as_zhang, approved):
        application = approved()
        response = as_zhang.post(
            reverse("certificates:delivery", args=[application.pk]),
            {
                "method": "mail",
                "recipient": "张三",
                "province": "450000",
                "city": "450100",
                "county": "450103",
                "address": "金湖路 8 号",
                "phone": "13800000001",
                "postcode": "530022",
            },
        )
        assert response.status_code == 302
        delivery = Delivery.objects.get(application=application)
        assert (delivery.method, delivery.region_id) == ("mail", "450103")
        page = as_zhang.get(reverse("certificates:mine")).content.decode()
        assert "邮寄证书" in page and "金湖路 8 号" in page

    def test_missing_district_is_shown_and_input_kept(self, as_zhang, approved):
        application = approved()
        response = as_zhang.post(
            reverse("certificates:delivery", args=[application.pk]),
            {
                "method": "mail",
                "recipient": "张三",
                "province": "450000",
                "city": "450100",
                "address": "金湖路 8 号",
                "phone": "13800000001",
            },
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "请选择区/县" in page
        assert 'value="金湖路 8 号"' in page
        assert '<option value="450103">青秀区</option>' in page  # the districts of 南宁市
        assert not Delivery.objects.exists()

    def test_every_empty_mailing_field_is_reported_at_once(self, as_zhang, approved):
        application = approved()
        response = as_zhang.post(
            reverse("certificates:delivery", args=[application.pk]),
            {"method": "mail", "recipient": "", "address": " ", "phone": "", "postcode": "530"},
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["recipient"] == ["请填写收件人。"]
        assert {"recipient", "province", "address", "phone"} <= set(errors)
        page = response.content.decode()
        assert 'value="530"' in page  # what was typed stays
        assert not Delivery.objects.exists()

    def test_region_options_are_the_children(self, as_zhang):
        page = as_zhang.get(
            reverse("certificates:region_options"), {"level": "city", "province": "450000"}
        ).content.decode()
        assert "南宁市" in page and "钦州市" in page and 'hx-swap-oob="innerHTML"' in page

    def test_no_mailing_where_the_office_does_not_offer_it(self, as_zhang, approved, demo):
        demo.office.mailing_enabled = False
        demo.office.save()
        application = approved()
        page = as_zhang.get(reverse("certificates:delivery", args=[application.pk]))
        assert "邮寄证书说明" in page.content.decode()
        assert 'value="mail"' not in page.content.decode()


class TestOffice:
    def test_pending_and_batch_certify(self, as_sun, approved, demo):
        first, second = approved(), approved(applicant=demo.applicant2)
        page = as_sun.get(reverse("certificates:office_list")).content.decode()
        assert "张三" in page and "李四" in page
        # The batch button asks first with the number chosen (static/js/portal.js counts them).
        assert 'data-confirm="确定为所选的 __COUNT__ 份申报发放证书吗？' in page
        assert 'data-confirm-count="input[name=application]:checked"' in page
        response = as_sun.post(
            reverse("certificates:certify"), {"application": [first.pk, second.pk]}, follow=True
        )
        assert "已发放 2 本证书" in response.content.decode()
        assert Application.objects.filter(status=Status.CERTIFIED).count() == 2

    def test_a_failing_row_is_reported(self, as_sun, approved, demo):
        waiting = approved(
            evaluation=True,
            results_publicity_ends_on=timezone.localdate() + datetime.timedelta(days=3),
        )
        response = as_sun.post(reverse("certificates:certify"), {"only": waiting.pk}, follow=True)
        assert f"申报 #{waiting.pk}：评审结果公示期尚未结束" in response.content.decode()

    def test_issued_list_and_reprint(self, as_sun, issued, cjk_font):
        page = as_sun.get(reverse("certificates:office_list"), {"tab": "issued"}).content.decode()
        assert issued.number in page
        found = as_sun.get(
            reverse("certificates:office_list"), {"tab": "issued", "q": issued.number.lower()}
        )
        assert issued.number in found.content.decode()
        response = as_sun.get(reverse("certificates:office_pdf", args=[issued.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"

    def test_another_office_cannot_reprint_or_certify(
        self, sign_in, qz_staff, demo, issued, approved
    ):
        client = sign_in(qz_staff, office_key(demo.office_qz))
        assert client.get(reverse("certificates:office_pdf", args=[issued.pk])).status_code == 404
        application = approved()
        for data in ({"only": application.pk}, {"application": [application.pk]}):
            assert client.post(reverse("certificates:certify"), data).status_code == 404
        assert Application.objects.get(pk=application.pk).status == Status.APPROVED
        page = client.get(reverse("certificates:office_list")).content.decode()
        assert "张三" not in page
        page = client.get(reverse("certificates:office_list"), {"tab": "issued"}).content.decode()
        assert issued.number not in page

    def test_delivery_tab_ship_and_collect(self, as_sun, sign_in, qz_staff, demo, approved):
        application = approved()
        delivery = services.delivery_choose(
            actor=demo.applicant,
            role_context=RoleContext(Role.APPLICANT, user=demo.applicant),
            application_id=application.pk,
            method="mail",
            recipient="张三",
            region=__import__("units.models").models.Region.objects.get(code="450103"),
            address="金湖路 8 号",
            phone="13800000001",
        )
        as_sun.post(reverse("certificates:certify"), {"only": application.pk})
        page = as_sun.get(reverse("certificates:office_list"), {"tab": "delivery"}).content.decode()
        assert "金湖路 8 号" in page
        other = sign_in(qz_staff, office_key(demo.office_qz))
        ship_url = reverse("certificates:ship", args=[delivery.pk])
        assert other.post(ship_url, {"tracking_number": "1100000000000"}).status_code == 404
        collect_url = reverse("certificates:collected", args=[delivery.pk])
        assert other.post(collect_url).status_code == 404
        as_sun = sign_in(demo.office_staff, office_key(demo.office))
        as_sun.post(ship_url, {"tracking_number": "1100000000000"})
        delivery.refresh_from_db()
        assert (delivery.status, delivery.tracking_number) == ("shipped", "1100000000000")
        holder = sign_in(demo.applicant)
        assert "1100000000000" in holder.get(reverse("certificates:mine")).content.decode()

    def test_get_is_not_allowed_on_acts(self, as_sun):
        assert as_sun.get(reverse("certificates:certify")).status_code == 405


@pytest.fixture
def historical(demo, as_zhang):
    """张三 sends in an intermediate certificate granted by 钦州市职改办."""
    from tests.factories import engineer_qualification

    response = as_zhang.post(
        reverse("certificates:historical_new"),
        {
            "number": "145",
            "qualification": engineer_qualification("assistant").pk,
            "specialty_name": "林业工程",
            "issuing_body": "广西流动人员职称改革办公室",
            "granting_office": demo.office_qz.pk,
            "approved_on": "2016-07-01",
            "certificate_scan": jpeg(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    return HistoricalCertificate.objects.get(person=demo.applicant)


class TestHistorical:
    def test_form_keeps_the_upload_when_another_field_fails(self, as_zhang, demo):
        response = as_zhang.post(
            reverse("certificates:historical_new"),
            {"number": "145", "certificate_scan": jpeg()},
        )
        page = response.content.decode()
        assert response.status_code == 200 and "已上传：scan.jpg" in page
        assert not HistoricalCertificate.objects.exists()

    def test_route_and_scope(self, historical, sign_in, demo, qz_staff):
        assert historical.office == demo.office_qz
        zhang = sign_in(demo.applicant)
        assert (
            zhang.get(
                reverse("certificates:historical_file", args=[historical.pk, "scan"])
            ).status_code
            == 200
        )
        li = sign_in(demo.applicant2)
        assert (
            li.get(
                reverse("certificates:historical_file", args=[historical.pk, "scan"])
            ).status_code
            == 404
        )
        assert (
            li.get(reverse("certificates:historical_edit", args=[historical.pk])).status_code == 404
        )
        sun = sign_in(demo.office_staff, office_key(demo.office))
        assert (
            sun.get(reverse("certificates:verification_detail", args=[historical.pk])).status_code
            == 404
        )
        assert (
            sun.get(
                reverse("certificates:verification_file", args=[historical.pk, "scan"])
            ).status_code
            == 404
        )
        assert "145" not in sun.get(reverse("certificates:verification_queue")).content.decode()
        wu = sign_in(qz_staff, office_key(demo.office_qz))
        assert "林业工程" in wu.get(reverse("certificates:verification_queue")).content.decode()
        assert (
            wu.get(
                reverse("certificates:verification_file", args=[historical.pk, "scan"])
            ).status_code
            == 200
        )
        assert (
            wu.get(
                reverse("certificates:verification_file", args=[historical.pk, "other"])
            ).status_code
            == 404
        )

    def test_no_result_is_chosen_beforehand(self, historical, sign_in, demo, qz_staff):
        wu = sign_in(qz_staff, office_key(demo.office_qz))
        url = reverse("certificates:verification_detail", args=[historical.pk])
        page = wu.get(url).content.decode()
        radios = re.findall(r'<input[^>]*name="decision"[^>]*>', page)
        assert len(radios) == 3 and not any("checked" in radio for radio in radios)
        answer = wu.post(url, {"reason": ""}).content.decode()
        assert "请选择审验结果。" in answer
        historical.refresh_from_db()
        assert historical.status == HistoricalCertificate.Status.SUBMITTED

    def test_return_then_verify(self, historical, sign_in, demo, qz_staff, client):
        wu = sign_in(qz_staff, office_key(demo.office_qz))
        url = reverse("certificates:verification_detail", args=[historical.pk])
        page = wu.post(url, {"decision": "return", "reason": ""}).content.decode()
        assert "请填写原因" in page
        wu.post(url, {"decision": "return", "reason": "扫描件不清晰"})
        zhang = sign_in(demo.applicant)
        assert "扫描件不清晰" in zhang.get(reverse("certificates:mine")).content.decode()
        edit = reverse("certificates:historical_edit", args=[historical.pk])
        data = {
            "number": "145",
            "qualification": historical.qualification_id,
            "specialty_name": "林业工程",
            "issuing_body": "广西流动人员职称改革办公室",
            "granting_office": demo.office_qz.pk,
            "approved_on": "2016-07-01",
        }
        assert zhang.post(edit, data).status_code == 302
        wu = sign_in(qz_staff, office_key(demo.office_qz))
        wu.post(url, {"decision": "verify"})
        historical.refresh_from_db()
        assert historical.status == "verified"
        zhang = sign_in(demo.applicant)
        assert "历史证书（已审验）" in zhang.get(reverse("certificates:mine")).content.decode()
        client.logout()
        result = verify_post(client, "145", "张三").content.decode()
        assert "张*" in result and "有效" in result


class TestPublicVerification:
    def test_finds_by_number_and_name_and_counts(self, client, issued):
        page = verify_post(client, issued.number, "张三").content.decode()
        result = page.split("verify-result")[1].split("</article>")[0]
        assert "张*" in result and "工程系列/中级/工程师" in result and "有效" in result
        assert "广西流动人员职称改革办公室" in result and "建筑工程" in result
        # Nothing else of the person: not the full name, not the ID number.
        assert "张三" not in result and "450102" not in page
        issued.refresh_from_db()
        assert issued.lookup_count == 1

    def test_a_wrong_name_finds_nothing_and_counts_nothing(self, client, issued):
        page = verify_post(client, issued.number, "李四").content.decode()
        assert "未查询到" in page
        issued.refresh_from_db()
        assert issued.lookup_count == 0

    def test_the_captcha_is_required(self, client, issued):
        response = client.post(
            reverse("certificates:verify"),
            {"number": issued.number, "holder_name": "张三", "captcha_0": "x", "captcha_1": "bad"},
        )
        assert "验证码错误" in response.content.decode()
        issued.refresh_from_db()
        assert issued.lookup_count == 0

    def test_qr_link_shows_and_counts(self, client, issued):
        page = client.get(reverse("certificates:verify_code", args=[issued.verification_code]))
        assert "张*" in page.content.decode()
        assert CertificateLookup.objects.get(certificate=issued).via == "qr"

    def test_unknown_code(self, client, db):
        assert client.get(reverse("certificates:verify_code", args=["NOPE"])).status_code == 404

    def test_void_shows_date_and_reason(self, client, issued):
        Certificate.objects.filter(pk=issued.pk).update(
            status="void", voided_on=datetime.date(2026, 3, 2), void_reason="replaced"
        )
        page = verify_post(client, issued.number, "张三").content.decode()
        assert "已于 2026-03-02 作废（遗失补办）" in page

    @override_settings(CERTIFICATE_LOOKUP_LIMIT=(2, 60))
    def test_rate_limited_per_address(self, client, issued):
        assert verify_post(client, issued.number, "张三").status_code == 200
        assert (
            client.get(
                reverse("certificates:verify_code", args=[issued.verification_code])
            ).status_code
            == 200
        )
        response = verify_post(client, issued.number, "张三")
        assert response.status_code == 429 and "查询过于频繁" in response.content.decode()
        other = verify_post(client, issued.number, "张三", REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 429  # the test client always sends 127.0.0.1
        issued.refresh_from_db()
        assert issued.lookup_count == 2


class TestQueryCounts:
    """List pages run the same number of queries whatever their length."""

    def _many(self, demo, office_context, approved, count):
        for _ in range(count):
            application = approved(applicant=PersonFactory())
            services.certificate_issue(
                actor=demo.office_staff, role_context=office_context, application_id=application.pk
            )
            approved(applicant=PersonFactory())

    def test_office_lists(
        self, as_sun, demo, office_context, approved, django_assert_max_num_queries
    ):
        self._many(demo, office_context, approved, 6)
        for tab in ("pending", "issued", "delivery"):
            with django_assert_max_num_queries(7):  # the navigation badges add two counts
                assert (
                    as_sun.get(reverse("certificates:office_list"), {"tab": tab}).status_code == 200
                )

    def test_my_certificates(
        self, sign_in, demo, office_context, approved, django_assert_max_num_queries
    ):
        for year in range(2020, 2026):
            application = approved(year=year)
            services.certificate_issue(
                actor=demo.office_staff, role_context=office_context, application_id=application.pk
            )
        client = sign_in(demo.applicant)
        with django_assert_max_num_queries(7):
            assert client.get(reverse("certificates:mine")).status_code == 200

    def test_verification_queue(self, sign_in, qz_staff, demo, django_assert_max_num_queries):
        from tests.factories import engineer_qualification

        for index in range(6):
            HistoricalCertificate.objects.create(
                person=PersonFactory(),
                number=f"H{index}",
                qualification=engineer_qualification(),
                specialty_name="林业工程",
                issuing_body="钦州市",
                granting_office=demo.office_qz,
                office=demo.office_qz,
                approved_on=datetime.date(2015, 1, 1),
                certificate_scan="historical/x.jpg",
            )
        client = sign_in(qz_staff, office_key(demo.office_qz))
        # 7: session, user, roles, the queue badge and unread-message badge, page and list.
        with django_assert_max_num_queries(7):
            assert client.get(reverse("certificates:verification_queue")).status_code == 200


@pytest.mark.parametrize(
    "model", ["certificate", "historicalcertificate", "delivery", "certificatecounter"]
)
def test_admin_lists_open(admin_client, issued, model):
    assert admin_client.get(reverse(f"admin:certificates_{model}_changelist")).status_code == 200


def test_admin_cannot_rewrite_an_issued_certificate(admin_client, issued):
    page = admin_client.get(reverse("admin:certificates_certificate_change", args=[issued.pk]))
    assert page.status_code == 200
    assert 'name="number"' not in page.content.decode()
    assert 'name="status"' in page.content.decode()
