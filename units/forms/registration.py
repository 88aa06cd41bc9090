"""Forms of units and their people: unit registration."""

import json

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import PortalCaptchaField
from accounts.models import User
from titleportal.uploads import SCAN_OR_PDF, PrivateUploadField, StashingFormMixin
from titleportal.validators import normalize_uscc, validate_uscc
from units.choices import LICENCE_TYPE, Industry, UnitType
from units.models import Department, Unit

from .choosing import BoundedModelChoiceField
from .common import PHONE_RE, _choices

# --- registration ---------------------------------------------------------------------------
from .regions import RegionFieldsMixin


def licence_types_json() -> str:
    return json.dumps(
        {str(key): str(value) for key, value in LICENCE_TYPE.items()}, ensure_ascii=False
    )


class UnitFieldsMixin:
    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"].strip()
        if value and not PHONE_RE.match(value):
            raise ValidationError(
                _("Enter a telephone number: digits, with area code if it is a landline."),
                code="phone",
            )
        return value


class UnitRegistrationForm(StashingFormMixin, RegionFieldsMixin, UnitFieldsMixin, forms.Form):
    """单位注册 (seed 001 §一(一), seed 003)."""

    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters, as on the latest business licence; it is the unit's account."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Unit name"), max_length=100)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50)
    industry = forms.ChoiceField(
        label=_("Industry"), choices=_choices(Industry.choices, _("Choose the industry"))
    )
    address = forms.CharField(label=_("Unit address"), max_length=200)
    unit_type = forms.ChoiceField(
        label=_("Unit type"), choices=_choices(UnitType.choices, _("Choose the unit type"))
    )
    licence = PrivateUploadField(
        policy=SCAN_OR_PDF,
        label=_("Licence scan"),
        help_text=_(
            "A colour scan of the latest licence, without any added text, marks or watermark."
        ),
    )
    department = BoundedModelChoiceField(
        label=_("Competent department"),
        queryset=Department.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("None (reports to the title-reform office directly)"),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    captcha = PortalCaptchaField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_fields()
        self.order_fields(
            [
                "uscc",
                "name",
                "legal_representative",
                "industry",
                "province",
                "city",
                "county",
                "address",
                "unit_type",
                "licence",
                "department",
                "contact_name",
                "contact_phone",
                "password1",
                "password2",
                "captcha",
            ]
        )
        self.fields["unit_type"].widget.attrs["data-licence-types"] = licence_types_json()

    def clean_uscc(self):
        code = normalize_uscc(self.cleaned_data["uscc"])
        validate_uscc(code)
        if (
            Unit.objects.filter(uscc=code).exists()
            or User.objects.filter(username__iexact=code).exists()
        ):
            raise ValidationError(
                _(
                    "This unified social credit code is already registered. Sign in, or recover "
                    "the password through a staff member."
                ),
                code="taken",
            )
        return code

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1:
            dummy = User(username=cleaned.get("uscc") or "", full_name=cleaned.get("name") or "")
            try:
                password_validation.validate_password(password1, dummy)
            except ValidationError as error:
                self.add_error("password1", error)
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("You must type the same password each time."))
        return cleaned

    @property
    def licence_type(self):
        return LICENCE_TYPE.get(self["unit_type"].value(), "")
