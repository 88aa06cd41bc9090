"""Forms of the account flows: allauth's, with the fields and captcha of the provincial
systems and messages in the person's language; and the forms of our own recovery flows.

Checks that cost something (SMS limits, allauth's rate limits, the user lookup) run in
``clean()`` after the captcha passed, so that a wrong captcha counts for nothing.
"""

import re

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import RateLimited
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from titleportal.sms import SMSQuota, SMSQuotaExceeded
from titleportal.validators import MOBILE_RE, normalize_mobile, normalize_resident_id

from .fields import MobileField, PortalCaptchaField, ResidentIDField, limit_length
from .limits import check_attempt, target
from .models import User
from .verification import EXPIRED_MESSAGE, client_address, code_has_expired

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


# --- sign-in --------------------------------------------------------------------------------


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
        mobile = normalize_mobile(value)
        if MOBILE_RE.match(mobile):
            return mobile
        return value


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


# --- registration ---------------------------------------------------------------------------


class SignupForm(allauth_forms.SignupForm):
    """个人注册 (seeds 000, 002, 003): ID number, phone and email each registered once.

    The unit key a person may give at registration is added by ``units.forms.PersonSignupForm``
    (the form allauth uses), since joining a unit is the units app's business."""

    full_name = forms.CharField(
        label=_("Name"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name", "placeholder": _("Real name")}),
    )
    security_question = forms.ChoiceField(
        label=_("Security question"), choices=SECURITY_QUESTION_CHOICES
    )
    security_answer = forms.CharField(
        label=_("Security answer"),
        max_length=50,
        help_text=_("Used to recover your password; stored only in encrypted form."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I have read and accept the registration notice"),
        error_messages={"required": _("Read and accept the registration notice first.")},
    )
    captcha = PortalCaptchaField()

    field_order = [
        "full_name",
        "username",
        "phone",
        "email",
        "password1",
        "password2",
        "security_question",
        "security_answer",
        "unit_key",
        "accept_terms",
        "captcha",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        id_field = ResidentIDField()
        id_field.help_text = _("Your ID number is your account; it cannot be changed later.")
        self.fields["username"] = id_field
        phone = self.fields["phone"]
        phone.required = True
        phone.label = _("Mobile number")
        phone.help_text = _("A code is sent to this number to confirm it.")
        email = limit_length(self.fields["email"], EMAIL_MAX_LENGTH)
        email.label = _("E-Mail")
        email.help_text = _("Important: used to recover your password.")
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password (again)")
        self.order_fields(self.field_order)

    def clean_username(self):
        value = self.cleaned_data["username"]
        if User.objects.filter(Q(username__iexact=value) | Q(id_number=value)).exists():
            raise ValidationError(
                _(
                    "This resident ID number is already registered. Sign in or recover the password."
                ),
                code="taken",
            )
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone")
        if value and User.objects.filter(phone=value).exists():
            raise ValidationError(
                _("This mobile number is already registered to another account."), code="taken"
            )
        return value

    def validate_unique_email(self, value):
        # The seeds require saying which identifier is taken.
        taken = (
            User.objects.filter(email=value).exists()
            or EmailAddress.objects.filter(email__iexact=value).exists()
        )
        if taken:
            raise ValidationError(
                _("This email address is already registered to another account."), code="taken"
            )
        return value

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_security_answer(self):
        return self.cleaned_data["security_answer"].strip()

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        if phone and not self.errors:
            try:
                check_sms_quota(context.request, phone)
            except ValidationError as error:
                self.add_error("phone", error)
        return cleaned

    def try_save(self, request):
        try:
            with transaction.atomic():
                return super().try_save(request)
        except IntegrityError:
            # The same registration sent twice at the same moment (a double click): the first
            # request created the account, this one is told which identifier is taken now.
            self._add_taken_errors()
            if registered_just_now(self) is not None:
                return None, already_registered_response(request)
            return None, self._refused(request)
        except RateLimited:
            # An identifier became taken while this form was checked (the other click of a
            # double click won): allauth then sends a verification code to it, which the
            # other click has just sent, and the SMS limit refuses the second one.
            if registered_just_now(self, checked=False) is not None:
                return None, already_registered_response(request)
            self._add_taken_errors()
            return None, self._refused(request)

    def _refused(self, request):
        return TemplateResponse(
            request,
            "account/signup.html",
            {"form": self, "login_url": reverse("account_login")},
        )

    def _add_taken_errors(self) -> None:
        checks = [
            ("username", self.clean_username),
            ("phone", self.clean_phone),
            ("email", lambda: self.validate_unique_email(self.cleaned_data.get("email"))),
        ]
        for name, check in checks:
            if self.cleaned_data.get(name):
                try:
                    check()
                except ValidationError as error:
                    self.add_error(name, error)
        if not self.errors:
            self.add_error("username", _("This account has just been registered. Sign in."))


# --- password recovery ----------------------------------------------------------------------


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

    id_number = ResidentIDField()
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


# --- personal settings ----------------------------------------------------------------------


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Current password")
        self.fields["oldpassword"].help_text = ""
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password (again)")


class ChangePhoneForm(allauth_forms.ChangePhoneForm):
    """更换手机号: the code goes to the new number, which replaces the old once confirmed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("New mobile number")

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if self.user is not None and self.user.kind != User.Kind.PERSON:
            raise ValidationError(
                _("Only personal accounts have a mobile number."), code="not_person"
            )
        if phone == self.phone:
            raise ValidationError(_("This is already your mobile number."), code="same")
        other = User.objects.filter(phone=phone)
        if self.user is not None:
            other = other.exclude(pk=self.user.pk)
        if other.exists():
            raise ValidationError(
                _("This mobile number is already registered to another account."), code="taken"
            )
        check_sms_quota(context.request, phone)
        self.account_already_exists = False
        return phone


class ChangeEmailForm(forms.Form):
    """更换邮箱: a code goes to the new address, which replaces the old once confirmed."""

    email = forms.EmailField(
        label=_("New email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_email(self):
        from allauth.core import ratelimit

        value = self.cleaned_data["email"].strip().lower()
        if value == (self.user.email or ""):
            raise ValidationError(_("This is already your email address."), code="same")
        taken = (
            User.objects.filter(email=value).exclude(pk=self.user.pk).exists()
            or EmailAddress.objects.filter(email__iexact=value).exclude(user=self.user).exists()
        )
        if taken:
            raise ValidationError(
                _("This email address is already registered to another account."), code="taken"
            )
        if not ratelimit.consume(self.request, action="change_email", user=self.user):
            raise ValidationError(
                _("Too many codes were requested; try again later."), code="limited"
            )
        return value


class NoAddEmailForm(allauth_forms.AddEmailForm):
    """allauth's list of email addresses is not used: an account has one email, changed
    with a code to the new address (accounts.views.change_email)."""

    def clean_email(self):
        raise ValidationError(
            _("Change your email under Settings → Change email."), code="not_here"
        )


class SecurityQuestionForm(forms.Form):
    """修改密保问题, confirmed with the current password."""

    current_password = _password_field(_("Current password"), autocomplete="current-password")
    security_question = forms.ChoiceField(
        label=_("Security question"), choices=SECURITY_QUESTION_CHOICES
    )
    security_answer = forms.CharField(
        label=_("Security answer"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is wrong."), code="wrong_password")
        return password

    def clean_security_answer(self):
        return self.cleaned_data["security_answer"].strip()


def registered_just_now(form, *, checked: bool = True) -> User | None:
    """The person a refused registration repeats (a double click, or the page posted again):
    the ID number is taken by an account whose password is the one typed. ``checked``: only
    when the form already refused the ID number as taken."""
    if checked and "username" not in form.errors:
        return None
    id_number = normalize_resident_id(str(form.data.get("username") or ""))
    password = str(form.data.get("password1") or "")
    if not (id_number.isascii() and RESIDENT_ID_RE.match(id_number)) or not password:
        return None
    user = User.objects.filter(id_number=id_number, is_active=True).first()
    return user if user is not None and user.check_password(password) else None


def already_registered_response(request):
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.info(
        request, _("You are already registered with this ID number. Sign in with your password.")
    )
    return redirect("account_login")
