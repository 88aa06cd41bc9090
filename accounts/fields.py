"""Form fields shared by the account, unit and recovery forms."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.utils.translation import gettext_lazy as _

from titleportal.validators import (
    normalize_mobile,
    normalize_resident_id,
    validate_mobile,
    validate_resident_id,
)


class MobileField(forms.CharField):
    """A mainland mobile number; ``+86``, spaces and dashes are accepted and dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "tel",
                    "inputmode": "tel",
                    "placeholder": _("11-digit mobile number"),
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
