"""Forms of units and their people: the unit's own pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.fields import IdNumberField
from accounts.models import User
from titleportal.uploads import SCAN_OR_PDF, SEAL, PrivateUploadField, StashingFormMixin
from units.choices import LICENCE_TYPE, Industry, UnitType
from units.models import Unit

from .choosing import BoundedModelChoiceField
from .common import _choices

# --- the unit's own pages -------------------------------------------------------------------
from .regions import RegionFieldsMixin
from .registration import UnitFieldsMixin, licence_types_json


class UnitInfoForm(StashingFormMixin, RegionFieldsMixin, forms.Form):
    """单位信息: editing the name keeps a 更名记录 row."""

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
        required=False,
        help_text=_("Upload a new scan only when the licence changed."),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": unit.name,
                "legal_representative": unit.legal_representative,
                "industry": unit.industry,
                "address": unit.address,
                "unit_type": unit.unit_type,
                "licence": unit.licence_file,
            },
        )
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.add_region_fields(unit.region)
        self.order_fields(
            [
                "name",
                "legal_representative",
                "industry",
                "province",
                "city",
                "county",
                "address",
                "unit_type",
                "licence",
            ]
        )
        self.fields["unit_type"].widget.attrs["data-licence-types"] = licence_types_json()

    def clean(self):
        cleaned = super().clean()
        cleaned["region"] = self.resolve_region(cleaned)
        return cleaned

    @property
    def licence_type(self):
        return LICENCE_TYPE.get(self["unit_type"].value(), "")


class ContactsForm(UnitFieldsMixin, forms.Form):
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)


class SealForm(StashingFormMixin, forms.Form):
    seal = PrivateUploadField(
        policy=SEAL,
        label=_("Seal image"),
        help_text=_("A red seal on a transparent background; it is printed on generated forms."),
    )


NO_SUCH_PERSON = _(
    "No registered person has this ID number. Staff must register a personal account first."
)


class StaffLookupForm(forms.Form):
    """查询 / 新增 of the unit's staff page: an ID number (looked up by units.services)."""

    id_number = IdNumberField(any_type=True, label=_("ID number of the staff member"))


class DepartmentStaffForm(forms.Form):
    """An office adds staff to a competent department under it by their ID number."""

    id_number = IdNumberField(any_type=True, label=_("ID number of the staff member"))
    department = BoundedModelChoiceField(label=_("Competent department"), queryset=None)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        from units.selectors import departments_under

        self.fields["department"].queryset = departments_under(office).order_by("name")
        self.order_fields(["department", "id_number"])

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        self.person = User.objects.filter(
            id_number=value, kind=User.Kind.PERSON, is_active=True
        ).first()
        if self.person is None:
            raise ValidationError(NO_SUCH_PERSON, code="unknown")
        return value


class JoinUnitForm(forms.Form):
    key = forms.CharField(
        label=_("Unit key"),
        max_length=20,
        help_text=_("The key (单位秘钥) your unit's account gives its people."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.unit = None

    def clean_key(self):
        from allauth.core import ratelimit

        from units.selectors import unit_for_key

        if not ratelimit.consume(self.request, action="join_unit", user=self.request.user):
            raise ValidationError(_("Too many attempts. Try again in an hour."), code="limited")
        key = "".join(self.cleaned_data["key"].split()).upper()
        self.unit = unit_for_key(key)
        if self.unit is None:
            raise ValidationError(
                _("No unit has this key. Check it with your unit."), code="unknown_key"
            )
        return key


class PersonRemoveForm(forms.Form):
    """移出: why the person does not belong, and whether the key changes too."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads this in their message and SMS."),
    )
    new_key = forms.BooleanField(
        label=_("Also generate a new unit key, so that the old key no longer works"),
        required=False,
        initial=True,
    )
