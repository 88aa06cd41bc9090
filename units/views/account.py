"""Pages of units: the unit account's own pages."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import role_required
from accounts.roles import Role
from titleportal.client_ip import client_ip
from titleportal.errors import DomainError
from titleportal.validators import mask_name
from units import selectors, services
from units.forms import (
    NO_SUCH_PERSON,
    ContactsForm,
    PersonRemoveForm,
    SealForm,
    StaffLookupForm,
    UnitInfoForm,
)
from units.models import Unit

# --- public: lists used while typing --------------------------------------------------------


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
    """单位秘钥: the unit hands it to its people so that they can join the unit."""
    unit = _unit(request)
    return render(request, "units/unit_account/key.html", {"unit": unit})


@role_required(Role.UNIT_ACCOUNT)
@require_POST
def key_regenerate(request):
    services.unit_key_regenerate(actor=request.user, unit=_unit(request))
    messages.success(request, _("A new unit key was generated; the old one no longer works."))
    return redirect("units:key")


PEOPLE_PER_PAGE = 20


@role_required(Role.UNIT_ACCOUNT)
@require_safe
def unit_people(request):
    """单位用户: everyone who joined with the unit key; someone who does not belong is removed."""
    from django.utils.http import urlencode

    from titleportal.paging import window

    unit = _unit(request)
    query = request.GET.get("q", "").strip()[:50]
    page = window(
        selectors.unit_people(unit, query=query),
        request.GET,
        per_page=PEOPLE_PER_PAGE,
        keyset=("-joined_at", "-pk"),
    )
    return render(
        request,
        "units/unit_account/people.html",
        {
            "unit": unit,
            "page": page,
            "q": query,
            "query": urlencode({"q": query}) if query else "",
        },
    )


@role_required(Role.UNIT_ACCOUNT)
def unit_person_remove(request, pk):
    """移出: a confirmation with the reason; the person is told by message and SMS."""
    unit = _unit(request)
    affiliation = selectors.get_unit_person_for(unit, pk)
    form = PersonRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_remove(
                actor=request.user,
                unit=unit,
                affiliation=affiliation,
                reason=form.cleaned_data["reason"],
                new_key=form.cleaned_data["new_key"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            text = _("%(name)s was removed from the unit and has been told.") % {
                "name": affiliation.person.full_name
            }
            if form.cleaned_data["new_key"]:
                text += _(" A new unit key was generated; give it to your people.")
            messages.success(request, text)
        return redirect("units:people")
    return render(
        request,
        "units/unit_account/person_remove.html",
        {"unit": unit, "affiliation": affiliation, "form": form},
    )
