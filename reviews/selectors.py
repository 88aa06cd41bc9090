"""Reads of the review workflow, always starting from the acting role's organisation.

A reviewing organisation sees an application once it has reached its level (the action log
holds a row that moved it there) and the application names that organisation: the unit its
applicants' applications, the competent department what its units forwarded, the office and
the committee only what reached them. Anything else answers 404.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.roles import Role
from applications import workflow
from applications.models import Achievement, ActionLog, Application, Status
from titleportal.validators import (
    is_id_number,
    is_mobile,
    normalize_id_number,
    normalize_mobile,
)
from units.models import AchievementTemplate, Affiliation, RequiredMaterial, ReviewSession

from .changes import SectionChange, compare, snapshot
from .models import ExportLog, Feedback, OrganisationMessage, ReturnSnapshot, UnitPublicity

# A resident ID number as searched for: 17 digits and a digit or X (normalised upper-case).

# Roles that may read full resident ID numbers in exports: the office certifies and the
# committee checks identities; units and departments get masked numbers like on screen.
FULL_ID_ROLES = frozenset({Role.OFFICE_STAFF, Role.COMMITTEE_STAFF})

SORTS = {
    "-submitted": ("-last_submitted_at", "-pk"),
    "submitted": ("last_submitted_at", "pk"),
    "name": ("applicant__full_name", "pk"),
    "-year": ("-year", "-last_submitted_at", "-pk"),
    "year": ("year", "last_submitted_at", "pk"),
    "status": ("status", "-last_submitted_at", "-pk"),
}
DEFAULT_SORT = "-submitted"
RECORDS_ORDER = ("-created_at", "-pk")


def keyset_of(filters: dict) -> tuple[str, ...] | None:
    """The queue's sort when deep pages may follow a cursor (the newest first: its key is
    never empty once submitted, and an index per organisation serves it)."""
    sort = filters.get("sort") or DEFAULT_SORT
    return SORTS[sort] if sort == DEFAULT_SORT else None


def level_of(role_context) -> str | None:
    """The review state the role acts at (unit_review for unit staff, …), or None."""
    if role_context is None or role_context.organisation is None:
        return None
    level = workflow.level_of_role(role_context.role)
    return level.state if level is not None else None


def reviewable_applications(role_context):
    """Every application that reached the role's organisation, whatever its state now."""
    return workflow.visible_to(role_context)


def pending_applications(role_context):
    """待办事项: what waits for this organisation's decision now."""
    return workflow.waiting_for(role_context)


def pending_count(role_context) -> int:
    return pending_applications(role_context).count()


def pending_counts_by_kind(role_context) -> dict[str, int]:
    rows = pending_applications(role_context).values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}


# How far ahead the home page warns of a session deadline.
DUE_SOON_DAYS = 7
OVERDUE_SHOWN = 5


@dataclass(frozen=True)
class QueueSummary:
    """The home page of a reviewer: the queue and what in it is late."""

    total: int
    overdue: int  # waiting although the session's units' deadline has passed
    due_soon: int  # the units' deadline comes within DUE_SOON_DAYS days
    next_deadline: datetime.date | None
    by_kind: dict[str, int]
    overdue_rows: list[Application]


def queue_summary(role_context, today: datetime.date) -> QueueSummary:
    """待办事项 with the review sessions' deadlines (报送截止日期) they are measured against:
    three queries whatever the size of the queue."""
    pending = pending_applications(role_context)
    deadline = "review_session__unit_deadline"
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    totals = pending.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(**{f"{deadline}__lt": today})),
        due_soon=Count("pk", filter=Q(**{f"{deadline}__gte": today, f"{deadline}__lte": soon})),
        next_deadline=Min(deadline, filter=Q(**{f"{deadline}__gte": today})),
    )
    rows = pending.values("kind").annotate(n=Count("pk")).order_by()
    overdue_rows = list(
        pending.filter(**{f"{deadline}__lt": today})
        .select_related("applicant", "unit", "review_session")
        .only(
            "pk",
            "kind",
            "year",
            "applicant__full_name",
            "unit__name",
            "review_session__unit_deadline",
        )
        .order_by(deadline, "last_submitted_at", "pk")[:OVERDUE_SHOWN]
    )
    return QueueSummary(
        total=totals["total"],
        overdue=totals["overdue"],
        due_soon=totals["due_soon"],
        next_deadline=totals["next_deadline"],
        by_kind={row["kind"]: row["n"] for row in rows},
        overdue_rows=overdue_rows,
    )


def queue_count(request) -> int:
    """Badge of 待办事项 in the navigation."""
    return pending_count(getattr(request, "role", None))


def own_applications_for_print(user) -> list[Application]:
    """报表下载 of an applicant: their applications, newest first (one query)."""
    return list(
        workflow.own_applications(user)
        .select_related("series", "level", "unit", "review_session__committee")
        .order_by("-year", "-pk")
    )


# What the detail page and the printed 评审表 read of an application, in one query.
APPLICATION_RELATED = (
    "applicant",
    "unit",
    "department",
    "office",
    "committee",
    "review_session",
    "qualification__series",
    "qualification__level",
    "specialty",
    "series",
    "level",
    "current_step",
)


def own_submitted_application(user, pk) -> Application:
    """The applicant's own application once submitted, for its 评审表; anyone else's is 404."""
    return get_object_or_404(
        workflow.own_applications(user)
        .exclude(status=Status.DRAFT)
        .select_related(*APPLICATION_RELATED)
        .prefetch_related("steps"),
        pk=pk,
    )


def get_application_for(role_context, pk) -> Application:
    application = (
        reviewable_applications(role_context)
        .select_related(*APPLICATION_RELATED)
        .prefetch_related("steps")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def applicant_search(term: str, prefix: str = "applicant__") -> Q:
    """What a search box term matches, each on an indexed column of the applicant: a mobile
    number (stored in E.164) or a document number of any type exactly, anything else as the
    start of the name (an exact name included). An unanchored match would read every row.
    A name has no digits, so a Latin name is never taken for a passport number."""
    term = term.strip()
    if is_mobile(term):
        return Q(**{f"{prefix}phone": normalize_mobile(term)})
    if any(char.isdigit() for char in term) and is_id_number(term):
        return Q(**{f"{prefix}id_number": normalize_id_number(term)})
    return Q(**{f"{prefix}full_name__startswith": term})


def filter_applications(role_context, filters: dict):
    """The queue: ``filters`` are the cleaned values of ``QueueFilterForm``."""
    status = filters.get("status") or "pending"
    if status == "pending":
        queryset = pending_applications(role_context)
    else:
        queryset = reviewable_applications(role_context)
        if status != "all":
            queryset = queryset.filter(status=status)
    if filters.get("year"):
        queryset = queryset.filter(year=filters["year"])
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("series"):
        queryset = queryset.filter(series=filters["series"])
    if filters.get("level"):
        queryset = queryset.filter(level=filters["level"])
    if filters.get("unit"):
        queryset = queryset.filter(unit__name__icontains=filters["unit"])
    if filters.get("q"):
        queryset = queryset.filter(applicant_search(filters["q"]))
    order = SORTS.get(filters.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return queryset.order_by(*order)


def queue_rows(queryset):
    """What a queue row shows, in a fixed number of queries."""
    return queryset.select_related(
        "applicant", "unit", "qualification__series", "qualification__level", "acceptance"
    ).only(
        "pk",
        "year",
        "kind",
        "status",
        "version",
        "last_submitted_at",
        "submitted_at",
        "applicant__full_name",
        "applicant__id_number",
        "unit__name",
        "qualification__name",
        "qualification__series__label",
        "qualification__level__name",
        "acceptance__accepted_at",
    )


def timeline(application) -> list[ActionLog]:
    """进度: every act on the application, oldest first."""
    return list(application.actions.order_by("created_at", "pk"))


def latest_return(application) -> ActionLog | None:
    return application.actions.filter(action="application.returned").order_by("-created_at").first()


@dataclass
class ChangesSinceReturn:
    """The last return to the applicant and, section by section, what changed since."""

    entry: ActionLog
    sections: list[SectionChange]

    @property
    def changed(self) -> list[SectionChange]:
        return [change for change in self.sections if change.changed or change.named]


def changes_since_return(
    application, actions: list[ActionLog], sections
) -> ChangesSinceReturn | None:
    """After a resubmission: the application's sections compared with the snapshot taken when it
    was last returned to the applicant. ``actions`` is the timeline (oldest first) and
    ``sections`` the application's read-only sections, both already loaded by the page."""
    if application.status in (Status.DRAFT, Status.RETURNED):
        return None
    last_return, resubmitted = None, False
    for entry in actions:
        if entry.action == "application.returned" and entry.to_status == Status.RETURNED:
            last_return, resubmitted = entry, False
        elif entry.action == "application.submitted" and last_return is not None:
            resubmitted = True
    if last_return is None or not resubmitted:
        return None
    stored = ReturnSnapshot.objects.filter(action=last_return).only("sections").first()
    if stored is None:
        return None
    named = (last_return.data or {}).get("sections", [])

    def file_url(section: str, name: str, entry: dict) -> str:
        if entry.get("id") is not None:
            return reverse("applications:attachment", args=[application.pk, entry["id"]])
        return reverse("applications:file", args=[application.pk, section, name])

    return ChangesSinceReturn(
        entry=last_return,
        sections=compare(stored.sections, snapshot(sections), named=named, file_url=file_url),
    )


def operation_records(role_context, filters: dict):
    """操作记录: acts on the applications that reached the organisation, newest first."""
    queryset = ActionLog.objects.filter(
        application__in=reviewable_applications(role_context).values("pk")
    )
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


# --- unit publicity ---------------------------------------------------------------------------


def unit_publicities_for(role_context):
    if role_context is None or role_context.role != Role.UNIT_STAFF:
        return UnitPublicity.objects.none()
    return UnitPublicity.objects.filter(unit=role_context.organisation)


def publicity_listing(application) -> UnitPublicity | None:
    """The latest online unit publicity that listed this application, if any."""
    for publicity in UnitPublicity.objects.filter(
        unit_id=application.unit_id, year=application.year
    ).order_by("-created_at")[:5]:
        if any(entry.get("application") == application.pk for entry in publicity.entries):
            return publicity
    return None


def get_unit_publicity_for(user, role_context, pk) -> UnitPublicity:
    """The online unit publicity: for the unit's staff and the people who work there."""
    publicity = UnitPublicity.objects.select_related("unit").filter(pk=pk).first()
    if publicity is None or not user.is_authenticated:
        raise Http404
    # The unit's staff and the unit's own account (context.unit is set for both).
    unit = role_context.unit if role_context is not None else None
    staff_here = unit is not None and unit.pk == publicity.unit_id
    works_here = Affiliation.objects.filter(person=user, unit_id=publicity.unit_id).exists()
    if not (staff_here or works_here):
        raise Http404
    return publicity


# --- 意见建议 -----------------------------------------------------------------------------------


def feedback_of_sender(user):
    return Feedback.objects.filter(sender=user).select_related("office", "application")


def get_feedback_of_sender(user, pk) -> Feedback:
    return get_object_or_404(feedback_of_sender(user), pk=pk)


def feedback_for_office(role_context):
    """What was addressed to the acting office, unanswered first; nothing for other roles."""
    if role_context is None or role_context.role != Role.OFFICE_STAFF:
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(office=role_context.organisation)
        .select_related("sender", "application", "answered_by")
        .order_by(F("answered_at").asc(nulls_first=True), "-created_at", "-pk")
    )


def get_feedback_for(role_context, pk) -> Feedback:
    return get_object_or_404(feedback_for_office(role_context), pk=pk)


def applications_to_write_about(user):
    """The person's own applications, each naming the office that answers about it."""
    return (
        workflow.own_applications(user)
        .select_related("qualification", "office")
        .order_by("-year", "-pk")
    )


# --- messages from organisations --------------------------------------------------------------


def organisation_messages_for(role_context):
    """The messages the acting organisation sent, newest first; nothing for other roles."""
    level = workflow.level_of_role(role_context.role) if role_context is not None else None
    if level is None or role_context.organisation is None:
        return OrganisationMessage.objects.none()
    return (
        OrganisationMessage.objects.filter(
            organisation_type=level.type, organisation_id=role_context.organisation.pk
        )
        .select_related("sender")
        .annotate(
            recipient_count=Count("recipients", distinct=True),
            read_count=Count(
                "recipients",
                filter=Q(recipients__inbox_message__read_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def get_organisation_message_for(role_context, pk) -> OrganisationMessage:
    return get_object_or_404(organisation_messages_for(role_context), pk=pk)


def message_recipients(message: OrganisationMessage):
    """Each recipient with the in-site message (read or not) and its SMS deliveries."""
    return message.recipients.select_related(
        "person", "application", "inbox_message"
    ).prefetch_related("inbox_message__deliveries")
