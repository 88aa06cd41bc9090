"""Pages of units: registration and sign-in."""

import re

from allauth.account.views import LoginView
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from titleportal.errors import DomainError
from titleportal.validators import is_row_id, normalize_uscc
from units import services
from units.forms import (
    StaffLoginForm,
    UnitLoginForm,
    UnitRegistrationForm,
)
from units.models import Unit

# --- public: lists used while typing --------------------------------------------------------


# --- public: registration and sign-in -------------------------------------------------------


@never_cache
def register(request):
    """单位注册."""
    if request.user.is_authenticated:
        return redirect("home")
    form = UnitRegistrationForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.register_unit(
                uscc=data["uscc"],
                name=data["name"],
                legal_representative=data["legal_representative"],
                industry=data["industry"],
                region=data["region"],
                address=data["address"],
                unit_type=data["unit_type"],
                department=data["department"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                password=data["password1"],
                licence=data["licence"],
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("The unit %(name)s is registered. Sign in with its unified social credit code.")
                % {"name": unit.name},
            )
            return redirect(f"{reverse('units:login')}?unit={unit.pk}")
    if request.method == "POST" and (unit := _registered_just_now(form)) is not None:
        messages.info(
            request,
            _(
                "The unit %(name)s is already registered. Sign in with its unified social credit code."
            )
            % {"name": unit.name},
        )
        return redirect(f"{reverse('units:login')}?unit={unit.pk}")
    return render(request, "units/public/register.html", {"form": form})


USCC_SHAPE = re.compile(r"[0-9A-Z]{18}")


def _registered_just_now(form) -> Unit | None:
    """The unit a refused registration repeats (a double click, or the page posted again).

    Only when the code is taken by a unit whose password is the one typed: whoever knows it
    is sent to sign in; anyone else keeps the form with its message.
    """
    if "uscc" not in form.errors:
        return None
    password = form.data.get("password1") or ""
    uscc = normalize_uscc(str(form.data.get("uscc") or ""))
    if not USCC_SHAPE.fullmatch(uscc):
        return None
    unit = Unit.objects.filter(uscc=uscc, is_active=True).select_related("account").first()
    if unit is None or unit.account is None or not password:
        return None
    return unit if unit.account.check_password(password) else None


class _EntranceLoginView(LoginView):
    """allauth's sign-in (rate limits, lockout, second factor) with our entrance form."""

    def get_form_class(self):
        return self.form_class

    def get_initial(self):
        initial = super().get_initial()
        unit = self.request.GET.get("unit", "")
        if is_row_id(unit):
            initial["unit"] = unit
        return initial


class UnitLoginView(_EntranceLoginView):
    form_class = UnitLoginForm
    template_name = "units/public/login.html"


class StaffLoginView(_EntranceLoginView):
    form_class = StaffLoginForm
    template_name = "units/public/staff_login.html"


unit_login = UnitLoginView.as_view()
staff_login = StaffLoginView.as_view()
