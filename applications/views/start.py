"""The applicant's pages: lists and 我要申报."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import forms, services
from applications.fees import with_fees
from applications.models import Kind
from applications.selectors import (
    applications_of,
    with_last_returns,
)
from titleportal.errors import DomainError

from .common import _error_to_form, _htmx, _kind, _role

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


# --- Lists and start ------------------------------------------------------------------------


@role_required(APPLICANT)
def application_list(request, kind):
    kind = _kind(kind)
    applications = with_fees(
        request.user, with_last_returns(list(applications_of(request.user, kind)))
    )
    return render(
        request,
        "applications/applicant/list.html",
        {"kind": kind, "kind_label": Kind(kind).label, "applications": applications},
    )


def _start_form(request, kind, data=None):
    unit = getattr(getattr(request.user, "affiliation", None), "unit", None)
    return forms.StartForm(
        data, kind=kind, unit=unit, initial=request.GET.dict() if data is None else None
    )


@role_required(APPLICANT)
def start(request, kind):
    kind = _kind(kind)
    affiliation = getattr(request.user, "affiliation", None)
    existing = None
    if request.method == "POST" and "refresh" not in request.POST:
        form = _start_form(request, kind, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = services.application_start(
                    actor=request.user,
                    role_context=_role(request),
                    kind=kind,
                    year=data["year"],
                    series=data["series"],
                    level=data["level"],
                    qualification=data["qualification"],
                    specialty=data.get("specialty"),
                    custom_specialty=data.get("custom_specialty", ""),
                    office=data.get("office"),
                    committee=data.get("committee"),
                )
            except services.DuplicateApplication as error:
                existing = error.existing
                form.add_error(None, str(error.message))
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(
                    request, _("Your application has been created. Fill in each section.")
                )
                return redirect("applications:open", pk=application.pk)
    elif request.method == "POST":
        # "Update the choices" without JavaScript: show the form again with what was chosen.
        form = forms.StartForm(
            kind=kind, unit=getattr(affiliation, "unit", None), initial=request.POST.dict()
        )
    else:
        form = _start_form(request, kind)
    context = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "form": form,
        "unit": getattr(affiliation, "unit", None),
        "existing": existing,
    }
    if _htmx(request) and request.method == "GET":
        return render(request, "applications/applicant/_start_form.html", context)
    return render(request, "applications/applicant/start.html", context)
