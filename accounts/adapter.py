"""How django-allauth fits the portal.

* Phones live on our User model (``phone``, ``phone_verified``); codes go out through
  ``titleportal.sms`` with its limits. A limit or a provider failure becomes a page message,
  never an error page.
* A mail server that is down does not show in the password reset by email: its error would
  only come for registered addresses (``DISCREET_MAILS``).
* Failed sign-ins are counted per account (whatever identifier was typed: ID number, phone
  or email) and per client address; the lock ends by itself (ACCOUNT_RATE_LIMITS).
* Registration stores the resident ID as the username, with name, phone and the hashed
  security answer.
* After sign-in, a person with several roles chooses the role to act as.
"""

import logging
import re
from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from titleportal.client_ip import client_ip
from titleportal.sms import SMSError, SMSQuota, SMSQuotaExceeded, send_verification_code
from titleportal.validators import normalize_mobile

from .fields import MobileField
from .verification import client_address, remember_sent_code

logger = logging.getLogger(__name__)

# Mails of the password reset by email: to a registered address the code, to any other the
# "no account" notice. A failure to send is logged, and the page stays the one that says a
# code goes to the address if it is registered, as for an unknown address.
DISCREET_MAILS = {"account/email/password_reset_code", "account/email/unknown_account"}

# Messages that say a code was sent; left out when sending failed.
SENT_MESSAGE_TEMPLATES = {
    "account/messages/login_code_sent.txt",
    "account/messages/phone_verification_sent.txt",
}


def lockout_minutes() -> int:
    """The longest window of the "login_failed" limit, in minutes (for the message)."""
    rates = settings.ACCOUNT_RATE_LIMITS.get("login_failed", "")
    seconds = 0
    for part in rates.split(","):
        match = re.match(r"\s*\d+/(\d*)([smhd])", part)
        if match:
            amount = int(match.group(1) or 1)
            seconds = max(seconds, amount * {"s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]])
    return max(1, seconds // 60)


def _lockout_text() -> str:
    return str(
        _(
            "Too many failed sign-in attempts. Sign-in is locked for %(minutes)s minutes "
            "and unlocks by itself; you can also reset your password."
        )
        % {"minutes": lockout_minutes()}
    )


MAIL_QUEUED_MESSAGE = _(
    "The mail server is not answering right now. Your email has been queued and is sent as "
    "soon as the server answers again; you need not ask again. If a code has expired by the "
    "time it arrives, ask for a new one."
)


# Lazy: the lock duration is read from the settings when the message is shown.
lockout_message = lazy(_lockout_text, str)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _("The account or the password is wrong."),
        "email_password_mismatch": _("The account or the password is wrong."),
        "phone_password_mismatch": _("The account or the password is wrong."),
        "too_many_login_attempts": lockout_message(),
        "incorrect_code": _("The code is wrong. Check the message and type it again."),
        "incorrect_password": _("The password is wrong."),
        "enter_current_password": _("Type your current password."),
        "invalid_login": _("The account or the password is wrong."),
        "phone_taken": _("This mobile number is already registered."),
        "email_taken": _("This email address is already registered."),
        "username_taken": _("This resident ID number is already registered."),
        "same_as_current": _("The new value is the same as the current one."),
        "rate_limited": _("Too many requests; wait a moment and try again."),
        "account_inactive": _("This account is disabled."),
        "unknown_phone": _("This mobile number is not registered."),
    }

    # --- phones -------------------------------------------------------------------------

    def phone_form_field(self, **kwargs):
        return MobileField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_mobile(phone)

    def get_phone(self, user):
        if not getattr(user, "phone", None):
            return None
        return user.phone, user.phone_verified

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalize_mobile(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone: str) -> None:
        # When a person changes their number, the new one replaces the old only now, after
        # the code sent to it was typed in.
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        from .models import User

        return User.objects.filter(phone=normalize_mobile(phone)).first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        request = self.request
        try:
            send_verification_code(normalize_mobile(phone), code, address=client_address(request))
        except SMSQuotaExceeded as refused:
            self._sms_not_sent(refused.message)
            return
        except SMSError:
            logger.exception("SMS to %s failed", phone[:3] + "****")
            self._sms_not_sent(_("The SMS could not be sent. Please try again later."))
            return
        remember_sent_code(request, code)

    def _count_without_sending(self, phone: str) -> None:
        # Unknown numbers are not told apart from registered ones: the limits count the same.
        try:
            SMSQuota().consume(normalize_mobile(phone), client_address(self.request))
        except SMSQuotaExceeded as refused:
            self._sms_not_sent(refused.message)

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        self._count_without_sending(phone)

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._count_without_sending(phone)

    def _sms_not_sent(self, text) -> None:
        request = self.request
        if request is not None:
            request._sms_not_sent = True
            messages.error(request, text)

    def add_message(self, request, level, message_template=None, message_context=None, **kw):
        if message_template in SENT_MESSAGE_TEMPLATES and getattr(request, "_sms_not_sent", False):
            return
        super().add_message(request, level, message_template, message_context, **kw)

    # --- emails -------------------------------------------------------------------------

    def can_delete_email(self, email_address) -> bool:
        # The one email of an account is replaced by changing it, never removed.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Codes and notices by email (password reset, a new address): sent at once; when
        the mail server does not answer, queued and retried, and the person is told the
        email will come (titleportal.notifications.send_email_now)."""
        from django.contrib.sites.shortcuts import get_current_site

        from titleportal.models import Delivery
        from titleportal.notifications import send_email_now

        request = self.request
        if context.get("code") and request is not None:
            remember_sent_code(request, context["code"])
        rendered = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request) if request is not None else None,
                **context,
            },
        )
        delivery = send_email_now(
            rendered,
            purpose=template_prefix,
            valid_for=settings.VERIFICATION_CODE_VALIDITY if context.get("code") else None,
        )
        # A recovery mail goes (or waits) only for a registered address: saying it is queued
        # would tell who is registered, so the page stays the same (DISCREET_MAILS).
        discreet = template_prefix in DISCREET_MAILS
        if delivery.status != Delivery.Status.SENT and request is not None and not discreet:
            messages.warning(request, MAIL_QUEUED_MESSAGE)

    # --- sign-in failures ---------------------------------------------------------------

    def get_client_ip(self, request) -> str:
        # allauth's rate limits count by the same address as our SMS and lookup limits.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # One counter per account, whichever of its identifiers was typed; unknown
        # identifiers are counted by what was typed.
        from .selectors import user_for_login

        typed = (
            credentials.get("email") or credentials.get("phone") or credentials.get("username")
        ) or ""
        user = user_for_login(typed) if typed else None
        if user is not None:
            return f"account:{user.pk}"
        return f"login:{typed.strip().lower()}"

    def clear_login_failures(self, request, user) -> None:
        ratelimit.clear(request, action="login_failed", key=f"account:{user.pk}")

    # --- registration -------------------------------------------------------------------

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.kind = user.Kind.PERSON
        user.full_name = data["full_name"]
        user.id_type = data.get("id_type") or user.IdType.RESIDENT_ID
        user.id_number = data["username"]
        user.security_question = data["security_question"]
        user.set_security_answer(data["security_answer"])
        return super().save_user(request, user, form, commit=commit)

    # --- sign-in stages ------------------------------------------------------------------

    def get_login_stages(self) -> list[str]:
        # A staff member on a new device types an SMS code (accounts.devices) after the
        # password and before a second factor.
        stages = super().get_login_stages()
        position = next(
            (i for i, path in enumerate(stages) if path.startswith("allauth.mfa.")), len(stages)
        )
        stages.insert(position, "accounts.stages.NewDeviceStage")
        return stages

    # --- after sign-in ------------------------------------------------------------------

    def post_login(self, request, user, **kwargs):
        from .middleware import SESSION_KEY
        from .selectors import available_role_contexts

        response = super().post_login(request, user, **kwargs)
        if (
            isinstance(response, HttpResponseRedirect)
            and SESSION_KEY not in request.session
            and len(available_role_contexts(user)) > 1
        ):
            query = urlencode({"next": response.url})
            return HttpResponseRedirect(f"{reverse('accounts:choose_role')}?{query}")
        return response


def user_display(user) -> str:
    """How allauth names an account in its messages: the person's or unit's name."""
    return user.get_full_name()
