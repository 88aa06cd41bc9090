"""Forms of the unit pages: registration, the two unit sign-in entrances, unit information,
staff, recovery through a staff member, unit keys.

``UnitChoiceField`` is how a unit is chosen anywhere in the portal: a select that searches
units by name or pinyin initials as one types (Tom Select over ``units:search``).
"""

import json
import re
import secrets

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.fields import PortalCaptchaField, ResidentIDField
from accounts.forms import LoginForm, SignupForm
from accounts.limits import check_attempt, target
from accounts.models import User
from accounts.roles import Role
from reference.models import Region
from titleportal.uploads import SCAN_OR_PDF, SEAL, PrivateUploadField, StashingFormMixin
from titleportal.validators import is_row_id, mask_name, normalize_uscc, validate_uscc

from .choices import LICENCE_TYPE, Industry, UnitType
from .models import Department, Membership, Unit
from .selectors import unit_for_key
from .services import affiliation_join

PHONE_RE = re.compile(r"^[0-9()+\- ]{7,20}$")
REGION_CODE_RE = re.compile(r"[0-9]{6}")


def _choices(choices, placeholder):
    return [("", placeholder), *choices]


# --- choosing a unit ------------------------------------------------------------------------


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of a row by id; an id no 64-bit column can hold is just an invalid choice
    (SQLite would raise OverflowError on the lookup)."""

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if text and not is_row_id(text):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class UnitSearchWidget(forms.Select):
    """A select that lists only the chosen unit; the rest is searched on the server."""

    def __init__(self, attrs=None):
        attrs = {
            "data-unit-search": reverse_lazy("units:search"),
            "data-placeholder": _("Type part of the unit name or its pinyin initials"),
            "data-no-results": _("No such unit. Check that the unit has registered."),
            **(attrs or {}),
        }
        super().__init__(attrs)

    class Media:
        css = {"all": ["vendor/tom-select/css/tom-select.bootstrap5.min.css"]}
        js = ["vendor/tom-select/js/tom-select.complete.min.js", "units/unit-select.js"]

    def optgroups(self, name, value, attrs=None):
        wanted = [v for v in value if is_row_id(v)]
        options = [self.create_option(name, "", "", not wanted, 0)]
        for index, unit in enumerate(Unit.objects.filter(pk__in=wanted), start=1):
            options.append(self.create_option(name, str(unit.pk), unit.name, True, index))
        return [(None, options, 0)]


class UnitChoiceField(BoundedModelChoiceField):
    widget = UnitSearchWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Choose the unit from the list."),
                "invalid_choice": _("Choose the unit from the list."),
            },
        )
        kwargs.setdefault(
            "help_text", _("Type a keyword of the unit name and choose it from the list.")
        )
        super().__init__(queryset=Unit.objects.filter(is_active=True), **kwargs)


# --- region cascade -------------------------------------------------------------------------


class RegionFieldsMixin:
    """单位所在地: province → city → county selects, filled by units/region-cascade.js.

    The selects are rebuilt from the submitted values, so a form that failed elsewhere keeps
    the region. ``cleaned_data["region"]`` is the deepest region chosen.
    """

    region_fields = ("province", "city", "county")

    def add_region_fields(self, initial_region: Region | None = None):
        labels = {
            "province": _("Province"),
            "city": _("City or district"),
            "county": _("County or district"),
        }
        placeholders = {
            "province": _("Choose a province"),
            "city": _("Choose a city"),
            "county": _("Choose a county or district"),
        }
        chain = {}
        region = initial_region
        while region is not None:
            chain[{1: "province", 2: "city", 3: "county"}[region.level]] = region
            region = region.parent
        # Municipalities: a district's parent is the province itself.
        if "county" in chain and "city" not in chain and chain["county"].parent_id:
            chain["city"] = chain.pop("county")
        values = {}
        for name in self.region_fields:
            key = self.add_prefix(name)
            if self.is_bound:
                # Only a region code goes into the queries for the next select; anything else
                # (NUL, other scripts' digits) is refused by the field as an invalid choice.
                value = self.data.get(key, "")
                values[name] = value if REGION_CODE_RE.fullmatch(str(value)) else ""
            elif name in chain:
                values[name] = chain[name].code
        for name in self.region_fields:
            self.fields[name] = forms.ChoiceField(
                label=labels[name],
                required=name == "province",
                choices=[("", placeholders[name])],
                widget=forms.Select(
                    attrs={"data-region-level": name, "data-placeholder": placeholders[name]}
                ),
            )
            self.initial[name] = values.get(name, "")
        self.fields["province"].choices += [(r.code, r.name) for r in _regions(None)]
        if values.get("province"):
            self.fields["city"].choices += [(r.code, r.name) for r in _regions(values["province"])]
        if values.get("city"):
            self.fields["county"].choices += [(r.code, r.name) for r in _regions(values["city"])]

    def resolve_region(self, cleaned):
        province, city, county = (cleaned.get(name) or "" for name in self.region_fields)
        if not province:
            return None
        chosen = {r.code: r for r in Region.objects.filter(code__in=[province, city, county])}
        region = chosen.get(province)
        for name, code in (("city", city), ("county", county)):
            has_children = Region.objects.filter(parent_id=region.code).exists()
            if not has_children:
                break
            child = chosen.get(code)
            if child is None or child.parent_id != region.code:
                self.add_error(
                    name,
                    _("Choose the city.")
                    if name == "city"
                    else _("Choose the county or district."),
                )
                return None
            region = child
        return region


def _regions(parent_code):
    return Region.objects.filter(parent_id=parent_code).order_by("code").only("code", "name")


# --- registration ---------------------------------------------------------------------------


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


# --- the unit's own pages -------------------------------------------------------------------


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

    id_number = ResidentIDField(label=_("ID number of the staff member"))


class DepartmentStaffForm(forms.Form):
    """An office adds staff to a competent department under it by their ID number."""

    id_number = ResidentIDField(label=_("ID number of the staff member"))
    department = BoundedModelChoiceField(label=_("Competent department"), queryset=None)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import departments_under

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
        help_text=_("The key (机构秘钥) your unit's account gives its people."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.unit = None

    def clean_key(self):
        from allauth.core import ratelimit

        from .selectors import unit_for_key

        if not ratelimit.consume(self.request, action="join_unit", user=self.request.user):
            raise ValidationError(_("Too many attempts. Try again in an hour."), code="limited")
        key = "".join(self.cleaned_data["key"].split()).upper()
        self.unit = unit_for_key(key)
        if self.unit is None:
            raise ValidationError(
                _("No unit has this key. Check it with your unit."), code="unknown_key"
            )
        return key


# --- sign-in entrances ----------------------------------------------------------------------


class UnitLoginForm(LoginForm):
    """单位账户登录: the unit from the list, its USCC, the unit password, captcha."""

    unit = UnitChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.widget.attrs.update(
            {"placeholder": _("Unified social credit code"), "autofocus": False}
        )
        self.fields["password"].widget.attrs["placeholder"] = _("Unit password")
        self.order_fields(["unit", "login", "password", "captcha"])

    def clean_login(self):
        return normalize_uscc(self.cleaned_data["login"])

    def clean(self):
        unit = self.cleaned_data.get("unit")
        login = self.cleaned_data.get("login")
        if unit and login and unit.uscc != login:
            # Checked before the password: the code of a unit is public information.
            self.add_error(
                "login", _("This is not the unified social credit code of the chosen unit.")
            )
            return self.cleaned_data
        cleaned = super().clean()
        if not self.errors and (self.user is None or self.user.pk != unit.account_id):
            raise ValidationError(_("The account or the password is wrong."), code="mismatch")
        return cleaned


class StaffLoginForm(LoginForm):
    """单位工作人员登录: personal account and password, choosing the unit one works for."""

    unit = UnitChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs.update(
            {"placeholder": _("Your ID number, mobile number or email"), "autofocus": False}
        )
        self.fields["password"].widget.attrs["placeholder"] = _("Your personal password")
        self.order_fields(["unit", "login", "password", "captcha"])

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if self.errors or unit is None:
            return cleaned
        enabled = Membership.objects.filter(
            person=self.user, unit=unit, role=Role.UNIT_STAFF, is_enabled=True
        ).exists()
        if not enabled:
            raise ValidationError(
                _(
                    "You are not an enabled staff member of this unit. Ask the unit's account "
                    "to add and enable you."
                ),
                code="not_staff",
            )
        return cleaned

    def login(self, request, redirect_url=None):
        from accounts.middleware import SESSION_KEY

        request.session[SESSION_KEY] = f"{Role.UNIT_STAFF}:{self.cleaned_data['unit'].pk}"
        return super().login(request, redirect_url=redirect_url)


# --- unit password recovery through a staff member (seed 001 §一(二)) --------------------


class RecoveryUnitForm(forms.Form):
    """Step 1: the unit and its code."""

    unit = UnitChoiceField()
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=30)
    captcha = PortalCaptchaField()

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        unit = cleaned["unit"]
        check_attempt(self.request, "unit_password_recovery", target("unit", unit.pk))
        if normalize_uscc(cleaned["uscc"]) != unit.uscc or unit.account_id is None:
            self.add_error(
                "uscc", _("This is not the unified social credit code of the chosen unit.")
            )
        return cleaned


class RecoveryStaffForm(forms.Form):
    """Step 2: one of the unit's enabled staff, confirmed by their ID number.

    Each attempt counts per unit and per client address. Whether the ID number is the staff
    member's is not said: ``cleaned_data["matches"]`` tells the view, which sends the code
    only then and shows the same page either way.
    """

    staff = forms.ChoiceField(label=_("Staff member"))
    id_number = ResidentIDField(label=_("ID number of the staff member"))

    def __init__(self, *args, staff, unit, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.request = request
        self.staff_by_pk = {str(m.pk): m for m in staff}
        self.fields["staff"].choices = [("", _("Choose a staff member"))] + [
            (str(m.pk), mask_name(m.person.full_name)) for m in staff
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        check_attempt(self.request, "unit_recovery_staff", target("unit", self.unit.pk))
        membership = self.staff_by_pk[cleaned["staff"]]
        cleaned["membership"] = membership
        cleaned["matches"] = secrets.compare_digest(
            (membership.person.id_number or "").encode(), cleaned["id_number"].encode()
        )
        return cleaned


# --- registration of a person with the unit key -----------------------------------------------


class PersonSignupForm(SignupForm):
    """个人注册 with the optional unit key (机构秘钥): the person joins the unit on registering."""

    unit_key = forms.CharField(
        label=_("Unit key"),
        max_length=16,
        required=False,
        help_text=_(
            "Ask your unit for its key (机构秘钥). You may leave it empty and join your unit "
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
