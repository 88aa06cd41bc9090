"""The committee's review sessions, required materials and achievement templates, and the
published results."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404

from accounts.roles import Role
from applications import workflow
from applications.models import Achievement, Application, Status
from units.models import AchievementTemplate, RequiredMaterial, ReviewSession

# --- committee --------------------------------------------------------------------------------


def sessions_for(role_context):
    if role_context is None or role_context.role != Role.COMMITTEE_STAFF:
        return ReviewSession.objects.none()
    return ReviewSession.objects.filter(committee=role_context.organisation)


def get_session_for(role_context, pk) -> ReviewSession:
    session = sessions_for(role_context).select_related("committee").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def required_materials_for(role_context):
    """评委会需求材料 of the acting committee's review sessions."""
    if role_context is None or role_context.role != Role.COMMITTEE_STAFF:
        return RequiredMaterial.objects.none()
    return RequiredMaterial.objects.filter(review_session__committee=role_context.organisation)


def get_required_material_for(role_context, pk) -> RequiredMaterial:
    material = (
        required_materials_for(role_context)
        .select_related("review_session__committee")
        .filter(pk=pk)
        .first()
    )
    if material is None:
        raise Http404
    return material


def achievement_templates_for(role_context):
    """业绩成果模板 of the acting committee's review sessions."""
    if role_context is None or role_context.role != Role.COMMITTEE_STAFF:
        return AchievementTemplate.objects.none()
    return AchievementTemplate.objects.filter(review_session__committee=role_context.organisation)


def get_achievement_template_for(role_context, pk) -> AchievementTemplate:
    template = (
        achievement_templates_for(role_context)
        .select_related("review_session__committee")
        .filter(pk=pk)
        .first()
    )
    if template is None:
        raise Http404
    return template


def session_requirements(session) -> dict:
    """The required materials and achievement templates of a session, with how often each is
    used by applications (an item in use is not deleted)."""
    materials = list(
        RequiredMaterial.objects.filter(review_session=session)
        .annotate(uses=Count("attachments"))
        .order_by("sort", "pk")
    )
    templates = list(
        AchievementTemplate.objects.filter(review_session=session).order_by("sort", "pk")
    )
    used = dict(
        Achievement.objects.filter(template__review_session=session)
        .values_list("template")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for template in templates:
        template.uses = used.get(template.pk, 0)
    return {"materials": materials, "templates": templates}


def session_applications(role_context, session):
    """Applications at the committee for this session, with their acceptance and result: of
    those the committee may see (``workflow.visible_to``)."""
    return (
        workflow.visible_to(role_context)
        .filter(
            review_session=session,
            committee=session.committee,
            status__in=[Status.COMMITTEE_REVIEW, Status.APPROVED, Status.NOT_PASSED],
        )
        .select_related("applicant", "unit", "qualification", "acceptance")
        .order_by("status", "applicant__full_name", "pk")
    )


def published_sessions():
    """评审公示: sessions whose results were published, newest first."""
    return (
        ReviewSession.objects.filter(results_published_at__isnull=False)
        .select_related("committee")
        .order_by("-results_published_at")
    )


def publicised_applications(session):
    return (
        Application.objects.filter(
            review_session=session,
            status__in=[Status.APPROVED, Status.CERTIFIED],
            results_publicity_ends_on__isnull=False,
        )
        .select_related("applicant", "unit", "qualification", "specialty")
        .order_by("unit__name", "applicant__full_name", "pk")
    )
