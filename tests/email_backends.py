"""Email backends for tests of failure handling (real classes behind Django's interface)."""

import smtplib

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses the connection."""

    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        raise smtplib.SMTPConnectError(421, "mail server unavailable")


class FlakyEmailBackend(LocmemBackend):
    """Fails while ``FlakyEmailBackend.down`` is true, then delivers to ``mail.outbox``."""

    down = True

    def send_messages(self, email_messages):
        if type(self).down:
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return super().send_messages(email_messages)
