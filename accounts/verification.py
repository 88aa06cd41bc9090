"""Verification codes: when each code was sent, and codes for the portal's own flows.

allauth's code flows (SMS sign-in, phone verification, password reset by email) keep their
process open for a while so that a new code can be asked for on the same page; the code
itself is valid for ``VERIFICATION_CODE_VALIDITY``. ``remember_sent_code`` notes when a code
left, so that our forms can say next to the field that a code has expired.

``CodeChallenge`` is a code sent to a person's registered phone for one purpose of our own
(password recovery by SMS, unit password recovery through a staff member).
"""

import hashlib
import logging
import secrets
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from titleportal.client_ip import client_ip
from titleportal.sms import SMSQuota, send_verification_code

logger = logging.getLogger(__name__)

SENT_CODES_SESSION_KEY = "verification_codes_sent"
KEEP_SENT_CODES = 20
MAX_ATTEMPTS = 5
# How long a verified challenge may be used to finish its flow (set the new password).
VERIFIED_WINDOW = 15 * 60

EXPIRED_MESSAGE = _("This code has expired. Request a new code and type that one.")
WRONG_MESSAGE = _("The code is wrong. Check the message and type the six digits again.")


def client_address(request) -> str:
    return client_ip(request)


def _digest(code: str) -> str:
    normalized = "".join(ch for ch in str(code) if ch.isalnum()).upper()
    return hashlib.sha256(normalized.encode()).hexdigest()[:24]


def remember_sent_code(request, code: str) -> None:
    sent = dict(request.session.get(SENT_CODES_SESSION_KEY) or {})
    sent[_digest(code)] = time.time()
    # Only the latest codes matter; the session stays small.
    newest = sorted(sent.items(), key=lambda item: item[1])[-KEEP_SENT_CODES:]
    request.session[SENT_CODES_SESSION_KEY] = dict(newest)


def code_has_expired(request, code: str | None) -> bool:
    if not code or request is None:
        return False
    sent = (request.session.get(SENT_CODES_SESSION_KEY) or {}).get(_digest(code))
    return sent is not None and time.time() - sent > settings.VERIFICATION_CODE_VALIDITY


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def typed_digits(code) -> str:
    """The ASCII digits of what was typed. Full-width digits (a Chinese input method) count
    as digits; other scripts' digits do not, so a code is only ever compared in ASCII."""
    return "".join(ch for ch in str(code).translate(FULL_WIDTH_DIGITS) if ch in "0123456789")


def queue_code_sms(*, user_id: int | None, phone: str, code: str) -> None:
    """Queue the SMS of a recovery code. With the database backend of production the task row
    is written in the current transaction, so the worker sees it once that commits. A queue
    that is down is logged and the page is the same (the person asks for a new code)."""
    from .tasks import send_code_sms

    try:
        send_code_sms.enqueue(user_id, phone, code)
    except Exception:  # the queue being down must not answer differently
        logger.exception("could not queue the code SMS to %s", phone[:3] + "****")


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


class CodeChallenge:
    """A six-digit code sent by SMS for ``purpose``, kept in the session.

    With ``reveal_failures=False`` (the recovery flows, where the person is not known yet) the
    request only counts the limits and queues a task, for an unknown person (``user`` None)
    too: the task sends nothing for them. So neither the page nor the time it takes tells
    whether a number is registered, and a provider that is down (or slow) is logged by the
    task and otherwise treated as a sent message. The page says to ask for a new code if none
    arrives. Otherwise the code is sent in the request and a failing provider raises.
    """

    def __init__(self, request, purpose: str, *, reveal_failures: bool = True):
        self.request = request
        self.session_key = f"code_challenge:{purpose}"
        self.reveal_failures = reveal_failures

    @property
    def state(self) -> dict | None:
        return self.request.session.get(self.session_key)

    def _save(self, state: dict) -> None:
        self.request.session[self.session_key] = state

    def start(self, *, user, phone: str = "", email: str = "", **extra) -> None:
        """Send a new code to ``email`` if given, else by SMS to ``phone``.

        Raises SMSQuotaExceeded when a limit refuses it, and SMSError when an SMS cannot go
        (unless ``reveal_failures`` is False: then the SMS is queued).
        """
        code = new_code()
        address = client_address(self.request)
        if email:
            self._send_email(email, code)
        elif self.reveal_failures:
            # A signed-in person or one who has just given the password: known already, and
            # told at once when the gateway fails.
            if user is not None:
                send_verification_code(phone, code, address=address)
            else:
                SMSQuota().consume(phone, address)
        else:
            # The recovery flows: the request does the same work for registered and unknown
            # numbers (count the limits, queue one task); the task worker looks the person up
            # and talks to the gateway after the answer has gone.
            SMSQuota().consume(phone, address)
            queue_code_sms(user_id=user.pk if user is not None else None, phone=phone, code=code)
        now = time.time()
        self._save(
            {
                "user_id": user.pk if user is not None else None,
                "phone": phone,
                "email": email,
                "code": code,
                "sent_at": now,
                "attempts": 0,
                "verified_at": None,
                **extra,
            }
        )

    def _send_email(self, email: str, code: str) -> None:
        from allauth.account.adapter import get_adapter

        from titleportal.sms import code_validity_minutes

        minutes = code_validity_minutes()
        get_adapter(self.request).send_mail(
            "accounts/email/verification_code", email, {"code": code, "minutes": minutes}
        )

    def resend(self) -> None:
        state = self.state
        if not state:
            return
        fixed = {"user_id", "phone", "email", "code", "sent_at", "attempts", "verified_at"}
        extra = {key: value for key, value in state.items() if key not in fixed}
        self.start(user=self.user, phone=state["phone"], email=state.get("email", ""), **extra)

    @property
    def user(self):
        from .models import User

        state = self.state
        if not state or not state.get("user_id"):
            return None
        return User.objects.filter(pk=state["user_id"], is_active=True).first()

    @property
    def phone(self) -> str:
        return (self.state or {}).get("phone", "")

    @property
    def email(self) -> str:
        return (self.state or {}).get("email", "")

    def seconds_until_resend(self) -> int:
        if self.email or not self.phone:
            return 0
        return SMSQuota().seconds_until_resend(self.phone)

    def verify(self, code: str) -> None:
        """Accept ``code`` or raise ValidationError with the reason in Chinese."""
        state = self.state
        if not state:
            raise ValidationError(EXPIRED_MESSAGE, code="expired")
        if time.time() - state["sent_at"] > settings.VERIFICATION_CODE_VALIDITY:
            raise ValidationError(EXPIRED_MESSAGE, code="expired")
        if state["attempts"] >= MAX_ATTEMPTS:
            raise ValidationError(
                _("Too many wrong codes. Request a new code."), code="too_many_attempts"
            )
        expected = state["code"] if state.get("user_id") else None
        if expected is None or not secrets.compare_digest(typed_digits(code), expected):
            state["attempts"] += 1
            self._save(state)
            raise ValidationError(WRONG_MESSAGE, code="wrong")
        state["verified_at"] = time.time()
        state["code"] = ""  # a code is used once
        self._save(state)

    @property
    def is_verified(self) -> bool:
        state = self.state
        return bool(
            state
            and state.get("verified_at")
            and time.time() - state["verified_at"] <= VERIFIED_WINDOW
            and state.get("user_id")
        )

    def clear(self) -> None:
        self.request.session.pop(self.session_key, None)
