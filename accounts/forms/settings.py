"""Account forms: personal settings."""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from titleportal.validators import IdType, is_id_number, normalize_id_number

# --- personal settings ----------------------------------------------------------------------
from .common import (
    EMAIL_MAX_LENGTH,
    SECURITY_QUESTION_CHOICES,
    _password_field,
    check_sms_quota,
)


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
    id_number = normalize_id_number(str(form.data.get("username") or ""))
    id_type = str(form.data.get("id_type") or IdType.RESIDENT_ID)
    password = str(form.data.get("password1") or "")
    if not (id_number.isascii() and is_id_number(id_number)) or not password:
        return None
    user = User.objects.filter(id_type=id_type, id_number=id_number, is_active=True).first()
    return user if user is not None and user.check_password(password) else None


def already_registered_response(request):
    from django.contrib import messages
    from django.shortcuts import redirect

    messages.info(
        request, _("You are already registered with this ID number. Sign in with your password.")
    )
    return redirect("account_login")
