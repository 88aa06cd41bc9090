"""The applicant's pages: submit, withdraw, discard, route."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.roles import REVIEWER_ROLES, Role
from applications import forms, services
from applications.models import Status
from applications.sections import (
    ApplicationSections,
)
from titleportal.errors import DomainError

from .common import _edit_context, _error_to_form, _get, _htmx, _require_editable_page, _role

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


# --- Submit, withdraw, discard, route ---------------------------------------------------------


@role_required(APPLICANT)
def submit(request, pk):
    application = _get(request, pk)
    if (blocked := _require_editable_page(request, application)) is not None:
        return blocked
    if request.method == "POST":
        try:
            services.application_submit(
                actor=request.user,
                role_context=_role(request),
                application=application,
                promise_accepted=request.POST.get("promise") == "accepted",
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "Your %(kind)s application has been submitted; please wait for your unit's staff to review it."
                )
                % {"kind": application.get_kind_display()},
            )
            return redirect("applications:list", kind=application.kind)
    sections = ApplicationSections(application)
    context = _edit_context(request, application, "submit", sections)
    context.update(
        {
            "incomplete": [
                (spec, missing, reverse("applications:section", args=[pk, spec.key]))
                for spec, missing in sections.incomplete()
            ],
            "deadline_block": services.deadline_block(application),
        }
    )
    return render(request, "applications/applicant/submit.html", context)


def _confirm_page(request, application, *, title, text, button, danger=True):
    return render(
        request,
        "applications/applicant/confirm.html",
        {
            "application": application,
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
        },
    )


@role_required(APPLICANT)
def withdraw(request, pk):
    application = _get(request, pk)
    if request.method == "POST":
        try:
            services.application_withdraw(
                actor=request.user, role_context=_role(request), application=application
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Your %(kind)s application has been withdrawn.")
                % {"kind": application.get_kind_display()},
            )
        return redirect("applications:list", kind=application.kind)
    return _confirm_page(
        request,
        application,
        title=_("Withdraw"),
        text=_("Withdraw this application? You can edit and submit it again afterwards."),
        button=_("Withdraw"),
        danger=False,
    )


@role_required(APPLICANT)
def discard(request, pk):
    application = _get(request, pk)
    if request.method == "POST":
        kind = application.kind
        try:
            services.application_discard(
                actor=request.user, role_context=_role(request), application=application
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The application was discarded."))
        return redirect("applications:list", kind=kind)
    return _confirm_page(
        request,
        application,
        title=_("Discard"),
        text=_(
            "Discard this application? Everything in it, including achievements and uploaded "
            "materials, is deleted, and you would have to start a new application."
        ),
        button=_("Discard"),
    )


@role_required(APPLICANT)
def change_route(request, pk):
    application = _get(request, pk)
    if application.status != Status.DRAFT:
        messages.error(
            request, _("The office can only be changed before the application is submitted.")
        )
        return redirect("applications:list", kind=application.kind)
    if request.method == "POST" and "refresh" not in request.POST:
        form = forms.RouteForm(request.POST, application=application)
        if form.is_valid():
            try:
                services.application_change_route(
                    actor=request.user,
                    role_context=_role(request),
                    application=application,
                    level=form.cleaned_data["level"],
                    qualification=form.cleaned_data["qualification"],
                    office=form.cleaned_data.get("office"),
                    committee=form.cleaned_data.get("committee"),
                )
            except DomainError as error:
                _error_to_form(form, error)
            else:
                messages.success(request, _("The level and office were changed."))
                return redirect("applications:list", kind=application.kind)
    elif request.method == "POST":
        form = forms.RouteForm(application=application, initial=request.POST.dict())
    else:
        extra = {"initial": request.GET.dict()} if request.GET else {}
        form = forms.RouteForm(application=application, **extra)
    context = {"application": application, "form": form}
    if _htmx(request) and request.method == "GET":
        return render(request, "applications/applicant/_route_form.html", context)
    return render(request, "applications/applicant/route.html", context)
