"""Forms of units and their people: unit password recovery."""

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.fields import IdNumberField, PortalCaptchaField
from accounts.limits import check_attempt, target
from titleportal.validators import mask_name, normalize_uscc

# --- unit password recovery through a staff member (seed 001 §一(二)) --------------------
from .choosing import UnitChoiceField


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
    id_number = IdNumberField(any_type=True, label=_("ID number of the staff member"))

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
