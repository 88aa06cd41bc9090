"""The committee side: review sessions, what they ask for, and the results publicity."""

import datetime
import itertools
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import actionlog
from applications.models import Achievement, Application, Attachment, Kind, Status
from reference.workdays import add_working_days
from titleportal.errors import DomainError
from units.models import AchievementTemplate, Committee, Membership, RequiredMaterial, ReviewSession

# --- review sessions (committee) --------------------------------------------------------------

SESSION_FIELDS = (
    "year",
    "scope",
    "opens_on",
    "applicant_first_deadline",
    "applicant_revision_deadline",
    "unit_deadline",
    "review_method",
    "organises_exam",
    "interview",
    "group_vote",
    "consultation_phone",
    "policy_url",
    "schedule_url",
    "results_publicity_days",
)


def _check_committee_staff(actor: User, role_context: RoleContext, committee: Committee) -> None:
    if (
        role_context is None
        or role_context.role != Role.COMMITTEE_STAFF
        or role_context.organisation is None
        or role_context.organisation.pk != committee.pk
        or not Membership.objects.filter(
            person=actor, role=Role.COMMITTEE_STAFF, committee=committee, is_enabled=True
        ).exists()
    ):
        raise DomainError(_("Only staff of this review committee may do this."), code="forbidden")


def _check_session_dates(values: dict) -> None:
    order = [
        "opens_on",
        "applicant_first_deadline",
        "applicant_revision_deadline",
        "unit_deadline",
    ]
    for earlier, later in itertools.pairwise(order):
        if values[later] < values[earlier]:
            raise DomainError(
                _("This date must not be earlier than %(other)s.")
                % {"other": ReviewSession._meta.get_field(earlier).verbose_name},  # type: ignore[union-attr]
                field=later,
                code="date_order",
            )


def review_session_save(
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession | None = None,
    **values: Any,
) -> ReviewSession:
    """Create or change a review session of the acting committee (seed 004's 评审通知)."""
    committee = role_context.organisation if role_context else None
    if committee is None:
        raise DomainError(_("Only staff of this review committee may do this."), code="forbidden")
    _check_committee_staff(actor, role_context, committee)
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    _check_session_dates(values)
    with transaction.atomic():
        if session is None:
            session = ReviewSession(committee=committee)
        elif session.committee_id != committee.pk:
            raise DomainError(_("Only staff of this review committee may do this."))
        for name, value in values.items():
            setattr(session, name, value)
        try:
            with transaction.atomic():
                session.save()
        except IntegrityError:
            raise DomainError(
                _("This committee already has a review session for %(year)s.")
                % {"year": values["year"]},
                field="year",
            ) from None
    return session


def review_session_close_intake(
    *, actor: User, role_context: RoleContext, session: ReviewSession
) -> ReviewSession:
    """结束受理: no more applications are forwarded to or accepted by the committee."""
    _check_committee_staff(actor, role_context, session.committee)
    with transaction.atomic():
        session = ReviewSession.objects.select_for_update().get(pk=session.pk)
        if session.intake_closed_at is None:
            session.intake_closed_at = timezone.now()
            session.save(update_fields=["intake_closed_at"])
    return session


def results_publish(
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession,
    starts_on: datetime.date | None = None,
) -> ReviewSession:
    """评审公示: publish the passed applicants of the session for its number of working days.

    Certificates are issued once the publicity has ended (``results_publicity_ends_on``).
    """
    _check_committee_staff(actor, role_context, session.committee)
    starts_on = starts_on or timezone.localdate()
    with transaction.atomic():
        session = ReviewSession.objects.select_for_update().get(pk=session.pk)
        if session.results_published_at is not None:
            raise DomainError(_("The results of this session have already been published."))
        passed = list(
            Application.objects.select_for_update(of=("self",)).filter(
                review_session=session, status=Status.APPROVED, kind=Kind.EVALUATION
            )
        )
        if not passed:
            raise DomainError(_("No applicant of this session has passed yet."))
        pending = Application.objects.filter(
            review_session=session, status=Status.COMMITTEE_REVIEW, acceptance__isnull=False
        ).count()
        if pending:
            raise DomainError(
                _("%(count)s accepted applications still have no result.") % {"count": pending}
            )
        ends_on = add_working_days(starts_on, session.results_publicity_days)
        session.results_published_at = timezone.now()
        session.results_publicity_ends_on = ends_on
        session.save(update_fields=["results_published_at", "results_publicity_ends_on"])
        for app in passed:
            app.results_publicity_ends_on = ends_on
            app.version += 1
            app.save(update_fields=["results_publicity_ends_on", "version", "updated_at"])
            actionlog.record(
                subject=app,
                action="application.results_publicised",
                actor=actor,
                role_context=role_context,
                from_status=app.status,
                to_status=app.status,
                data={"ends_on": ends_on.isoformat()},
            )
    return session


# --- required materials and achievement templates (committee) ---------------------------------

MATERIAL_FIELDS = (
    "name",
    "description",
    "file_type",
    "max_size_mb",
    "max_count",
    "is_required",
    "sort",
)
TEMPLATE_FIELDS = ("policy_text", "achievement_kind", "counts_toward_policy", "sort")


def _save_session_item[M: (RequiredMaterial, AchievementTemplate)](
    model: type[M],
    fields: tuple[str, ...],
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession | None,
    item: M | None,
    values: dict[str, Any],
) -> M:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if item is not None:
        session = item.review_session
    if session is None:
        raise TypeError("a new item needs its review session")
    _check_committee_staff(actor, role_context, session.committee)
    with transaction.atomic():
        if item is None:
            item = model(review_session=session)
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
    return item


def required_material_save(
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession | None = None,
    material: RequiredMaterial | None = None,
    **values: Any,
) -> RequiredMaterial:
    """Add (``session``) or change (``material``) a 评委会需求材料 of the acting committee."""
    return _save_session_item(
        RequiredMaterial,
        MATERIAL_FIELDS,
        actor=actor,
        role_context=role_context,
        session=session,
        item=material,
        values=values,
    )


def required_material_delete(
    *, actor: User, role_context: RoleContext, material: RequiredMaterial
) -> None:
    """Delete a required material nobody has uploaded for yet (uploads keep their material)."""
    _check_committee_staff(actor, role_context, material.review_session.committee)
    with transaction.atomic():
        if Attachment.objects.filter(material=material).exists():
            raise DomainError(
                _(
                    "Applicants have already uploaded files for this material; it cannot be "
                    "deleted. Change it, or mark it as not required."
                )
            )
        material.delete()


def achievement_template_save(
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession | None = None,
    template: AchievementTemplate | None = None,
    **values: Any,
) -> AchievementTemplate:
    """Add (``session``) or change (``template``) a 业绩成果模板 of the acting committee."""
    return _save_session_item(
        AchievementTemplate,
        TEMPLATE_FIELDS,
        actor=actor,
        role_context=role_context,
        session=session,
        item=template,
        values=values,
    )


def achievement_template_delete(
    *, actor: User, role_context: RoleContext, template: AchievementTemplate
) -> None:
    """Delete a policy item no achievement was entered under yet."""
    _check_committee_staff(actor, role_context, template.review_session.committee)
    with transaction.atomic():
        if Achievement.objects.filter(template=template).exists():
            raise DomainError(
                _(
                    "Applicants have already entered achievements under this policy item; it "
                    "cannot be deleted. Change its text instead."
                )
            )
        template.delete()


def results_publicity_end_changed(session: ReviewSession) -> int:
    """The session's results-publicity end was changed (in admin): its publicised applications
    follow, so that what they show and what the office's certification gate uses is the
    session's date. Returns how many applications changed."""
    with transaction.atomic():
        return (
            Application.objects.filter(
                review_session=session, results_publicity_ends_on__isnull=False
            )
            .exclude(results_publicity_ends_on=session.results_publicity_ends_on)
            .update(
                results_publicity_ends_on=session.results_publicity_ends_on,
                updated_at=timezone.now(),
            )
        )
