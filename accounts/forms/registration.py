"""Account forms: registration."""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.core.exceptions import RateLimited
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.fields import IdNumberField, IdTypeField, PortalCaptchaField, limit_length
from accounts.models import User, person_username
from titleportal.validators import IdType, validate_id_number

# --- registration ---------------------------------------------------------------------------
from .common import EMAIL_MAX_LENGTH, SECURITY_QUESTION_CHOICES, check_sms_quota
from .settings import already_registered_response, registered_just_now


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
    # A form posted without it (older pages, scripts) means a resident ID card.
    id_type = IdTypeField(required=False)
    captcha = PortalCaptchaField()

    field_order = [
        "full_name",
        "id_type",
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
        id_field = IdNumberField()
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
        if "id_type" in self.errors:
            return value
        id_type = self.cleaned_data.get("id_type") or IdType.RESIDENT_ID
        validate_id_number(id_type, value)
        taken = Q(username__iexact=person_username(id_type, value)) | Q(
            id_type=id_type, id_number=value
        )
        if User.objects.filter(taken).exists():
            if id_type != IdType.RESIDENT_ID:
                raise ValidationError(
                    _("This ID number is already registered. Sign in or recover the password."),
                    code="taken",
                )
            raise ValidationError(
                _(
                    "This resident ID number is already registered. Sign in or recover the password."
                ),
                code="taken",
            )
        return value

    def clean_id_type(self):
        return self.cleaned_data.get("id_type") or IdType.RESIDENT_ID

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
