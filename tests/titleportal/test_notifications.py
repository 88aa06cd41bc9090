import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tests.sms_backends import FlakySMSBackend
from titleportal.models import Delivery, Message
from titleportal.notifications import notify, retry_due_deliveries
from titleportal.sms import FileSMSBackend


@pytest.fixture
def sms_outbox(settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "outbox.log"
    return FileSMSBackend(settings.SMS_OUTBOX)


@pytest.mark.django_db
class TestNotify:
    def test_message_is_left_and_sms_and_email_sent_after_commit(
        self, demo, sms_outbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                demo.applicant,
                event="application.returned",
                title="您的职称申报已被退回修改",
                body="请补充学历证书。",
                sms=True,
                email=True,
            )
        message = Message.objects.get(recipient=demo.applicant)
        assert message.read_at is None
        assert [phone for _, phone, _ in sms_outbox.messages()] == ["+8613800000001"]
        assert "您的职称申报已被退回修改" in sms_outbox.messages()[0][2]
        assert mail.outbox[0].to == ["applicant@example.com"]
        assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}

    def test_nothing_is_sent_when_the_act_rolls_back(self, demo, sms_outbox):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(demo.applicant, event="x", title="不应发送", sms=True)
            raise RuntimeError("the transition failed")
        assert not Message.objects.filter(recipient=demo.applicant).exists()
        assert sms_outbox.messages() == []

    def test_failing_gateway_keeps_the_act_and_retries_later(
        self, demo, settings, sms_outbox, django_capture_on_commit_callbacks
    ):
        settings.SMS_BACKEND = "tests.sms_backends.FlakySMSBackend"
        FlakySMSBackend.down = True
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                demo.applicant, event="application.accepted", title="评委会已受理您的申报", sms=True
            )
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.PENDING
        assert delivery.attempts == 1 and "gateway timeout" in delivery.last_error
        assert delivery.next_attempt_at > timezone.now()
        # Not due yet: nothing is tried.
        assert retry_due_deliveries() == 0
        FlakySMSBackend.down = False
        assert retry_due_deliveries(timezone.now() + datetime.timedelta(hours=1)) == 1
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SENT and delivery.attempts == 2
        assert sms_outbox.messages()[0][1] == "+8613800000001"

    def test_gives_up_after_the_last_attempt(
        self, demo, settings, django_capture_on_commit_callbacks
    ):
        settings.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
        settings.NOTIFICATION_MAX_ATTEMPTS = 2
        with django_capture_on_commit_callbacks(execute=True):
            notify(demo.applicant, event="x", title="测试", sms=True)
        retry_due_deliveries(timezone.now() + datetime.timedelta(days=1))
        delivery = Delivery.objects.get()
        assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 2

    def test_admin_sees_failures_and_can_retry(
        self, client, demo, settings, sms_outbox, django_capture_on_commit_callbacks
    ):
        settings.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
        with django_capture_on_commit_callbacks(execute=True):
            notify(demo.applicant, event="x", title="测试", sms=True)
        client.force_login(demo.admin)
        page = client.get(
            reverse("admin:titleportal_delivery_changelist") + "?status__exact=pending"
        )
        assert "gateway unreachable" in page.content.decode()
        settings.SMS_BACKEND = "titleportal.sms.FileSMSBackend"
        delivery = Delivery.objects.get()
        client.post(
            reverse("admin:titleportal_delivery_changelist"),
            {"action": "retry_now", "_selected_action": [delivery.pk]},
        )
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SENT


@pytest.mark.django_db
class TestInbox:
    def test_inbox_lists_own_messages_and_unread_badge(self, client, demo):
        notify(demo.applicant, event="x", title="给张三的消息")
        notify(demo.applicant2, event="x", title="给李四的消息")
        client.force_login(demo.applicant)
        page = client.get(reverse("messages")).content.decode()
        assert "给张三的消息" in page and "给李四的消息" not in page
        home = client.get("/").content.decode()
        assert "我的消息" in home and 'text-bg-danger">1' in home

    def test_opening_marks_read_and_follows_the_link(self, client, demo):
        message = notify(demo.applicant, event="x", title="消息", link="/notices/notice/")
        client.force_login(demo.applicant)
        response = client.post(reverse("message_open", args=[message.pk]))
        assert response["Location"] == "/notices/notice/"
        message.refresh_from_db()
        assert message.read_at is not None

    def test_someone_elses_message_is_not_found(self, client, demo):
        message = notify(demo.applicant, event="x", title="消息")
        client.force_login(demo.applicant2)
        assert client.post(reverse("message_open", args=[message.pk])).status_code == 404

    def test_external_links_are_not_followed(self, client, demo):
        message = notify(demo.applicant, event="x", title="消息", link="https://evil.example.com/")
        client.force_login(demo.applicant)
        assert client.post(reverse("message_open", args=[message.pk]))["Location"] == reverse(
            "messages"
        )

    def test_inbox_query_count_is_constant(self, client, demo, django_assert_max_num_queries):
        for index in range(40):
            notify(demo.applicant, event="x", title=f"消息{index}")
        client.force_login(demo.applicant)
        with django_assert_max_num_queries(9):
            client.get(reverse("messages"))
