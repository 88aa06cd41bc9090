"""The applicant's pages: shared helpers."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import REVIEWER_ROLES, Role
from applications import services
from applications.models import Kind
from applications.sections import (
    SPECS,
    ApplicationSections,
)
from applications.selectors import (
    get_application_for,
)
from titleportal.errors import DomainError

APPLICANT = Role.APPLICANT
ANY_ROLE = (Role.APPLICANT, *REVIEWER_ROLES)


def _kind(value: str) -> str:
    if value not in Kind.values:
        raise Http404
    return value


def _get(request, pk):
    return get_application_for(request.role, pk)


def _role(request):
    return request.role


def _htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _error_to_form(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _keep_uploads(form) -> None:
    """A valid form shown again (declaration step) keeps its uploads through their tokens."""
    data = form.data.copy()
    for name, value in form.uploads().items():
        if value is not None:
            data[f"{form.add_prefix(name)}__token"] = str(value.token)
    form.data = data


def _menu(application, sections: ApplicationSections, current: str = ""):
    returned = sections.returned_sections()
    items = []
    for key in sections.keys:
        spec = SPECS[key]
        items.append(
            {
                "key": key,
                "number": sections.numbers[key],
                "child": bool(spec.parent),
                "title": spec.title,
                "complete": sections.is_complete(key),
                "optional": sections.is_optional(key),
                "returned": key in returned,
                "current": key == current,
                "url": reverse("applications:section", args=[application.pk, key]),
            }
        )
    return items


def _edit_context(request, application, current="", sections=None):
    sections = sections or ApplicationSections(application)
    return {
        "application": application,
        "sections": sections,
        "menu": _menu(application, sections, current),
        "return_entry": sections.latest_return(),
        "current": current,
        "publicity_block": services.publicity_block(application),
        "void_notice": application._section("void_notice"),
        # 保存到个人资料: the sections the personal profile keeps, while the draft is open.
        "to_profile": current in services.PROFILE_SECTIONS and application.is_editable,
    }


def _require_editable_page(request, application):
    if not application.is_editable:
        messages.info(request, _("This application has been submitted; it can only be viewed."))
        return redirect("applications:detail", pk=application.pk)
    return None
