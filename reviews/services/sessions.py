"""The committee side: review sessions, what they ask for, and the results publicity."""

import datetime
import itertools
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import transitions, workflow
from applications.models import Achievement, ActionLog, Application, Attachment, Kind, Status
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
            raise DomainError(
                _("Only staff of this review committee may do this."), code="forbidden"
            )
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
                code="duplicate",
            ) from None
    return session


def _notify_holders_of_intake_closed(session: ReviewSession) -> None:
    """The organisations still holding applications of the session (units, departments,
    offices) are told: they can no longer forward them to the committee."""
    told: set[tuple[str, int]] = set()
    holding = (
        Application.objects.filter(review_session=session, current_step__isnull=False)
        .exclude(status=Status.COMMITTEE_REVIEW)
        .select_related("current_step", "applicant")
    )
    for app in holding:
        step = workflow.current(app)
        if step is None or (step.organisation_type, step.organisation_id) in told:
            continue
        told.add((step.organisation_type, step.organisation_id))
        workflow.notify_staff(
            app,
            step,
            event="session.intake_closed",
            title=_("The review committee has closed the intake of %(session)s")
            % {"session": session},
            body=_("Applications of this session can no longer be forwarded to the committee."),
        )


def review_session_close_intake(
    *, actor: User, role_context: RoleContext, session: ReviewSession
) -> ReviewSession:
    """结束受理: no more applications are forwarded to or accepted by the committee."""
    _check_committee_staff(actor, role_context, session.committee)
    if ReviewSession.objects.filter(pk=session.pk, intake_closed_at__isnull=False).exists():
        return ReviewSession.objects.get(pk=session.pk)  # closed already: nothing happens

    def change(row: ReviewSession) -> dict:
        if row.intake_closed_at is None:
            row.intake_closed_at = timezone.now()
        return {"session": str(row)}

    return transitions.run(
        model=ReviewSession,
        target=session,
        actor=actor,
        role_context=role_context,
        action="session.intake_closed",
        check=lambda row: _check_committee_staff(actor, role_context, row.committee),
        change=change,
        notify=lambda row, entry: _notify_holders_of_intake_closed(row),
    )


def _publicise(
    *, actor: User, role_context: RoleContext, application_id: int, ends_on: datetime.date
) -> Application:
    def check(app: Application) -> None:
        if app.status != Status.APPROVED:
            raise DomainError(transitions.stale_message(), code="stale")

    def change(app: Application) -> dict:
        app.results_publicity_ends_on = ends_on
        return {"ends_on": ends_on.isoformat()}

    def notify(app: Application, entry: ActionLog | None) -> None:
        workflow.notify_applicant(
            app,
            event="application.results_publicised",
            title=_("The review results of your application (%(qualification)s) are publicised")
            % {"qualification": app.qualification.name},
            body=_("The publicity ends on %(date)s.") % {"date": ends_on.isoformat()},
        )

    return transitions.run(
        model=Application,
        target=application_id,
        actor=actor,
        role_context=role_context,
        action="application.results_publicised",
        check=check,
        change=change,
        notify=notify,
    )


def results_publish(
    *,
    actor: User,
    role_context: RoleContext,
    session: ReviewSession,
    starts_on: datetime.date | None = None,
) -> ReviewSession:
    """评审公示: publish the passed applicants of the session for its number of working days.

    Each passed application gets its row on the timeline and its applicant a message; all of
    it stands or falls together. Certificates are issued once the publicity has ended
    (``results_publicity_ends_on``).
    """
    _check_committee_staff(actor, role_context, session.committee)
    starts_on = starts_on or timezone.localdate()
    passed: list[int] = []

    def check(row: ReviewSession) -> None:
        if row.results_published_at is not None:
            raise DomainError(
                _("The results of this session have already been published."), code="published"
            )
        passed.extend(
            Application.objects.filter(
                review_session=row, status=Status.APPROVED, kind=Kind.EVALUATION
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not passed:
            raise DomainError(_("No applicant of this session has passed yet."), code="none_passed")
        pending = Application.objects.filter(
            review_session=row, status=Status.COMMITTEE_REVIEW, acceptance__isnull=False
        ).count()
        if pending:
            raise DomainError(
                _("%(count)s accepted applications still have no result.") % {"count": pending},
                code="results_pending",
            )

    def change(row: ReviewSession) -> None:
        row.results_published_at = timezone.now()
        row.results_publicity_ends_on = add_working_days(starts_on, row.results_publicity_days)

    with transitions.batch():
        session = transitions.run(
            model=ReviewSession,
            target=session,
            actor=actor,
            role_context=role_context,
            action="session.results_published",
            check=check,
            change=change,
            log=False,  # each publicised application gets its own row
        )
        ends_on = session.results_publicity_ends_on
        assert ends_on is not None
        for application_id in passed:
            _publicise(
                actor=actor,
                role_context=role_context,
                application_id=application_id,
                ends_on=ends_on,
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
                ),
                code="in_use",
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
                ),
                code="in_use",
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
