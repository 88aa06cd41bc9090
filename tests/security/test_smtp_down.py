"""The mail server unreachable (EMAIL_HOST pointing at a port where nothing listens).

Django's real SMTP backend is pointed at a closed port. Resetting the password by email and
changing the email address still go on: the code is kept with the flow, the email is queued
as a pending delivery (titleportal.notifications) and the person is told it will come. Then a
real SMTP server (aiosmtpd) comes up on that port, ``retry_deliveries`` sends the email, and
the code in it finishes the flow. A code that expired meanwhile is not sent late.
"""

import datetime
import email
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.accounts.conftest import CAPTCHA, NEW_PASSWORD
from titleportal.models import Delivery

pytestmark = pytest.mark.django_db
QUEUED = "邮件服务器暂时无法连接"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def code(self, to: str | None = None) -> str:
        message = [m for m in self.messages if to is None or m["To"] == to][-1]
        body = message.get_body(("plain",)).get_content()
        return re.search(r"\b(\d{6})\b", body).group(1)


@pytest.fixture
def smtp(settings):
    """The portal's mail settings (as EMAIL_HOST would give) at a port nothing listens on;
    ``smtp.start()`` brings a real SMTP server up there."""
    port = closed_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_ssl": False, "timeout": 5},
        }
    }
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    started = []

    class Server:
        messages = inbox.messages
        code = inbox.code

        def start(self):
            controller.start()
            started.append(True)

    yield Server()
    if started:
        controller.stop()


def retry_later(minutes=2):
    """The retry run of a few minutes later (cron's ``retry_deliveries``)."""
    from titleportal.notifications import retry_due_deliveries

    return retry_due_deliveries(timezone.now() + datetime.timedelta(minutes=minutes))


def pending(address) -> Delivery:
    return Delivery.objects.get(address=address, status=Delivery.Status.PENDING)


def test_password_reset_by_email_is_queued_and_arrives_when_the_server_is_back(client, demo, smtp):
    response = client.post(
        reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("account_confirm_password_reset_code")
    # The page says nothing of the outage: it would tell that the address is registered (the
    # same page as for an address nobody uses); the mail waits and is sent later.
    assert QUEUED not in response.content.decode()
    unknown = Client().post(
        reverse("account_reset_password"), {"email": "nobody@example.com", **CAPTCHA}, follow=True
    )
    assert unknown.redirect_chain[-1][0] == response.redirect_chain[-1][0]
    queued = pending(demo.applicant.email)
    assert queued.attempts == 1 and "Connection refused" in queued.last_error
    assert queued.purpose == "account/email/password_reset_code"

    smtp.start()
    assert retry_later() == 2  # the code, and the notice to the address nobody uses
    queued.refresh_from_db()
    assert queued.status == Delivery.Status.SENT
    assert queued.body == "" and queued.html_body == ""  # the code is not kept once sent
    assert demo.applicant.email in [message["To"] for message in smtp.messages]

    response = client.post(
        reverse("account_confirm_password_reset_code"),
        {"code": smtp.code(to=demo.applicant.email)},
    )
    assert response["Location"] == reverse("account_complete_password_reset")
    client.post(
        reverse("account_complete_password_reset"),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    demo.applicant.refresh_from_db()
    assert demo.applicant.check_password(NEW_PASSWORD)


def test_changing_the_email_is_queued_and_confirmed_when_the_mail_arrives(client, demo, smtp):
    client.force_login(demo.applicant)
    response = client.post(
        reverse("accounts:change_email"), {"email": "zhang.new@example.com"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:change_email_code")
    assert QUEUED in response.content.decode()
    assert "zhang.new@example.com" in response.content.decode()  # the pending address
    pending("zhang.new@example.com")

    smtp.start()
    assert retry_later() == 1
    assert smtp.messages[-1]["To"] == "zhang.new@example.com"
    client.post(reverse("accounts:change_email_code"), {"code": smtp.code()})
    assert User.objects.get(pk=demo.applicant.pk).email == "zhang.new@example.com"


def test_a_code_that_expired_while_queued_is_not_sent_late(client, demo, smtp, time_machine):
    client.post(reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA})
    queued = pending(demo.applicant.email)
    smtp.start()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6), tick=True)
    call_command("retry_deliveries")
    queued.refresh_from_db()
    assert queued.status == Delivery.Status.FAILED
    assert "expired" in queued.last_error
    assert queued.body == ""
    assert smtp.messages == []


def test_a_sent_email_says_nothing_of_a_queue(client, demo, smtp):
    smtp.start()
    response = client.post(
        reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA}, follow=True
    )
    assert QUEUED not in response.content.decode()
    assert len(smtp.messages) == 1
    assert Delivery.objects.get(address=demo.applicant.email).status == Delivery.Status.SENT


def test_an_operator_sees_the_queued_email_but_not_its_code(client, demo, smtp):
    client.post(reverse("account_reset_password"), {"email": demo.applicant.email, **CAPTCHA})
    queued = pending(demo.applicant.email)
    code = re.search(r"\b(\d{6})\b", queued.body).group(1)
    client.force_login(demo.admin)
    listing = client.get(reverse("admin:titleportal_delivery_changelist")).content.decode()
    assert demo.applicant.email in listing and "password_reset_code" in listing
    detail = client.get(reverse("admin:titleportal_delivery_change", args=[queued.pk]))
    assert detail.status_code == 200
    assert "Connection refused" in detail.content.decode()
    assert code not in detail.content.decode()
