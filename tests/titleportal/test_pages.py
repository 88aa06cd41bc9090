import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.roles import Role
from titleportal.models import Notice
from units.models import Membership


@pytest.mark.django_db
class TestPublicPages:
    def test_home_page_speaks_chinese_with_notices_and_policies(self, client, demo):
        from titleportal.demo import seed_notices

        seed_notices()
        page = client.get("/").content.decode()
        assert '<html lang="zh-hans">' in page
        for text in (
            "首页",
            "通知公告",
            "政策文件",
            "登录",
            "关于开展2026年度工程系列中级职称评审工作的通知",
        ):
            assert text in page

    def test_browser_language_does_not_override_chinese(self, client, db):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="zh-hans">' in page and "首页" in page

    def test_language_switcher_changes_to_english_and_back(self, client, db):
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert "Policy documents" in client.get("/").content.decode()
        client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
        assert "政策文件" in client.get("/").content.decode()

    def test_sign_in_page_speaks_chinese(self, client, db):
        page = client.get(reverse("account_login")).content.decode()
        assert '<html lang="zh-hans">' in page
        assert "登录" in page and "密码" in page

    def test_unpublished_notice_is_not_shown(self, client, db):
        hidden = Notice.objects.create(category="notice", title="草稿通知", is_published=False)
        assert "草稿通知" not in client.get("/").content.decode()
        assert client.get(reverse("notice_detail", args=["notice", hidden.pk])).status_code == 404
        assert client.get(reverse("notice_detail", args=["policy", hidden.pk])).status_code == 404

    def test_unknown_category_is_not_found(self, client, db):
        assert client.get("/notices/secret/").status_code == 404

    def test_notice_body_is_sanitised(self, client, db):
        notice = Notice.objects.create(
            category="policy",
            title="政策",
            body='<p onclick="steal()">正文<script>alert(1)</script><a href="javascript:x()">链接</a></p>',
        )
        page = client.get(reverse("notice_detail", args=["policy", notice.pk])).content.decode()
        assert "正文" in page
        assert "<script>alert" not in page and "onclick" not in page and "javascript:x" not in page

    def test_home_page_query_count_does_not_grow_with_notices(
        self, client, db, django_assert_max_num_queries
    ):
        for index in range(30):
            Notice.objects.create(category="notice", title=f"通知{index}")
        with django_assert_max_num_queries(4):
            client.get("/")

    def test_a_notice_saved_or_deleted_shows_on_the_home_page_at_once(self, client, db):
        """The boxes are kept rendered (titleportal.notices): a change in admin still shows
        on the next visit."""
        assert "今年的评审通知" not in client.get("/").content.decode()
        notice = Notice.objects.create(category="notice", title="今年的评审通知")
        assert "今年的评审通知" in client.get("/").content.decode()
        notice.title = "今年的评审通知（修订）"
        notice.save()
        assert "今年的评审通知（修订）" in client.get("/").content.decode()
        notice.delete()
        assert "今年的评审通知" not in client.get("/").content.decode()

    def test_a_scheduled_notice_appears_when_it_is_due(self, client, db, time_machine):
        time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
        Notice.objects.create(
            category="policy",
            title="新的评审条件",
            published_at=timezone.now() + datetime.timedelta(minutes=30),
        )
        assert "新的评审条件" not in client.get("/").content.decode()
        time_machine.move_to(timezone.now() + datetime.timedelta(minutes=29), tick=False)
        assert "新的评审条件" not in client.get("/").content.decode()
        time_machine.move_to(timezone.now() + datetime.timedelta(minutes=1, seconds=1), tick=False)
        assert "新的评审条件" in client.get("/").content.decode()

    def test_health_check(self, client, db):
        response = client.get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok", body
        assert {name: c["status"] for name, c in body["components"].items()} == {
            "database": "ok",
            "cache": "ok",
            "storage": "ok",
            "tasks": "ok",
        }

    def test_pages_carry_security_headers(self, client, db):
        response = client.get("/")
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
class TestShellByRole:
    def test_applicant_navigation_and_acting_banner(self, client, demo):
        client.force_login(demo.applicant)
        page = client.get("/").content.decode()
        assert "张三" in page and "申报人" in page
        assert "退出" in page

    def test_person_with_two_roles_switches_role(self, client, demo):
        client.force_login(demo.staff)
        page = client.get("/").content.decode()
        # The user menu offers both roles: applicant and unit staff.
        assert page.count('class="dropdown-item role-option') == 2
        membership = Membership.objects.get(person=demo.staff)
        key = f"{Role.UNIT_STAFF}:{demo.unit.pk}"
        client.post(reverse("accounts:switch_role"), {"role": key, "next": "/"})
        assert client.session[SESSION_KEY] == key
        assert "南宁蓝海工程有限公司" in client.get("/").content.decode()
        # A disabled membership stops working at once: the person acts as applicant again.
        membership.is_enabled = False
        membership.save()
        response = client.get("/")
        assert response.wsgi_request.role.role == Role.APPLICANT

    def test_switching_to_a_role_not_held_is_refused(self, client, demo):
        client.force_login(demo.applicant)
        key = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
        response = client.post(reverse("accounts:switch_role"), {"role": key}, follow=True)
        assert "您没有该角色" in response.content.decode()
        assert response.wsgi_request.role.role == Role.APPLICANT

    def test_switch_role_ignores_foreign_redirects(self, client, demo):
        client.force_login(demo.staff)
        response = client.post(
            reverse("accounts:switch_role"),
            {"role": f"{Role.APPLICANT}:", "next": "https://evil.example.com/"},
        )
        assert response["Location"] == "/"

    def test_unit_account_acts_for_its_unit(self, client, demo):
        client.force_login(demo.unit_account)
        response = client.get("/")
        assert response.wsgi_request.role.role == Role.UNIT_ACCOUNT
        assert response.wsgi_request.role.unit == demo.unit
