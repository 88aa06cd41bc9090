"""The reviewers' pages: required materials and achievement templates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from reviews import selectors, services
from reviews.forms import (
    AchievementTemplateForm,
    RequiredMaterialForm,
)
from titleportal.errors import DomainError

# --- committee: required materials and achievement templates ----------------------------------
from .common import committee_required


@committee_required
def session_requirements(request, pk):
    """评委会需求材料 and 业绩成果模板 of a review session."""
    session = selectors.get_session_for(request.role, pk)
    return render(
        request,
        "reviews/committee/requirements.html",
        {"session": session, **selectors.session_requirements(session)},
    )


# What differs between the two kinds of session requirements; the pages are the same.
REQUIREMENTS = {
    "material": {
        "keyword": "material",
        "form": RequiredMaterialForm,
        "save": services.required_material_save,
        "delete": services.required_material_delete,
        "fields": services.MATERIAL_FIELDS,
        "get": selectors.get_required_material_for,
        "new_title": gettext_noop("New required material"),
        "edit_title": gettext_noop("Edit required material"),
        "saved": gettext_noop("The required material was saved."),
        "deleted": gettext_noop("The required material was deleted."),
    },
    "template": {
        "keyword": "template",
        "form": AchievementTemplateForm,
        "save": services.achievement_template_save,
        "delete": services.achievement_template_delete,
        "fields": services.TEMPLATE_FIELDS,
        "get": selectors.get_achievement_template_for,
        "new_title": gettext_noop("New achievement template"),
        "edit_title": gettext_noop("Edit achievement template"),
        "saved": gettext_noop("The achievement template was saved."),
        "deleted": gettext_noop("The achievement template was deleted."),
    },
}


def _requirement_form(request, kind: str, *, session, item=None):
    spec = REQUIREMENTS[kind]
    form = spec["form"](request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in spec["fields"]}
        try:
            spec["save"](
                actor=request.user,
                role_context=request.role,
                session=session,
                **{spec["keyword"]: item},
                **values,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _(spec["saved"]))
            return redirect("reviews:session_requirements", pk=session.pk)
    return render(
        request,
        "reviews/committee/requirement_form.html",
        {
            "form": form,
            "session": session,
            "item": item,
            "title": _(spec["edit_title"] if item is not None else spec["new_title"]),
        },
    )


def _requirement_delete(request, kind: str, pk):
    spec = REQUIREMENTS[kind]
    item = spec["get"](request.role, pk)
    try:
        spec["delete"](actor=request.user, role_context=request.role, **{spec["keyword"]: item})
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _(spec["deleted"]))
    return redirect("reviews:session_requirements", pk=item.review_session_id)


@committee_required
def material_new(request, pk):
    session = selectors.get_session_for(request.role, pk)
    return _requirement_form(request, "material", session=session)


@committee_required
def material_edit(request, pk):
    material = selectors.get_required_material_for(request.role, pk)
    return _requirement_form(request, "material", session=material.review_session, item=material)


@committee_required
@require_POST
def material_delete(request, pk):
    return _requirement_delete(request, "material", pk)


@committee_required
def achievement_template_new(request, pk):
    session = selectors.get_session_for(request.role, pk)
    return _requirement_form(request, "template", session=session)


@committee_required
def achievement_template_edit(request, pk):
    template = selectors.get_achievement_template_for(request.role, pk)
    return _requirement_form(request, "template", session=template.review_session, item=template)


@committee_required
@require_POST
def achievement_template_delete(request, pk):
    return _requirement_delete(request, "template", pk)


def publicity(request):
    """评审公示 (public): the results the committees published."""
    return render(
        request,
        "reviews/public/publicity.html",
        {"sessions": selectors.published_sessions()[:50], "today": timezone.localdate()},
    )


def publicity_detail(request, pk):
    from django.shortcuts import get_object_or_404

    session = get_object_or_404(selectors.published_sessions(), pk=pk)
    return render(
        request,
        "reviews/public/publicity_detail.html",
        {
            "session": session,
            "applications": selectors.publicised_applications(session),
            "today": timezone.localdate(),
        },
    )
