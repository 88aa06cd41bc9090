import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import User
from accounts.roles import Role
from tests import files
from tests.accounts.conftest import last_code
from tests.clock import beijing
from titleportal.models import Message
from units.models import (
    Affiliation,
    Membership,
    OrganisationEvent,
    StaffInvitation,
    StaffLookup,
    Unit,
    UnitRename,
)

from .conftest import CAPTCHA, NEW_USCC, UNIT_PASSWORD

pytestmark = pytest.mark.django_db


def page(response) -> str:
    return response.content.decode()


class TestUnitSearchAndRegions:
    def test_search_by_keyword_initials_and_code(self, client, demo):
        for query in ("蓝海", "nnlh", "NNLH", "91450100"):
            results = client.get(reverse("units:search"), {"q": query}).json()["results"]
            assert [r["name"] for r in results] == ["南宁蓝海工程有限公司"], query
        assert client.get(reverse("units:search"), {"q": ""}).json() == {"results": []}

    def test_inactive_units_are_not_offered(self, client, demo):
        Unit.objects.filter(pk=demo.unit.pk).update(is_active=False)
        assert client.get(reverse("units:search"), {"q": "蓝海"}).json() == {"results": []}

    def test_search_runs_one_query_whatever_the_number_of_units(
        self, client, demo, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(1):
            client.get(reverse("units:search"), {"q": "公司"})

    def test_region_children(self, client, reference_data):
        results = client.get(reverse("units:regions"), {"parent": "450100"}).json()["results"]
        assert {"code": "450103", "name": "青秀区"} in results
        assert client.get(reverse("units:regions"), {"parent": "x"}).json() == {"results": []}


class TestRegistration:
    url = reverse("units:register")

    def test_page_has_the_fields_of_the_seed(self, client, reference_data):
        html = page(client.get(self.url))
        for text in (
            "统一社会信用代码",
            "单位名称",
            "法定代表人",
            "单位行业",
            "单位地址",
            "单位类型",
            "营业执照类型",
            "营业执照扫描件",
            "联系人",
            "联系电话",
            "验证码",
            "企业法人营业执照",
        ):
            assert text in html, text

    def test_register_then_sign_in(self, client, reference_data, registration_data):
        response = client.post(self.url, {**registration_data, "licence": files.jpeg()})
        unit = Unit.objects.get(uscc=NEW_USCC)
        assert response["Location"] == f"{reverse('units:login')}?unit={unit.pk}"
        assert unit.region_id == "450103" and unit.name_initials == "nnqxjsgcyxgs"
        assert "企业法人营业执照" in unit.licence_type
        assert unit.licence_file.name.startswith("licences/")
        assert unit.account.username == NEW_USCC and unit.account.kind == User.Kind.UNIT
        assert OrganisationEvent.objects.filter(unit=unit, action="registered").exists()
        html = page(client.get(response["Location"]))
        assert "selected>南宁青秀建设工程有限公司</option>" in html
        data = {"unit": unit.pk, "login": NEW_USCC.lower(), "password": UNIT_PASSWORD, **CAPTCHA}
        response = client.post(reverse("units:login"), data, follow=True)
        assert response.wsgi_request.role.role == Role.UNIT_ACCOUNT

    def test_municipality_district_is_enough(self, client, reference_data, registration_data):
        data = {**registration_data, "province": "110000", "city": "110105", "county": ""}
        client.post(self.url, {**data, "licence": files.pdf()})
        assert Unit.objects.get(uscc=NEW_USCC).region_id == "110105"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("uscc", "91450103J2K0XTF8H9", "统一社会信用代码校验位不正确"),
            ("uscc", "914501", "统一社会信用代码应为18位"),
            ("uscc", "91450100MA5L3B2C1F", "该统一社会信用代码已注册"),
            ("county", "", "请选择区县"),
            ("contact_phone", "abc", "请输入电话号码"),
            ("password1", "12345678", "密码"),
            ("captcha_1", "WRONG", "验证码错误"),
            ("unit_type", "", "这个字段是必须的"),
        ],
    )
    def test_bad_input_keeps_everything_including_the_licence(
        self, client, demo, registration_data, field, value, message
    ):
        data = {**registration_data, field: value, "licence": files.jpeg(name="执照.jpg")}
        if field == "password1":
            data["password2"] = value
        response = client.post(self.url, data)
        html = page(response)
        assert response.status_code == 200
        assert message in html
        assert 'value="南宁青秀建设工程有限公司"' in html
        assert 'value="450103" selected' in html or field == "county"
        assert "已上传：执照.jpg" in html
        assert not re.search(r'<input type="password"[^>]*value=', html)
        # Sending the form again without choosing the file again uses the kept licence.
        token = re.search(r'name="licence__token" value="([0-9a-f-]+)"', html).group(1)
        fixed = {**registration_data, "licence__token": token}
        assert client.post(self.url, fixed).status_code == 302
        assert Unit.objects.get(uscc=NEW_USCC).licence_file

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (files.upload("执照.jpg", b"MZ\x90\x00 this is a program"), "不支持该文件类型"),
            (files.upload("执照.pdf", files.pdf_bytes(encrypt=True)), "需要密码才能打开"),
            (files.upload("执照.pdf", files.pdf_bytes()[:200]), "PDF 文件已损坏，无法打开"),
            (
                files.upload("big.pdf", files.pdf_bytes() + b"%" + b"0" * (31 * 1024 * 1024)),
                "PDF 文件不能超过 30.0 MB",
            ),
        ],
        ids=["fake-jpg", "encrypted-pdf", "corrupt-pdf", "oversize-pdf"],
    )
    def test_bad_licence_file_is_explained(
        self, client, reference_data, registration_data, upload, message
    ):
        response = client.post(self.url, {**registration_data, "licence": upload})
        assert response.status_code == 200
        assert message in page(response)
        assert not Unit.objects.filter(uscc=NEW_USCC).exists()

    def test_oversize_photo_of_the_licence_is_scaled_not_refused(
        self, client, reference_data, registration_data
    ):
        big = files.jpeg(size=(3000, 2200), noise=True)
        assert big.size > 1024 * 1024
        client.post(self.url, {**registration_data, "licence": big})
        unit = Unit.objects.get(uscc=NEW_USCC)
        assert unit.licence_file.size <= 1024 * 1024

    def test_licence_is_required(self, client, reference_data, registration_data):
        html = page(client.post(self.url, registration_data))
        assert "这个字段是必须的" in html


class TestUnitSignIn:
    def test_wrong_code_for_the_chosen_unit(self, client, demo):
        data = {
            "unit": demo.unit2.pk,
            "login": demo.unit.uscc,
            "password": demo.password,
            **CAPTCHA,
        }
        html = page(client.post(reverse("units:login"), data))
        assert "该统一社会信用代码与所选单位不一致" in html

    def test_wrong_password(self, client, demo):
        data = {"unit": demo.unit.pk, "login": demo.unit.uscc, "password": "nope", **CAPTCHA}
        html = page(client.post(reverse("units:login"), data))
        assert "账号或密码错误" in html

    def test_unit_must_be_chosen(self, client, demo):
        data = {"login": demo.unit.uscc, "password": demo.password, **CAPTCHA}
        assert "请从下拉列表中选择单位" in page(client.post(reverse("units:login"), data))

    def test_staff_entrance_refuses_people_who_are_not_enabled_staff(self, client, demo):
        data = {"unit": demo.unit2.pk, "login": "13800000003", "password": demo.password, **CAPTCHA}
        html = page(client.post(reverse("units:staff_login"), data))
        assert "您不是该单位已启用的工作人员" in html
        Membership.objects.filter(person=demo.staff).update(is_enabled=False)
        data["unit"] = demo.unit.pk
        assert "您不是该单位已启用的工作人员" in page(
            client.post(reverse("units:staff_login"), data)
        )


class TestUnitAccountPages:
    @pytest.mark.parametrize("name", ["account", "info", "contacts", "staff", "key"])
    def test_pages_render_for_the_unit_account(self, unit_client, name):
        assert unit_client.get(reverse(f"units:{name}")).status_code == 200

    @pytest.mark.parametrize("name", ["account", "info", "contacts", "staff", "key"])
    def test_other_roles_are_refused(self, client, demo, name):
        client.force_login(demo.applicant)
        assert client.get(reverse(f"units:{name}")).status_code == 403
        client.logout()
        assert client.get(reverse(f"units:{name}")).status_code == 302

    def test_rename_keeps_a_record(self, unit_client, demo):
        data = {
            "name": "南宁蓝海建设集团有限公司",
            "legal_representative": "陈海",
            "industry": "E",
            "province": "450000",
            "city": "450100",
            "county": "450103",
            "address": "南宁市青秀区金湖路 8 号",
            "unit_type": "private_enterprise",
        }
        assert unit_client.post(reverse("units:info"), data).status_code == 302
        rename = UnitRename.objects.get(unit=demo.unit)
        assert (rename.old_name, rename.new_name) == (
            "南宁蓝海工程有限公司",
            "南宁蓝海建设集团有限公司",
        )
        assert rename.renamed_by == demo.unit_account
        demo.unit.refresh_from_db()
        assert demo.unit.name_initials == "nnlhjsjtyxgs"
        html = page(unit_client.get(reverse("units:info")))
        assert "更名记录" in html and "南宁蓝海工程有限公司" in html

    def test_info_bad_input_keeps_values(self, unit_client, demo):
        data = {
            "name": "",
            "legal_representative": "陈海",
            "industry": "E",
            "province": "450000",
            "city": "450100",
            "county": "450103",
            "address": "x",
            "unit_type": "private_enterprise",
        }
        html = page(unit_client.post(reverse("units:info"), data))
        assert "这个字段是必须的" in html and 'value="陈海"' in html

    def test_contacts(self, unit_client, demo):
        unit_client.post(
            reverse("units:contacts"), {"contact_name": "王五", "contact_phone": "13800000003"}
        )
        demo.unit.refresh_from_db()
        assert demo.unit.contact_phone == "13800000003"
        html = page(
            unit_client.post(
                reverse("units:contacts"), {"contact_name": "王五", "contact_phone": "电话"}
            )
        )
        assert "请输入电话号码" in html

    def test_seal_upload_and_who_may_see_it(self, unit_client, client, demo):
        response = unit_client.post(
            reverse("units:seal_upload"), {"seal": files.png(mode="RGBA", name="公章.png")}
        )
        assert response.status_code == 302
        demo.unit.refresh_from_db()
        assert demo.unit.seal_image.name.endswith(".png")
        seal = unit_client.get(reverse("units:seal_file"))
        assert seal.status_code == 200 and seal["Content-Type"] == "image/png"
        # The unit's enabled staff acting for it may see it; others may not.
        other = client.__class__()
        other.force_login(demo.staff)
        session = other.session
        session[SESSION_KEY] = f"{Role.UNIT_STAFF}:{demo.unit.pk}"
        session.save()
        assert other.get(reverse("units:seal_file")).status_code == 200
        other.force_login(demo.staff2)
        assert other.get(reverse("units:seal_file")).status_code == 404
        other.force_login(demo.applicant)
        assert other.get(reverse("units:seal_file")).status_code == 404

    def test_seal_must_be_png(self, unit_client, demo):
        html = page(unit_client.post(reverse("units:seal_upload"), {"seal": files.jpeg()}))
        assert "PNG" in html
        demo.unit.refresh_from_db()
        assert not demo.unit.seal_image

    def test_licence_is_served_only_to_the_unit(
        self, client, demo, reference_data, registration_data
    ):
        client.post(reverse("units:register"), {**registration_data, "licence": files.pdf()})
        unit = Unit.objects.get(uscc=NEW_USCC)
        client.force_login(unit.account)
        response = client.get(reverse("units:licence_file"))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        client.force_login(demo.unit_account)
        assert client.get(reverse("units:licence_file")).status_code == 404  # demo unit has none


class TestStaff:
    def test_lookup_shows_only_the_masked_name(self, unit_client, demo):
        response = unit_client.post(
            reverse("units:staff_lookup"),
            {"id_number": "450202198511203453"},
            HTTP_HX_REQUEST="true",
        )
        html = page(response)
        assert "李*" in html and "李四" not in html
        assert "0002" not in html and "applicant2" not in html  # neither phone nor email
        assert "<html" not in html  # a partial for htmx

    def test_lookup_of_an_unknown_or_invalid_number(self, unit_client, demo):
        html = page(
            unit_client.post(reverse("units:staff_lookup"), {"id_number": "11010519491231002X"})
        )
        assert "未找到该身份证号的注册用户" in html
        html = page(
            unit_client.post(reverse("units:staff_lookup"), {"id_number": "110105194912310021"})
        )
        assert "校验位不正确" in html

    def test_every_lookup_is_logged(self, unit_client, demo):
        unit_client.post(reverse("units:staff_lookup"), {"id_number": "450202198511203453"})
        unit_client.post(reverse("units:staff_lookup"), {"id_number": "11010519491231002X"})
        rows = list(StaffLookup.objects.order_by("pk"))
        assert [(row.id_number, row.found) for row in rows] == [
            ("450202198511203453", demo.applicant2),
            ("11010519491231002X", None),
        ]
        assert {(row.unit, row.actor, row.address) for row in rows} == {
            (demo.unit, demo.unit_account, "127.0.0.1")
        }

    def test_lookups_are_limited_per_unit_and_day(self, unit_client, demo, settings, time_machine):
        settings.STAFF_LOOKUP_DAILY_LIMIT = 3
        for _ in range(3):
            html = page(
                unit_client.post(reverse("units:staff_lookup"), {"id_number": "450202198511203453"})
            )
            assert "李*" in html
        html = page(
            unit_client.post(reverse("units:staff_lookup"), {"id_number": "450202198511203453"})
        )
        assert "今天的 3 次身份证号查询已用完" in html and "李*" not in html
        assert "450202198511203453" in html  # what was typed is kept
        # Inviting a number that was not looked up counts as a look-up too.
        response = unit_client.post(
            reverse("units:staff_add"), {"id_number": "450102199001011231"}, follow=True
        )
        assert "查询已用完" in page(response)
        assert not StaffInvitation.objects.filter(person=demo.applicant).exists()
        time_machine.move_to(beijing(timezone.localdate() + datetime.timedelta(days=1), 8))
        unit_client.force_login(demo.unit_account)  # the session of yesterday has expired
        html = page(
            unit_client.post(reverse("units:staff_lookup"), {"id_number": "450202198511203453"})
        )
        assert "李*" in html
        assert StaffLookup.objects.filter(unit=demo.unit).count() == 4

    def test_adding_invites_and_only_acceptance_makes_staff(self, unit_client, client, demo):
        unit_client.post(reverse("units:staff_lookup"), {"id_number": "450202198511203453"})
        response = unit_client.post(
            reverse("units:staff_add"), {"id_number": "450202198511203453"}, follow=True
        )
        assert "已邀请 李*" in page(response)
        assert not Membership.objects.filter(person=demo.applicant2, unit=demo.unit).exists()
        # The number was looked up just before: the invitation is no second look-up.
        assert StaffLookup.objects.count() == 1
        html = page(unit_client.get(reverse("units:staff")))
        assert "李*" in html and "待确认" in html and "李四" not in html

        # 李四 finds the invitation in 我的消息 and accepts it.
        client.force_login(demo.applicant2)
        message = Message.objects.get(recipient=demo.applicant2, event="units.staff_invited")
        assert "南宁蓝海工程有限公司" in message.title
        response = client.post(reverse("message_open", args=[message.pk]))
        invitation = StaffInvitation.objects.get(person=demo.applicant2)
        assert response["Location"] == reverse("units:invitation", args=[invitation.pk])
        html = page(client.get(response["Location"]))
        assert "接受邀请" in html and "谢绝邀请" in html
        client.post(reverse("units:invitation", args=[invitation.pk]), {"action": "accept"})
        membership = Membership.objects.get(person=demo.applicant2, unit=demo.unit)
        assert membership.is_enabled and membership.role == Role.UNIT_STAFF
        html = page(client.get(reverse("units:invitation", args=[invitation.pk])))
        assert "已接受" in html and "接受邀请" not in html

        html = page(unit_client.get(reverse("units:staff")))
        assert "李四" in html and "待确认" not in html
        actions = list(
            OrganisationEvent.objects.filter(unit=demo.unit, subject=demo.applicant2)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["staff_invited", "invitation_accepted"]

    def test_a_declined_invitation_makes_no_staff(self, unit_client, client, demo):
        unit_client.post(reverse("units:staff_add"), {"id_number": "450202198511203453"})
        invitation = StaffInvitation.objects.get(person=demo.applicant2)
        client.force_login(demo.applicant2)
        client.post(reverse("units:invitation", args=[invitation.pk]), {"action": "decline"})
        assert not Membership.objects.filter(person=demo.applicant2, unit=demo.unit).exists()
        html = page(unit_client.get(reverse("units:staff")))
        assert "已谢绝" in html
        # An answered invitation cannot be answered again.
        response = client.post(
            reverse("units:invitation", args=[invitation.pk]), {"action": "accept"}, follow=True
        )
        assert "该邀请已答复或已被撤回" in page(response)
        assert not Membership.objects.filter(person=demo.applicant2, unit=demo.unit).exists()

    def test_a_withdrawn_invitation_cannot_be_accepted(self, unit_client, client, demo):
        unit_client.post(reverse("units:staff_add"), {"id_number": "450202198511203453"})
        invitation = StaffInvitation.objects.get(person=demo.applicant2)
        unit_client.post(reverse("units:staff_invitation_withdraw", args=[invitation.pk]))
        client.force_login(demo.applicant2)
        response = client.post(
            reverse("units:invitation", args=[invitation.pk]), {"action": "accept"}, follow=True
        )
        assert "该邀请已答复或已被撤回" in page(response)
        assert not Membership.objects.filter(person=demo.applicant2, unit=demo.unit).exists()

    def test_only_the_invited_person_sees_and_answers_the_invitation(
        self, unit_client, client, demo
    ):
        unit_client.post(reverse("units:staff_add"), {"id_number": "450202198511203453"})
        invitation = StaffInvitation.objects.get(person=demo.applicant2)
        url = reverse("units:invitation", args=[invitation.pk])
        assert unit_client.get(url).status_code == 404
        client.force_login(demo.applicant)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "accept"}).status_code == 404
        assert not Membership.objects.filter(unit=demo.unit, person=demo.applicant).exists()
        invitation.refresh_from_db()
        assert invitation.is_pending

    def test_inviting_twice_or_inviting_staff_is_explained(self, unit_client, demo):
        response = unit_client.post(
            reverse("units:staff_add"), {"id_number": "450103198803152345"}, follow=True
        )
        assert "王* 已在工作人员名单中" in page(response)
        unit_client.post(reverse("units:staff_add"), {"id_number": "450202198511203453"})
        response = unit_client.post(
            reverse("units:staff_add"), {"id_number": "450202198511203453"}, follow=True
        )
        assert "已邀请 李*，正在等待其确认" in page(response)
        assert StaffInvitation.objects.filter(person=demo.applicant2).count() == 1

    def test_enable_disable_remove(self, unit_client, demo):
        membership = Membership.objects.get(person=demo.staff, unit=demo.unit)
        unit_client.post(reverse("units:staff_toggle", args=[membership.pk]), {"enabled": "0"})
        membership.refresh_from_db()
        assert not membership.is_enabled
        assert "已停用" in page(unit_client.get(reverse("units:staff")))
        unit_client.post(reverse("units:staff_toggle", args=[membership.pk]), {"enabled": "1"})
        membership.refresh_from_db()
        assert membership.is_enabled
        unit_client.post(reverse("units:staff_remove", args=[membership.pk]))
        assert not Membership.objects.filter(pk=membership.pk).exists()
        actions = list(
            OrganisationEvent.objects.filter(unit=demo.unit, subject=demo.staff)
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions[-3:] == ["staff_disabled", "staff_enabled", "staff_removed"]

    def test_the_staff_list_masks_email_addresses(self, unit_client, demo):
        html = page(unit_client.get(reverse("units:staff")))
        assert demo.staff.full_name in html
        assert demo.staff.email not in html
        name, domain = demo.staff.email.split("@")
        assert f"{name[0]}***{name[-1]}@{domain}" in html

    def test_another_units_staff_is_not_found(self, unit_client, demo):
        other = Membership.objects.get(person=demo.staff2)
        assert (
            unit_client.post(
                reverse("units:staff_toggle", args=[other.pk]), {"enabled": "0"}
            ).status_code
            == 404
        )
        assert unit_client.post(reverse("units:staff_remove", args=[other.pk])).status_code == 404
        other.refresh_from_db()
        assert other.is_enabled

    def test_staff_list_query_count_is_constant(
        self, unit_client, demo, django_assert_max_num_queries
    ):
        def count_queries():
            with django_assert_max_num_queries(50) as captured:
                unit_client.get(reverse("units:staff"))
            return len(captured.captured_queries)

        before = count_queries()
        for index, id_number in enumerate(STAFF_IDS):
            person = User.objects.create_user(
                id_number=id_number, full_name=f"员工{index}", phone=f"1390000000{index}"
            )
            Membership.objects.create(person=person, role=Role.UNIT_STAFF, unit=demo.unit)
        assert count_queries() == before


STAFF_IDS = [
    "450102198506121239",
    "450102199203042343",
    "440301199001013459",
    "450102198808084568",
]


class TestUnitKey:
    def test_regenerate(self, unit_client, demo):
        old = demo.unit.key
        assert old in page(unit_client.get(reverse("units:key")))
        unit_client.post(reverse("units:key_regenerate"))
        demo.unit.refresh_from_db()
        assert demo.unit.key != old and len(demo.unit.key) == 12

    def test_join_and_change_unit_with_a_key(self, client, demo):
        client.force_login(demo.applicant)
        html = page(client.post(reverse("units:join"), {"key": "WRONGKEY"}))
        assert "没有单位使用该单位秘钥" in html
        client.post(reverse("units:join"), {"key": f" {demo.unit2.key.lower()} "})
        assert Affiliation.objects.get(person=demo.applicant).unit == demo.unit2
        assert "钦州海湾科技有限公司" in page(client.get(reverse("units:join")))

    def test_a_person_without_unit_joins(self, client, demo):
        person = User.objects.create_user(
            id_number="11010519491231002X", full_name="陈明", password="x"
        )
        client.force_login(person)
        client.post(reverse("units:join"), {"key": demo.unit.key})
        assert person.affiliation.unit == demo.unit

    def test_key_guesses_are_limited(self, client, demo):
        client.force_login(demo.applicant)
        for _ in range(10):
            client.post(reverse("units:join"), {"key": "WRONGKEY"})
        html = page(client.post(reverse("units:join"), {"key": demo.unit2.key}))
        assert "尝试次数过多" in html

    def test_unit_account_cannot_join(self, unit_client):
        assert unit_client.get(reverse("units:join")).status_code == 404


class TestRecoveryThroughStaff:
    def test_three_steps(self, client, demo):
        response = client.post(
            reverse("units:recover"),
            {"unit": demo.unit.pk, "uscc": demo.unit.uscc.lower(), **CAPTCHA},
        )
        assert response["Location"] == reverse("units:recover_staff")
        html = page(client.get(response["Location"]))
        assert "王*" in html and "王五" not in html
        membership = Membership.objects.get(person=demo.staff, unit=demo.unit)
        response = client.post(
            reverse("units:recover_staff"),
            {"staff": membership.pk, "id_number": "450103198803152345"},
        )
        assert response["Location"] == reverse("units:recover_code")
        assert "138****0003" in page(client.get(response["Location"]))
        assert client.get(reverse("units:recover_password"))["Location"] == reverse("units:recover")
        response = client.post(reverse("units:recover_code"), {"code": last_code("13800000003")})
        assert response["Location"] == reverse("units:recover_password")
        response = client.post(
            reverse("units:recover_password"),
            {"password1": UNIT_PASSWORD, "password2": UNIT_PASSWORD},
        )
        assert "找回密码结束" in page(response)
        demo.unit_account.refresh_from_db()
        assert demo.unit_account.check_password(UNIT_PASSWORD)
        event = OrganisationEvent.objects.get(unit=demo.unit, action="password_recovered")
        assert event.actor == demo.staff

    def test_wrong_code_for_the_unit(self, client, demo):
        html = page(
            client.post(
                reverse("units:recover"), {"unit": demo.unit.pk, "uscc": demo.unit2.uscc, **CAPTCHA}
            )
        )
        assert "该统一社会信用代码与所选单位不一致" in html

    def test_unit_without_enabled_staff_is_told_whom_to_call(self, client, demo):
        Membership.objects.filter(unit=demo.unit).update(is_enabled=False)
        client.post(
            reverse("units:recover"), {"unit": demo.unit.pk, "uscc": demo.unit.uscc, **CAPTCHA}
        )
        assert "0771-5505013" in page(client.get(reverse("units:recover_staff")))

    def test_steps_cannot_be_skipped(self, client, demo):
        assert client.get(reverse("units:recover_staff"))["Location"] == reverse("units:recover")
        assert client.get(reverse("units:recover_code"))["Location"] == reverse("units:recover")
        assert client.get(reverse("units:recover_password"))["Location"] == reverse("units:recover")


class TestDepartmentStaff:
    def test_office_adds_staff_to_a_department_under_it(self, office_client, demo):
        # The department is under the Qinzhou office, which is under the Guangxi office.
        office_client.post(
            reverse("units:department_staff"),
            {"department": demo.department.pk, "id_number": "450202198511203453"},
        )
        membership = Membership.objects.get(person=demo.applicant2, department=demo.department)
        assert membership.is_enabled and membership.role == Role.DEPARTMENT_STAFF
        html = page(office_client.get(reverse("units:department_staff")))
        assert "李四" in html and "钦州市工业和信息化局" in html and "钱七" in html
        office_client.post(
            reverse("units:department_staff_toggle", args=[membership.pk]), {"enabled": "0"}
        )
        membership.refresh_from_db()
        assert not membership.is_enabled
        office_client.post(reverse("units:department_staff_remove", args=[membership.pk]))
        assert not Membership.objects.filter(pk=membership.pk).exists()

    def test_departments_of_other_offices_are_out_of_reach(self, client, demo):
        client.force_login(demo.office_staff)
        Membership.objects.create(
            person=demo.office_staff, role=Role.OFFICE_STAFF, office=demo.office_qz, is_enabled=True
        )
        session = client.session
        session[SESSION_KEY] = f"{Role.OFFICE_STAFF}:{demo.office_qz.pk}"
        session.save()
        demo.department.office = demo.office
        demo.department.save()
        # Acting for the Qinzhou office: the department now belongs to the office above it.
        html = page(client.get(reverse("units:department_staff")))
        assert "钱七" not in html
        html = page(
            client.post(
                reverse("units:department_staff"),
                {"department": demo.department.pk, "id_number": "450202198511203453"},
            )
        )
        assert not Membership.objects.filter(person=demo.applicant2).exists()
        member = Membership.objects.get(person=demo.dept_staff)
        url = reverse("units:department_staff_remove", args=[member.pk])
        assert client.post(url).status_code == 404

    def test_only_office_staff(self, client, demo):
        client.force_login(demo.applicant)
        assert client.get(reverse("units:department_staff")).status_code == 403

    def test_page_query_count_is_constant(self, office_client, demo, django_assert_max_num_queries):
        def count_queries():
            with django_assert_max_num_queries(50) as captured:
                office_client.get(reverse("units:department_staff"))
            return len(captured.captured_queries)

        before = count_queries()
        for index, id_number in enumerate(STAFF_IDS):
            person = User.objects.create_user(id_number=id_number, full_name=f"员工{index}")
            Membership.objects.create(
                person=person, role=Role.DEPARTMENT_STAFF, department=demo.department
            )
        assert count_queries() == before
