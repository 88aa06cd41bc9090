"""个人资料 (seed 004 §2.3): the person's own profile, outside any application.

Every page works on the signed-in person's profile only: there is no id of a profile in the
URLs, and a row id is looked up among the person's own rows (404 otherwise).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.roles import Role
from applications import forms, services
from applications.models import PROFILE_ROW_MODELS, Profile
from applications.sections import SPECS, row_columns, row_view
from titleportal.errors import DomainError
from titleportal.files import serve_private_file

from .common import _error_to_form, _get, _role

APPLICANT = Role.APPLICANT


def _menu(current: str) -> list[dict]:
    items = [
        {
            "key": "",
            "title": _("Overview"),
            "url": reverse("applications:profile"),
            "current": current == "",
        }
    ]
    for key in services.PROFILE_SECTIONS:
        items.append(
            {
                "key": key,
                "title": SPECS[key].title,
                "url": reverse("applications:profile_section", args=[key]),
                "current": key == current,
            }
        )
    return items


def _context(profile, current: str, **extra) -> dict:
    return {"profile": profile, "menu": _menu(current), "current": current, **extra}


def _row_key(section: str) -> str:
    if section not in PROFILE_ROW_MODELS:
        raise Http404
    return section


OVERVIEW_FIELDS = ("ethnicity", "political_status", "native_place", "mobile", "email")


def _shown(profile, name: str) -> str:
    display = getattr(profile, f"get_{name}_display", None)
    return display() if display is not None else getattr(profile, name)


def _own_row(request, key: str, row: int):
    """A row of the signed-in person's profile; anyone else's (or none) is 404."""
    found = PROFILE_ROW_MODELS[key].objects.filter(profile__person=request.user, pk=row).first()
    if found is None:
        raise Http404
    return found


@role_required(APPLICANT)
def profile(request):
    """个人资料: the basic information with the photo, and how many rows each section has."""
    profile = services.profile_of(request.user)
    sections = [
        {
            "key": key,
            "title": SPECS[key].title,
            "count": model.objects.filter(profile=profile).count(),
            "url": reverse("applications:profile_section", args=[key]),
        }
        for key, model in PROFILE_ROW_MODELS.items()
    ]
    basic = [
        (Profile._meta.get_field(name).verbose_name, value)
        for name in OVERVIEW_FIELDS
        if (value := _shown(profile, name))
    ]
    return render(
        request,
        "applications/profile/index.html",
        _context(
            profile,
            "",
            sections=sections,
            basic=basic,
            affiliation=getattr(request.user, "affiliation", None),
        ),
    )


@role_required(APPLICANT)
def profile_section(request, section):
    if section == "basic_info":
        return _basic_info(request)
    key = _row_key(section)
    if request.method == "POST":
        raise Http404  # rows are added and changed through their own URLs
    return _rows_page(request, key)


def _basic_info(request):
    profile = services.profile_of(request.user)
    draft = request.POST.get("action") == "draft"
    if request.method == "POST":
        form = forms.build_profile_form(
            profile, request=request, data=request.POST, files=request.FILES, draft=draft
        )
        if form.is_valid():
            try:
                services.save_profile_basic_info(
                    actor=request.user, data=form.model_data(), files=form.uploads()
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(
                    request, _("%(section)s was saved.") % {"section": SPECS["basic_info"].title}
                )
                return redirect("applications:profile_section", section="basic_info")
    else:
        form = forms.build_profile_form(profile, request=request)
    return render(
        request,
        "applications/profile/basic_info.html",
        _context(profile, "basic_info", form=form, title=SPECS["basic_info"].title),
    )


def _rows_page(request, key, *, form=None, row_id=None):
    profile = services.profile_of(request.user)
    rows = getattr(profile, SPECS[key].accessor).all()
    if key == "held_qualifications":
        rows = rows.select_related("title_level")
    views = [row_view(key, row) for row in rows]
    return render(
        request,
        "applications/profile/rows.html",
        _context(
            profile,
            key,
            key=key,
            spec=SPECS[key],
            title=SPECS[key].title,
            columns=row_columns(key),
            rows=views,
            editor_form=form,
            editor_row=row_id,
        ),
    )


@role_required(APPLICANT)
def profile_row_edit(request, section, row=None):
    key = _row_key(section)
    instance = None
    if row is not None:
        instance = _own_row(request, key, row)
        if getattr(instance, "is_locked", False):
            messages.error(request, str(services.LOCKED_ROW))
            return redirect("applications:profile_section", section=key)
    form_class = forms.row_form_class(key, model=PROFILE_ROW_MODELS[key])
    if request.method == "POST":
        form = form_class(request.POST, instance=instance, request=request)
        if form.is_valid():
            try:
                services.save_profile_row(
                    actor=request.user, key=key, data=form.model_data(), row_id=row
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("The row was saved."))
                return redirect("applications:profile_section", section=key)
    else:
        form = form_class(instance=instance, request=request)
    return _rows_page(request, key, form=form, row_id=row)


@role_required(APPLICANT)
@require_POST
def profile_row_delete(request, section, row):
    key = _row_key(section)
    _own_row(request, key, row)
    try:
        services.delete_profile_row(actor=request.user, key=key, row_id=row)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The row was deleted."))
    return redirect("applications:profile_section", section=key)


@role_required(APPLICANT)
def profile_photo(request):
    """The profile's photo, for its owner only."""
    profile = Profile.objects.filter(person=request.user).first()
    if profile is None:
        raise Http404
    return serve_private_file(profile.photo, download_name="photo" + _suffix(profile.photo.name))


def _suffix(name: str) -> str:
    return name[name.rfind(".") :] if "." in name else ""


@role_required(APPLICANT)
@require_POST
def save_to_profile(request, pk, section):
    """保存到个人资料: this section of the person's own application replaces the profile's."""
    application = _get(request, pk)
    if application.applicant_id != request.user.pk:
        raise Http404
    try:
        services.save_section_to_profile(
            actor=request.user, role_context=_role(request), application=application, key=section
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(section)s was saved to your personal profile.")
            % {"section": SPECS[section].title},
        )
    return redirect("applications:section", pk=pk, section=section)
