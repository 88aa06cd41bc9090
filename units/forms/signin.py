"""Forms of units and their people: sign-in entrances."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm
from accounts.roles import Role
from titleportal.validators import normalize_uscc
from units.models import Membership

# --- sign-in entrances ----------------------------------------------------------------------
from .choosing import UnitChoiceField


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
