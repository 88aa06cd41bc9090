"""Forms of units and their people: a person's registration with the unit key."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignupForm
from units.selectors import unit_for_key
from units.services import affiliation_join

# --- registration of a person with the unit key -----------------------------------------------


class PersonSignupForm(SignupForm):
    """个人注册 with the optional unit key (单位秘钥): the person joins the unit on registering."""

    unit_key = forms.CharField(
        label=_("Unit key"),
        max_length=16,
        required=False,
        help_text=_(
            "Ask your unit for its key (单位秘钥). You may leave it empty and join your unit "
            "later under 单位调整."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = None
        self.order_fields(self.field_order)

    def clean_unit_key(self):
        key = self.cleaned_data["unit_key"].strip().upper()
        if key:
            self.unit = unit_for_key(key)
            if self.unit is None:
                raise ValidationError(
                    _("No unit has this key. Check it with your unit, or leave it empty."),
                    code="unknown_key",
                )
        return key

    def custom_signup(self, request, user):
        super().custom_signup(request, user)
        if self.unit is not None:
            affiliation_join(person=user, unit=self.unit)
