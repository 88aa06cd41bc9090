"""Pages of units: password recovery through a staff member."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.forms import CodeForm, NewPasswordForm
from accounts.limits import target
from accounts.verification import CodeChallenge
from accounts.views import recovery_code_resend
from titleportal.errors import DomainError
from titleportal.sms import SMSQuotaExceeded
from titleportal.validators import mask_mobile
from units import selectors, services
from units.forms import (
    RecoveryStaffForm,
    RecoveryUnitForm,
)
from units.models import Membership, Unit

# --- public: lists used while typing --------------------------------------------------------


# --- public: unit password recovery through a staff member ----------------------------------
# Every step is limited per unit and per client address (accounts.limits). Step 2 shows the
# same code page whether or not the ID number is the staff member's, and whether or not the
# SMS gateway is up.

RECOVERY_KEY = "unit_recovery"
RECOVERY_CHALLENGE = "unit_recovery"


def _recovery_unit(request) -> Unit | None:
    state = request.session.get(RECOVERY_KEY) or {}
    return Unit.objects.filter(pk=state.get("unit_id"), is_active=True).first()


@never_cache
def recover(request):
    """Step 1 of 3: the unit and its code."""
    form = RecoveryUnitForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        request.session[RECOVERY_KEY] = {"unit_id": form.cleaned_data["unit"].pk}
        CodeChallenge(request, RECOVERY_CHALLENGE).clear()
        return redirect("units:recover_staff")
    return render(request, "units/public/recover_unit.html", {"form": form, "step": 1})


@never_cache
def recover_staff(request):
    """Step 2 of 3: an enabled staff member and their ID number; a code goes to their phone."""
    unit = _recovery_unit(request)
    if unit is None:
        return redirect("units:recover")
    staff = list(selectors.recovery_staff(unit))
    form = RecoveryStaffForm(request.POST or None, staff=staff, unit=unit, request=request)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        challenge = CodeChallenge(request, RECOVERY_CHALLENGE, reveal_failures=False)
        try:
            # A wrong ID number: no code goes out, the SMS limits count the same, and no
            # code typed on the next page is right.
            challenge.start(
                user=membership.person if form.cleaned_data["matches"] else None,
                phone=membership.person.phone,
                unit_id=unit.pk,
                membership_id=membership.pk,
            )
        except SMSQuotaExceeded as refused:
            form.add_error("staff", refused.message)
        else:
            return redirect("units:recover_code")
    return render(
        request,
        "units/public/recover_staff.html",
        {"form": form, "unit": unit, "has_staff": bool(staff), "step": 2},
    )


@never_cache
def recover_code(request):
    unit = _recovery_unit(request)
    challenge = CodeChallenge(request, RECOVERY_CHALLENGE, reveal_failures=False)
    if unit is None or not challenge.state or challenge.state.get("unit_id") != unit.pk:
        return redirect("units:recover")
    if request.method == "POST" and request.POST.get("action") == "resend":
        recovery_code_resend(request, challenge)
        return redirect("units:recover_code")
    form = CodeForm(
        request.POST or None,
        challenge=challenge,
        limit=("unit_recovery_code", target("unit", unit.pk)),
    )
    if request.method == "POST" and form.is_valid():
        return redirect("units:recover_password")
    return render(
        request,
        "units/public/recover_code.html",
        {
            "form": form,
            "unit": unit,
            "masked_phone": mask_mobile(challenge.phone),
            "resend_in": challenge.seconds_until_resend(),
            "step": 2,
        },
    )


@never_cache
def recover_password(request):
    """Step 3 of 3: the new password of the unit account."""
    unit = _recovery_unit(request)
    challenge = CodeChallenge(request, RECOVERY_CHALLENGE)
    if unit is None or not challenge.is_verified or challenge.state.get("unit_id") != unit.pk:
        return redirect("units:recover")
    membership = (
        Membership.objects.filter(
            pk=challenge.state.get("membership_id"), unit=unit, is_enabled=True
        )
        .select_related("person")
        .first()
    )
    if membership is None:
        return redirect("units:recover")
    form = NewPasswordForm(
        request.POST or None,
        user=unit.account,
        request=request,
        limit_key=target("unit", unit.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_password_reset_via_staff(
                request=request,
                unit=unit,
                staff=membership,
                password=form.cleaned_data["password1"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("units:recover")
        challenge.clear()
        request.session.pop(RECOVERY_KEY, None)
        return render(request, "units/public/recover_done.html", {"unit": unit, "step": 3})
    return render(
        request, "units/public/recover_password.html", {"form": form, "unit": unit, "step": 3}
    )
