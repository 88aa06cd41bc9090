"""Account forms: sign-in."""

from allauth.account import forms as allauth_forms
from allauth.core import context
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import PortalCaptchaField
from accounts.limits import check_attempt, target
from accounts.selectors import users_with_id_number
from accounts.verification import EXPIRED_MESSAGE, code_has_expired
from titleportal.validators import is_mobile, normalize_mobile

# --- sign-in --------------------------------------------------------------------------------
from .common import RESIDENT_ID_RE, _code_field, check_sms_quota


class LoginForm(allauth_forms.LoginForm):
    """账号密码登录: resident ID, mobile number or email in one field, password, captcha."""

    captcha = PortalCaptchaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Sign-in account")
        login.max_length = 254
        login.widget.attrs.update(
            {
                "placeholder": _("ID number, mobile number or email"),
                "autocomplete": "username",
                "autofocus": True,
            }
        )
        password = self.fields["password"]
        password.label = _("Password")
        password.help_text = ""
        password.widget.attrs["placeholder"] = _("Password")
        self.order_fields(["login", "password", "captcha"])

    def clean_login(self):
        value = super().clean_login()
        if RESIDENT_ID_RE.match(value):
            return value.upper()
        if is_mobile(value):
            return normalize_mobile(value)
        return self._account_of_document(value) or value

    def _account_of_document(self, value: str) -> str | None:
        """The account name behind a typed document number of any type. Two people may hold
        the same number on documents of different types (a passport and a travel permit):
        the one whose password was typed is meant."""
        people = list(users_with_id_number(value)[:5])
        if len(people) > 1:
            password = str(self.data.get("password") or "")
            people = [person for person in people if person.check_password(password)] or people
        return people[0].username if people else None


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """短信快速登录, first step: the mobile number (and captcha) that receives the code."""

    captcha = PortalCaptchaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("email", None)
        self.fields["phone"].required = True
        self.fields["phone"].widget.attrs["autofocus"] = True
        self.order_fields(["phone", "captcha"])

    def clean_phone(self):
        return self.cleaned_data["phone"]

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        if phone and not self.errors:
            try:
                check_sms_quota(context.request, phone)
                cleaned["phone"] = allauth_forms.RequestLoginCodeForm.clean_phone(self)
            except ValidationError as error:
                self.add_error("phone", error)
        return cleaned


class CodeExpiryMixin:
    """Says next to the field that a code has expired (allauth would only say "wrong")."""

    def clean_code(self):
        # An expired code needs replacing whatever was typed.
        if code_has_expired(context.request, self.expected_code):
            raise ValidationError(EXPIRED_MESSAGE, code="expired")
        return super().clean_code()

    def _relabel(self):
        self.fields["code"] = _code_field()


class ConfirmLoginCodeForm(CodeExpiryMixin, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()


class ConfirmPasswordResetCodeForm(CodeExpiryMixin, allauth_forms.ConfirmPasswordResetCodeForm):
    """忘记密码 by email, second step: the code, counted per email and per client address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()

    def clean_code(self):
        request = context.request
        check_attempt(
            request, "reset_password_by_email_code", target("email", _reset_email(request))
        )
        return super().clean_code()


def _reset_email(request) -> str:
    """The address of the password reset by email code under way in this session."""
    from allauth.account.internal.flows.password_reset_by_code import (
        PASSWORD_RESET_VERIFICATION_SESSION_KEY,
    )

    return (request.session.get(PASSWORD_RESET_VERIFICATION_SESSION_KEY) or {}).get("email", "")


class VerifyPhoneForm(CodeExpiryMixin, allauth_forms.VerifyPhoneForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._relabel()


class ReauthenticateForm(allauth_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
        self.fields["password"].help_text = ""
