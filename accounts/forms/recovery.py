"""Account forms: password recovery."""

from allauth.account import forms as allauth_forms
from allauth.core import context
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import IdNumberField, MobileField, PortalCaptchaField, limit_length
from accounts.limits import check_attempt, target
from accounts.models import User

# --- password recovery ----------------------------------------------------------------------
from .common import (
    EMAIL_MAX_LENGTH,
    SECURITY_QUESTION_CHOICES,
    _code_field,
    _password_field,
    check_sms_quota,
)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """忘记密码 by email: a code goes to the registered email.

    An unknown address gets the same page (and allauth's "no account" mail); a mail server
    that is down too (AccountAdapter.send_mail).
    """

    captcha = PortalCaptchaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["email"], EMAIL_MAX_LENGTH)
        self.fields["email"].label = _("Registered email")
        self.order_fields(["email", "captcha"])

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and not self.errors:
            # allauth counts the attempt itself once the form is valid ("reset_password",
            # keyed by the address in lower case); asking first puts a refusal next to the
            # field instead of on a page of its own.
            try:
                check_attempt(context.request, "reset_password", email.lower(), dry_run=True)
            except ValidationError as error:
                self.add_error("email", error)
        return cleaned


class ResetPasswordKeyForm(allauth_forms.ResetPasswordKeyForm):
    """The new password after a reset by email code, counted per account and address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password (again)")

    def clean(self):
        cleaned = super().clean()
        if self.user is not None:
            try:
                check_attempt(
                    context.request, "reset_password_new", target("account", self.user.pk)
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class SMSResetRequestForm(forms.Form):
    """忘记密码 by SMS, first step: the registered mobile number."""

    phone = MobileField(label=_("Registered mobile number"))
    captcha = PortalCaptchaField()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        if phone and not self.errors:
            try:
                check_attempt(self.request, "reset_password_by_sms", target("phone", phone))
                check_sms_quota(self.request, phone)
            except ValidationError as error:
                self.add_error("phone", error)
        return cleaned


class CodeForm(forms.Form):
    """The code of a ``CodeChallenge``; ``limit`` (action, key) counts every attempt."""

    code = _code_field()

    def __init__(self, *args, challenge, limit: tuple[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.limit = limit

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.limit is not None:
            check_attempt(self.challenge.request, *self.limit)
        self.challenge.verify(code)
        return code


class SecurityQuestionResetForm(forms.Form):
    """忘记密码 by ID number and the answer to the security question."""

    id_number = IdNumberField(any_type=True)
    security_question = forms.ChoiceField(
        label=_("Security question"), choices=SECURITY_QUESTION_CHOICES
    )
    security_answer = forms.CharField(
        label=_("Security answer"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    captcha = PortalCaptchaField()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        id_number = cleaned["id_number"]
        check_attempt(self.request, "reset_password_by_question", target("id", id_number))
        user = User.objects.filter(
            id_number=id_number, is_active=True, kind=User.Kind.PERSON
        ).first()
        # The answer is hashed whatever the account, its question and its answer: for an
        # unknown ID number, or one without an answer, check_password hashes a dummy, so the
        # time taken tells nothing either.
        answer_matches = check_password(
            cleaned["security_answer"].strip(), user.security_answer if user else ""
        )
        if user is None or user.security_question != cleaned["security_question"]:
            answer_matches = False
        if not answer_matches:
            # One message for every mismatch: the page does not tell which part was wrong.
            raise ValidationError(
                _("The ID number, security question and answer do not match an account."),
                code="mismatch",
            )
        self.user = user
        return cleaned


class NewPasswordForm(forms.Form):
    """The new password at the end of a recovery; ``request`` and ``limit_key`` count each
    attempt ("reset_password_new", per account or unit and per client address)."""

    password1 = _password_field(
        _("New password"), help_text=password_validation.password_validators_help_text_html()
    )
    password2 = _password_field(_("New password (again)"))

    def __init__(self, *args, user, request=None, limit_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.limit_key = limit_key

    def clean(self):
        cleaned = super().clean()
        if self.request is not None and self.limit_key:
            try:
                check_attempt(self.request, "reset_password_new", self.limit_key)
            except ValidationError as error:
                self.add_error(None, error)
                return cleaned
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1:
            try:
                password_validation.validate_password(password1, self.user)
            except ValidationError as error:
                self.add_error("password1", error)
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("You must type the same password each time."))
        return cleaned
