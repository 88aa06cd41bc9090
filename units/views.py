import re

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.forms import CodeForm, NewPasswordForm
from accounts.limits import target
from accounts.models import User
from accounts.roles import Role
from accounts.verification import CodeChallenge
from accounts.views import recovery_code_resend
from titleportal.client_ip import client_ip
from titleportal.errors import DomainError
from titleportal.files import serve_private_file
from titleportal.sms import SMSQuotaExceeded
from titleportal.validators import is_row_id, mask_mobile, mask_name, normalize_uscc

from . import selectors, services
from .forms import (
    NO_SUCH_PERSON,
    ContactsForm,
    DepartmentStaffForm,
    JoinUnitForm,
    RecoveryStaffForm,
    RecoveryUnitForm,
    SealForm,
    StaffLoginForm,
    StaffLookupForm,
    UnitInfoForm,
    UnitLoginForm,
    UnitRegistrationForm,
)
from .models import Membership, Unit

# --- public: lists used while typing --------------------------------------------------------


@require_GET
def search(request):
    """Units by keyword or pinyin initials, for the unit choosers (Tom Select)."""
    return JsonResponse({"results": selectors.search_units(request.GET.get("q", ""))})


@require_GET
def regions(request):
    """Children of a region, for the province → city → county selects."""
    parent = request.GET.get("parent", "")
    if not (is_row_id(parent) and len(parent) == 6):
        return JsonResponse({"results": []})
    rows = selectors.region_children(parent).values_list("code", "name")
    return JsonResponse({"results": [{"code": code, "name": name} for code, name in rows]})


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


# --- the unit account's own pages -----------------------------------------------------------


def _unit(request) -> Unit:
    return request.role.unit


@role_required(Role.UNIT_ACCOUNT)
def account(request):
    """账户信息."""
    unit = _unit(request)
    return render(
        request,
        "units/unit_account/account.html",
        {
            "unit": unit,
            "summary": selectors.unit_summary(unit),
            "events": selectors.unit_events(unit, limit=10),
        },
    )


@role_required(Role.UNIT_ACCOUNT)
def info(request):
    """单位信息, with 更名记录 and the seal image."""
    unit = _unit(request)
    form = UnitInfoForm(request.POST or None, request.FILES or None, unit=unit, request=request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.unit_update_info(
            actor=request.user,
            unit=unit,
            name=data["name"],
            legal_representative=data["legal_representative"],
            industry=data["industry"],
            region=data["region"],
            address=data["address"],
            unit_type=data["unit_type"],
            licence=data.get("licence"),
        )
        messages.success(request, _("The unit information has been saved."))
        return redirect("units:info")
    return render(
        request,
        "units/unit_account/info.html",
        {
            "unit": unit,
            "form": form,
            "seal_form": SealForm(request=request, initial={"seal": unit.seal_image}),
            "renames": unit.renames.select_related("renamed_by"),
        },
    )


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def seal_upload(request):
    unit = _unit(request)
    form = SealForm(request.POST, request.FILES, request=request)
    if form.is_valid() and form.cleaned_data.get("seal") is not None:
        services.unit_upload_seal(actor=request.user, unit=unit, seal=form.cleaned_data["seal"])
        messages.success(request, _("The seal image has been saved."))
        return redirect("units:info")
    if form.is_valid():
        form.add_error("seal", _("Choose a PNG image of the seal."))
    return render(
        request,
        "units/unit_account/info.html",
        {
            "unit": unit,
            "form": UnitInfoForm(unit=unit, request=request),
            "seal_form": form,
            "renames": unit.renames.select_related("renamed_by"),
        },
    )


@role_required(Role.UNIT_ACCOUNT)
def contacts(request):
    """联系人信息."""
    unit = _unit(request)
    form = ContactsForm(
        request.POST or None,
        initial={"contact_name": unit.contact_name, "contact_phone": unit.contact_phone},
    )
    if request.method == "POST" and form.is_valid():
        services.unit_update_contacts(actor=request.user, unit=unit, **form.cleaned_data)
        messages.success(request, _("The contacts have been saved."))
        return redirect("units:contacts")
    return render(request, "units/unit_account/contacts.html", {"unit": unit, "form": form})


def _staff_page(request, **context):
    unit = _unit(request)
    return render(
        request,
        "units/unit_account/staff.html",
        {
            "unit": unit,
            "staff": selectors.unit_staff(unit),
            "invitations": selectors.unit_invitations(unit),
            "lookup_form": StaffLookupForm(),
            **context,
        },
    )


@role_required(Role.UNIT_ACCOUNT)
def staff(request):
    """工作人员: look people up by ID number and invite them; enable, disable, remove."""
    return _staff_page(request)


def _lookup_allowed(request) -> bool:
    from allauth.core import ratelimit

    return ratelimit.consume(request, action="staff_lookup", user=request.user)


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def staff_lookup(request):
    """查询: whether a registered person has an ID number, shown by their masked name only.

    Logged and limited per unit and day (units.services.staff_lookup).
    """
    form = StaffLookupForm(request.POST)
    found = None
    if not _lookup_allowed(request):
        form.add_error(None, _("Too many look-ups. Try again later."))
    elif form.is_valid():
        id_number = form.cleaned_data["id_number"]
        try:
            person = services.staff_lookup(
                actor=request.user,
                unit=_unit(request),
                id_number=id_number,
                address=client_ip(request),
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            if person is None:
                form.add_error("id_number", NO_SUCH_PERSON)
            else:
                found = {"id_number": id_number, "name": mask_name(person.full_name)}
    context = {"lookup_form": form, "found": found}
    if request.htmx:
        return render(request, "units/unit_account/_staff_lookup.html", context)
    return _staff_page(request, **context)


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def staff_add(request):
    """邀请: the person looked up gets an invitation in 我的消息."""
    form = StaffLookupForm(request.POST)
    if not _lookup_allowed(request):
        messages.error(request, _("Too many look-ups. Try again later."))
    elif form.is_valid():
        try:
            invitation = services.staff_invite_by_id_number(
                actor=request.user,
                unit=_unit(request),
                id_number=form.cleaned_data["id_number"],
                address=client_ip(request),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s has been invited. They become staff once they accept the "
                    "invitation in their messages."
                )
                % {"name": mask_name(invitation.person.full_name)},
            )
    else:
        for error in form.errors.get("id_number", []):
            messages.error(request, error)
    return redirect("units:staff")


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def staff_invitation_withdraw(request, pk):
    unit = _unit(request)
    invitation = selectors.get_unit_invitation_for(unit, pk)
    try:
        services.staff_invitation_withdraw(actor=request.user, unit=unit, invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("units:staff")


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def staff_toggle(request, pk):
    unit = _unit(request)
    membership = selectors.get_unit_membership_for(unit, pk)
    enabled = request.POST.get("enabled") == "1"
    services.staff_set_enabled(
        actor=request.user, unit=unit, membership=membership, enabled=enabled
    )
    if enabled:
        messages.success(request, _("%(name)s is enabled.") % {"name": membership.person.full_name})
    else:
        messages.success(
            request, _("%(name)s is disabled.") % {"name": membership.person.full_name}
        )
    return redirect("units:staff")


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def staff_remove(request, pk):
    unit = _unit(request)
    membership = selectors.get_unit_membership_for(unit, pk)
    services.staff_remove(actor=request.user, unit=unit, membership=membership)
    messages.success(
        request, _("%(name)s was removed from the staff.") % {"name": membership.person.full_name}
    )
    return redirect("units:staff")


@role_required(Role.UNIT_ACCOUNT)
def key(request):
    """机构秘钥: the unit hands it to its people so that they can join the unit."""
    unit = _unit(request)
    return render(request, "units/unit_account/key.html", {"unit": unit})


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def key_regenerate(request):
    services.unit_key_regenerate(actor=request.user, unit=_unit(request))
    messages.success(request, _("A new unit key was generated; the old one no longer works."))
    return redirect("units:key")


# --- private files of the unit --------------------------------------------------------------


def _own_unit(request) -> Unit:
    """The unit of the unit account or of the enabled staff member acting for it."""
    role = request.role
    if role is None or role.role not in (Role.UNIT_ACCOUNT, Role.UNIT_STAFF) or role.unit is None:
        raise Http404
    return role.unit


@login_required
def licence_file(request):
    unit = _own_unit(request)
    return serve_private_file(unit.licence_file, download_name=f"{unit.name}-{unit.licence_type}")


@login_required
def seal_file(request):
    unit = _own_unit(request)
    return serve_private_file(unit.seal_image, download_name=f"{unit.name}-seal.png")


# --- people: 单位调整 -----------------------------------------------------------------------


@login_required
def join(request):
    """单位调整: join or change unit with the unit key."""
    if request.user.kind != User.Kind.PERSON:
        raise Http404
    affiliation = getattr(request.user, "affiliation", None)
    form = JoinUnitForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        services.affiliation_join(person=request.user, unit=form.unit)
        messages.success(request, _("Your unit is now %(name)s.") % {"name": form.unit.name})
        return redirect("units:join")
    return render(request, "units/person/join.html", {"form": form, "affiliation": affiliation})


@login_required
def invitation(request, pk):
    """An invitation to be a unit's staff member (from 我的消息): accept or decline it."""
    if request.user.kind != User.Kind.PERSON:
        raise Http404
    invitation = selectors.get_invitation_for_person(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.staff_invitation_accept(actor=request.user, invitation=invitation)
                messages.success(
                    request,
                    _(
                        "You are now a staff member of %(unit)s. Choose it as your role from "
                        "the header to review its applications."
                    )
                    % {"unit": invitation.unit.name},
                )
            elif action == "decline":
                services.staff_invitation_decline(actor=request.user, invitation=invitation)
                messages.success(request, _("You declined the invitation."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("units:invitation", pk=invitation.pk)
    return render(request, "units/person/invitation.html", {"invitation": invitation})


# --- offices: staff of the competent departments under them --------------------------------


@role_required(Role.OFFICE_STAFF)
def department_staff(request):
    office = request.role.office
    form = DepartmentStaffForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_staff_add(
                actor=request.user,
                office=office,
                department=form.cleaned_data["department"],
                person=form.person,
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("%(name)s now works for %(department)s.")
                % {"name": form.person.full_name, "department": form.cleaned_data["department"]},
            )
            return redirect("units:department_staff")
    return render(
        request,
        "units/office/department_staff.html",
        {"form": form, "departments": selectors.departments_of_office(office)},
    )


@role_required(Role.OFFICE_STAFF)
@require_POST
def department_staff_toggle(request, pk):
    office = request.role.office
    membership = selectors.get_department_membership_for(office, pk)
    services.department_staff_set_enabled(
        actor=request.user,
        office=office,
        membership=membership,
        enabled=request.POST.get("enabled") == "1",
    )
    messages.success(request, _("The staff member was updated."))
    return redirect("units:department_staff")


@role_required(Role.OFFICE_STAFF)
@require_POST
def department_staff_remove(request, pk):
    office = request.role.office
    membership = selectors.get_department_membership_for(office, pk)
    services.department_staff_remove(actor=request.user, office=office, membership=membership)
    messages.success(request, _("The staff member was removed."))
    return redirect("units:department_staff")
