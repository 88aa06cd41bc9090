"""Account forms: shared fields and checks."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.verification import client_address
from titleportal.sms import SMSQuota, SMSQuotaExceeded

RESIDENT_ID_RE = re.compile(r"^\d{17}[\dXx]$")

# The email columns (User.email, allauth's EmailAddress, the mail queue's address) hold 254.
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length

SECURITY_QUESTION_CHOICES = [("", _("Choose a security question")), *User.SecurityQuestion.choices]


def check_sms_quota(request, phone: str) -> None:
    """Raise ValidationError (for the phone field) if no SMS may go to ``phone`` now."""
    try:
        SMSQuota().check(phone, client_address(request))
    except SMSQuotaExceeded as refused:
        raise ValidationError(refused.message, code="sms_quota") from None


def _code_field():
    return forms.CharField(
        label=_("SMS verification code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "placeholder": _("6 digits"),
            }
        ),
    )


def _password_field(label, autocomplete="new-password", help_text=""):
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )
