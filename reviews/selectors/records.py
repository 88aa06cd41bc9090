"""Operation records and exports of the acting organisation."""

from __future__ import annotations

from accounts.roles import Role
from applications import workflow
from applications.models import ActionLog
from reviews.models import ExportLog

from .queue import RECORDS_ORDER, applicant_search

# Roles that may read full resident ID numbers in exports: the office certifies and the
# committee checks identities; units and departments get masked numbers like on screen.
FULL_ID_ROLES = frozenset({Role.OFFICE_STAFF, Role.COMMITTEE_STAFF})


def operation_records(role_context, filters: dict):
    """操作记录: acts on the applications that reached the organisation, newest first."""
    visible = workflow.visible_filter(role_context, "application__")
    if visible is None:
        return ActionLog.objects.none()
    queryset = ActionLog.objects.filter(visible)
    if filters.get("year"):
        queryset = queryset.filter(application__year=filters["year"])
    if filters.get("q"):
        queryset = queryset.filter(applicant_search(filters["q"], "application__applicant__"))
    if filters.get("actor"):
        queryset = queryset.filter(actor_name__icontains=filters["actor"].strip())
    if filters.get("date_from"):
        queryset = queryset.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        queryset = queryset.filter(created_at__date__lte=filters["date_to"])
    if filters.get("own"):
        level = workflow.level_of_role(role_context.role)
        queryset = queryset.filter(
            organisation_type=level.type if level else "",
            organisation_id=role_context.organisation.pk,
        )
    return queryset.select_related("application__applicant").order_by(*RECORDS_ORDER)


def exports_of(user, role_contexts):
    """The person's own queued exports, while they still hold the role they asked in."""
    return ExportLog.objects.filter(
        actor=user, role_key__in=[context.key for context in role_contexts]
    ).exclude(role_key="")


def may_see_full_id_numbers(role_context) -> bool:
    return role_context is not None and role_context.role in FULL_ID_ROLES
