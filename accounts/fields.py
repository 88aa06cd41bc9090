"""Form fields shared by the account, unit and recovery forms."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from titleportal.validators import (
    ID_NUMBER_MAX_LENGTH,
    IdType,
    is_id_number,
    normalize_id_number,
    normalize_mobile,
    normalize_resident_id,
    validate_mobile,
    validate_resident_id,
)


def limit_length(field: forms.CharField, max_length: int) -> forms.CharField:
    """Give a field made elsewhere (allauth's email fields allow 320 characters) the limit of
    the column its value is stored in: checked with a message next to the field, and set as
    the input's maxlength."""
    field.max_length = max_length
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(max_length))
    field.widget.attrs["maxlength"] = str(max_length)
    return field


class MobileField(forms.CharField):
    """A mobile number, cleaned to E.164: 11 mainland digits (``+86`` optional), or a number
    of Hong Kong, Macao, Taiwan or abroad with its country code (+852 9123 4567)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": _("11-digit mobile number, or +852 / +853 / +886 …"),
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_mobile(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_mobile(value)


class ResidentIDField(forms.CharField):
    """An 18-character resident ID number, check digit verified; a lower-case x is accepted."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Resident ID number"))
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "off", "placeholder": _("18-character ID number")}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_resident_id(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_resident_id(value)


class IdTypeField(forms.ChoiceField):
    """证件类型: which identity document the number belongs to."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Type of identity document"))
        kwargs.setdefault("choices", IdType.choices)
        kwargs.setdefault("initial", IdType.RESIDENT_ID)
        super().__init__(**kwargs)


class IdNumberField(forms.CharField):
    """证件号码 of any document type; the form checks it against the chosen type
    (``validators.validate_id_number``). Alone (recovery, staff look-up) it accepts a number
    that is valid for at least one type."""

    def __init__(self, *, any_type: bool = False, **kwargs):
        self.any_type = any_type
        kwargs.setdefault("label", _("Document number"))
        kwargs.setdefault("max_length", 25)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("Document number")}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_id_number(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and len(value) > ID_NUMBER_MAX_LENGTH:
            raise forms.ValidationError(_("This is not a valid ID number."), code="invalid")
        if value and self.any_type and not is_id_number(value):
            if len(value) == 18 and value[:1] in "12345678":
                validate_resident_id(value)  # says what is wrong with a resident ID number
            raise forms.ValidationError(_("This is not a valid ID number."), code="invalid")


class PortalCaptchaInput(CaptchaTextInput):
    """The picture beside the answer box; clicking it loads a new picture."""

    template_name = "accounts/widgets/captcha.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        answer = context["widget"]["subwidgets"][1]["attrs"]
        answer.setdefault("placeholder", _("Characters in the picture"))
        answer["maxlength"] = 8
        return context


class PortalCaptchaField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Captcha"))
        kwargs.setdefault("widget", PortalCaptchaInput())
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("The captcha is wrong; type the characters in the new picture."),
                "required": _("Type the characters in the picture."),
                "incomplete": _("Type the characters in the picture."),
            },
        )
        super().__init__(**kwargs)
