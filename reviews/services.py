"""The review workflow: one function per act on an application or a review session.

Every act takes keyword arguments only, with the acting person (``actor``) and the role
context they act in. Inside one transaction it locks the application row, compares the
version the person's form was opened with (a form opened before someone else acted cannot
overwrite that act), checks that the actor may act at the application's current level and is
not its applicant (nobody reviews their own case, ``check_not_own``), runs
the django-fsm transition, bumps the version, writes the action-log row and leaves the
applicant's message (SMS and email go out after the commit).
"""

import datetime
import itertools

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.roles import ORGANISATION_FIELD, Role
from applications import actionlog
from applications.models import Achievement, Application, Attachment, Kind, Status
from applications.sections import ApplicationSections
from reference.workdays import add_working_days
from titleportal.errors import DomainError
from titleportal.notifications import notify
from units.models import AchievementTemplate, Membership, RequiredMaterial, ReviewSession

from . import changes
from .models import Acceptance, ReturnSnapshot, UnitOpinion, UnitPublicity

# The role that acts at each review level, and the application field naming its organisation.
LEVEL_ROLE = {
    Status.UNIT_REVIEW: Role.UNIT_STAFF,
    Status.DEPT_REVIEW: Role.DEPARTMENT_STAFF,
    Status.OFFICE_REVIEW: Role.OFFICE_STAFF,
    Status.COMMITTEE_REVIEW: Role.COMMITTEE_STAFF,
}
ROLE_LEVEL = {role: level for level, role in LEVEL_ROLE.items()}
LEVEL_FIELD = {level: ORGANISATION_FIELD[role] for level, role in LEVEL_ROLE.items()}


def _stale_message() -> str:
    return _(
        "Someone else has acted on this application in the meantime. "
        "The page now shows its current state; please check it and act again if needed."
    )


# --- shared steps -----------------------------------------------------------------------------


def _lock(application, version: int | None) -> Application:
    """The application row, locked until the end of the transaction, at the expected version."""
    pk = getattr(application, "pk", application)
    # of=("self",) keeps the lock on the application row only (PostgreSQL ignores nothing here;
    # SQLite serialises writers with BEGIN IMMEDIATE instead).
    locked = Application.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise DomainError(_("This application does not exist."), code="missing")
    if version is not None and locked.version != version:
        raise DomainError(_stale_message(), code="stale")
    return locked


def _organisation_of(application: Application, level: str):
    return getattr(application, LEVEL_FIELD[level])


def own_case_refusal(actor, person_id) -> str:
    """Why ``actor`` may not act on a case whose person (applicant, certificate holder) is
    ``person_id``, or "" when it is someone else's. Every review act checks it through
    ``check_not_own``; pages use it to show the case read-only with the reason."""
    if actor is None or actor.pk is None or person_id != actor.pk:
        return ""
    return _(
        "This is your own application; you cannot review it: nobody reviews or handles their "
        "own application, in any role. Another staff member of your organisation has to "
        "handle it."
    )


def check_not_own(*, actor, person_id) -> None:
    """Refuse an act on the actor's own application (or own certificate)."""
    refusal = own_case_refusal(actor, person_id)
    if refusal:
        raise DomainError(refusal, code="own")


def check_reviewer(*, actor, role_context, application: Application) -> None:
    """The actor acts at the application's current level for its organisation, is enabled, and
    is not the applicant."""
    level = application.status
    role = LEVEL_ROLE.get(level)
    if role is None or role_context is None or role_context.role != role:
        raise DomainError(
            _("This application is not waiting for your review; it is now: %(status)s.")
            % {"status": application.get_status_display()},
            code="stale",
        )
    field = LEVEL_FIELD[level]
    organisation = role_context.organisation
    if organisation is None or getattr(application, f"{field}_id") != organisation.pk:
        raise DomainError(
            _("This application is not waiting for your review; it is now: %(status)s.")
            % {"status": application.get_status_display()},
            code="stale",
        )
    enabled = Membership.objects.filter(
        person=actor, role=role, is_enabled=True, **{field: organisation}
    ).exists()
    if not enabled:
        raise DomainError(
            _("You are not an enabled staff member of %(organisation)s.")
            % {"organisation": organisation},
            code="forbidden",
        )
    check_not_own(actor=actor, person_id=application.applicant_id)


def _save(application: Application, *fields: str) -> None:
    application.version += 1
    application.save(update_fields=["status", "version", "updated_at", *fields])


def _applicant_link(application: Application) -> str:
    try:
        return reverse("applications:detail", kwargs={"pk": application.pk})
    except NoReverseMatch:
        return ""


def _notify_applicant(application, *, event, title, body="", urgent=False) -> None:
    notify(
        application.applicant,
        event=event,
        title=title,
        body=body,
        link=_applicant_link(application),
        sms=urgent,
        email=urgent,
    )


def notify_reviewers(application: Application, *, level: str, event: str, title, body="") -> int:
    """In-site message to the enabled staff of the organisation that reviews the application at
    ``level``, linking to the reviewer's page of it (their 待办事项 badge counts it too). The
    applicant is left out when they are one of those staff: they cannot review it."""
    from accounts.models import User

    field = LEVEL_FIELD[level]
    organisation_id = getattr(application, f"{field}_id")
    if organisation_id is None:
        return 0
    staff = (
        User.objects.filter(
            memberships__role=LEVEL_ROLE[level],
            memberships__is_enabled=True,
            **{f"memberships__{field}_id": organisation_id},
        )
        .exclude(pk=application.applicant_id)
        .distinct()
    )
    link = reverse("reviews:detail", kwargs={"pk": application.pk})
    sent = 0
    for person in staff:
        notify(person, event=event, title=title, body=body, link=link)
        sent += 1
    return sent


def _reviewer_facts(application: Application) -> dict:
    return {
        "name": application.applicant.full_name,
        "kind": application.get_kind_display(),
        "qualification": application.qualification.name,
    }


def _describe_application(application: Application) -> dict:
    return {
        "kind": application.get_kind_display(),
        "year": application.year,
        "qualification": application.qualification.name,
    }


def _mark_unit_acted(application: Application) -> list[str]:
    if application.unit_acted_at is None:
        application.unit_acted_at = timezone.now()
        return ["unit_acted_at"]
    return []


def _require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, field="reason")
    return reason


# --- unit opinions ----------------------------------------------------------------------------


def unit_opinion_save(
    *,
    actor,
    role_context,
    application,
    version: int | None,
    appraisal_recommendation: str | None = None,
    term_appraisal_result: str | None = None,
    publicity: str | None = None,
    panel_recommendation: str | None = None,
    unit_leader: str | None = None,
) -> UnitOpinion:
    """Unit staff save the unit's opinions; this counts as the unit acting (no more withdraw).

    Each opinion filled in or changed writes its own operation record (seed 001:
    单位填写基层单位考核推荐意见 …). Fields passed as None are left as they are.
    """
    values = {
        "appraisal_recommendation": appraisal_recommendation,
        "term_appraisal_result": term_appraisal_result,
        "publicity": publicity,
        "panel_recommendation": panel_recommendation,
        "unit_leader": unit_leader,
    }
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        if role_context.role != Role.UNIT_STAFF:
            raise DomainError(_("Only the unit fills in the unit opinions."), code="forbidden")
        opinion, _created = UnitOpinion.objects.select_for_update().get_or_create(application=app)
        allowed = UnitOpinion.required_fields(app)
        changed = []
        for name, value in values.items():
            if value is None or name not in allowed:
                continue
            value = value.strip()
            if value != getattr(opinion, name):
                setattr(opinion, name, value)
                changed.append(name)
        if not changed:
            return opinion
        opinion.updated_by = actor
        opinion.save()
        for name in changed:
            actionlog.record(
                application=app,
                action=f"opinion.{name}",
                actor=actor,
                role_context=role_context,
                from_status=app.status,
                to_status=app.status,
                opinion=getattr(opinion, name),
            )
        _save(app, *_mark_unit_acted(app))
    return opinion


def missing_unit_opinions(application: Application) -> list[str]:
    """Verbose names of the unit opinions still empty (all of them when none was saved)."""
    opinion = UnitOpinion.objects.filter(application=application).first() or UnitOpinion()
    return [
        str(UnitOpinion._meta.get_field(name).verbose_name)
        for name in opinion.missing_fields(application)
    ]


# --- transitions ------------------------------------------------------------------------------


def _check_unit_deadline(application: Application) -> None:
    session = application.review_session
    late = session is not None and timezone.localdate() > session.unit_deadline
    if application.kind == Kind.EVALUATION and late:
        raise DomainError(
            _("The units' deadline of this review session (%(date)s) has passed.")
            % {"date": session.unit_deadline.isoformat()}
        )


def _check_intake_open(application: Application) -> None:
    session = application.review_session
    if session is not None and session.intake_closed_at is not None:
        raise DomainError(
            _("The review committee has closed the intake of %(session)s.") % {"session": session}
        )


def application_forward(
    *, actor, role_context, application, version: int | None, office=None, opinion: str = ""
) -> Application:
    """报送: to the next level of the route (department, office, committee)."""
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        from_status = app.status
        fields: list[str] = []
        data: dict = {}
        if from_status == Status.UNIT_REVIEW:
            missing = missing_unit_opinions(app)
            if missing:
                raise DomainError(
                    _("Please fill in the unit opinions first: %(missing)s.")
                    % {"missing": "、".join(missing)},
                    code="opinions",
                )
            _check_unit_deadline(app)
            # 报送人事主管部门: the unit chooses the office (seed 001).
            if office is not None and office.pk != app.office_id:
                if not office.is_active:
                    raise DomainError(_("This office does not take applications."), field="office")
                data["office_before"] = app.office.name
                app.office = office
                fields.append("office")
            fields += _mark_unit_acted(app)
        if not can_proceed(app.forward):
            raise DomainError(
                _("This application is decided at this level and is not forwarded further.")
            )
        target = app.next_review_state()
        if target == Status.COMMITTEE_REVIEW:
            if app.committee_id is None:
                raise DomainError(_("This application names no review committee."))
            _check_intake_open(app)
        app.forward()
        data["to"] = str(_organisation_of(app, target))
        _save(app, *fields)
        actionlog.record(
            application=app,
            action="application.forwarded",
            actor=actor,
            role_context=role_context,
            from_status=from_status,
            to_status=app.status,
            opinion=(opinion or "").strip(),
            data=data,
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_applicant(
                app,
                event="application.forwarded",
                title=_("Your application (%(kind)s, %(qualification)s) was forwarded")
                % _describe_application(app),
                body=_("It is now with %(organisation)s.") % {"organisation": data["to"]},
            )
            notify_reviewers(
                app,
                level=app.status,
                event="review.forwarded",
                title=_("New application to review: %(name)s (%(kind)s, %(qualification)s)")
                % _reviewer_facts(app),
                body=_("Forwarded by %(organisation)s.")
                % {"organisation": role_context.organisation},
            )
    return app


def return_targets(application: Application) -> list[tuple[str, str]]:
    """Where the current level may return the application: the applicant or an earlier level."""
    labels = {
        Status.RETURNED: _("the applicant (for revision)"),
        Status.UNIT_REVIEW: _("the unit"),
        Status.DEPT_REVIEW: _("the competent department"),
        Status.OFFICE_REVIEW: _("the office"),
    }
    targets = [Status.RETURNED, *application.earlier_review_states()]
    return [(str(target), str(labels[target])) for target in targets]


def application_return(
    *,
    actor,
    role_context,
    application,
    version: int | None,
    reason: str,
    target: str = Status.RETURNED,
    sections: list[str] | tuple = (),
    files: str = "",
) -> Application:
    """退回修改: to the applicant (editable, can be resubmitted) or to any earlier level."""
    reason = _require_reason(reason, _("Please give the reason for returning the application."))
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        if target not in dict(return_targets(app)):
            raise DomainError(_("Choose where to return the application."), field="target")
        from_status = app.status
        fields = _mark_unit_acted(app) if from_status == Status.UNIT_REVIEW else []
        # What the applicant is asked to change, as it stands now ("changes since the return").
        sections_now = (
            changes.snapshot(ApplicationSections(app).views())
            if target == Status.RETURNED
            else None
        )
        app.return_to(target)
        if from_status == Status.COMMITTEE_REVIEW:
            # Acceptance is undone: it is accepted again when it comes back.
            Acceptance.objects.filter(application=app).delete()
        _save(app, *fields)
        data: dict = {"sections": [str(key) for key in sections]}
        if files.strip():
            data["files"] = files.strip()
        entry = actionlog.record(
            application=app,
            action="application.returned",
            actor=actor,
            role_context=role_context,
            from_status=from_status,
            to_status=app.status,
            opinion=reason,
            data=data,
        )
        if sections_now is not None:
            ReturnSnapshot.objects.create(action=entry, application=app, sections=sections_now)
        with translation.override(settings.LANGUAGE_CODE):
            if target == Status.RETURNED:
                _notify_applicant(
                    app,
                    event="application.returned",
                    title=_(
                        "Your application (%(kind)s, %(qualification)s) was returned for revision"
                    )
                    % _describe_application(app),
                    body=_("Reason: %(reason)s") % {"reason": reason},
                    urgent=True,
                )
            else:
                _notify_applicant(
                    app,
                    event="application.returned",
                    title=_("Your application (%(kind)s, %(qualification)s) is reviewed again")
                    % _describe_application(app),
                    body=actionlog.describe("application.returned", role_context.role, target)
                    + _("; reason: %(reason)s") % {"reason": reason},
                )
                notify_reviewers(
                    app,
                    level=target,
                    event="review.returned",
                    title=_(
                        "Application returned to you for review: %(name)s (%(kind)s, %(qualification)s)"
                    )
                    % _reviewer_facts(app),
                    body=_("Returned by %(organisation)s; reason: %(reason)s")
                    % {"organisation": role_context.organisation, "reason": reason},
                )
    return app


def application_reject(*, actor, role_context, application, version: int | None, reason: str):
    """审核不通过: final; the applicant can no longer edit this application."""
    reason = _require_reason(reason, _("Please give the reason why it is not approved."))
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        from_status = app.status
        fields = _mark_unit_acted(app) if from_status == Status.UNIT_REVIEW else []
        app.reject()
        app.decided_at = timezone.now()
        _save(app, "decided_at", *fields)
        actionlog.record(
            application=app,
            action="application.rejected",
            actor=actor,
            role_context=role_context,
            from_status=from_status,
            to_status=app.status,
            opinion=reason,
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_applicant(
                app,
                event="application.rejected",
                title=_("Your application (%(kind)s, %(qualification)s) was not approved")
                % _describe_application(app),
                body=_("Reason: %(reason)s") % {"reason": reason},
            )
    return app


def _require_acceptance(app: Application) -> None:
    if (
        app.status == Status.COMMITTEE_REVIEW
        and not Acceptance.objects.filter(application=app).exists()
    ):
        raise DomainError(_("The committee must accept the application before its result."))


def application_approve(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Application:
    """通过: the office approves a recognition (and other non-evaluations); the committee
    passes an evaluation."""
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        if not can_proceed(app.approve):
            raise DomainError(
                _("An evaluation is decided by the review committee: forward it instead.")
            )
        _require_acceptance(app)
        from_status = app.status
        app.approve()
        app.decided_at = timezone.now()
        _save(app, "decided_at")
        actionlog.record(
            application=app,
            action="application.approved",
            actor=actor,
            role_context=role_context,
            from_status=from_status,
            to_status=app.status,
            opinion=(opinion or "").strip(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_applicant(
                app,
                event="application.approved",
                title=_("Your application (%(kind)s, %(qualification)s) passed")
                % _describe_application(app),
            )
    return app


def application_fail(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Application:
    """未通过: the committee's result for an evaluation that did not pass."""
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        _require_acceptance(app)
        from_status = app.status
        app.fail()
        app.decided_at = timezone.now()
        _save(app, "decided_at")
        actionlog.record(
            application=app,
            action="application.failed",
            actor=actor,
            role_context=role_context,
            from_status=from_status,
            to_status=app.status,
            opinion=(opinion or "").strip(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_applicant(
                app,
                event="application.failed",
                title=_("Your application (%(kind)s, %(qualification)s) did not pass the review")
                % _describe_application(app),
            )
    return app


def application_accept(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Acceptance:
    """受理: the committee accepts the materials (seed 003: 完结, 不再上报); fees follow."""
    with transaction.atomic():
        app = _lock(application, version)
        check_reviewer(actor=actor, role_context=role_context, application=app)
        if Acceptance.objects.filter(application=app).exists():
            raise DomainError(_stale_message(), code="stale")
        _check_intake_open(app)
        acceptance = Acceptance.objects.create(
            application=app, committee_id=app.committee_id, accepted_by=actor
        )
        _save(app)
        actionlog.record(
            application=app,
            action="application.accepted",
            actor=actor,
            role_context=role_context,
            from_status=app.status,
            to_status=app.status,
            opinion=(opinion or "").strip(),
        )
        with translation.override(settings.LANGUAGE_CODE):
            _notify_applicant(
                app,
                event="application.accepted",
                title=_(
                    "Your application (%(kind)s, %(qualification)s) was accepted by the "
                    "review committee"
                )
                % _describe_application(app),
                body=_("Please watch for the fee notice of the review."),
                urgent=True,
            )
    return acceptance


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


def _check_committee_staff(actor, role_context, committee) -> None:
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
                % {"other": ReviewSession._meta.get_field(earlier).verbose_name},
                field=later,
            )


def review_session_save(*, actor, role_context, session: ReviewSession | None = None, **values):
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


def review_session_close_intake(*, actor, role_context, session: ReviewSession) -> ReviewSession:
    """结束受理: no more applications are forwarded to or accepted by the committee."""
    _check_committee_staff(actor, role_context, session.committee)
    with transaction.atomic():
        session = ReviewSession.objects.select_for_update().get(pk=session.pk)
        if session.intake_closed_at is None:
            session.intake_closed_at = timezone.now()
            session.save(update_fields=["intake_closed_at"])
    return session


def results_publish(
    *, actor, role_context, session: ReviewSession, starts_on: datetime.date | None = None
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
            _save(app, "results_publicity_ends_on")
            actionlog.record(
                application=app,
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


def _save_session_item(model, fields, *, actor, role_context, session, item, values):
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if item is not None:
        session = item.review_session
    _check_committee_staff(actor, role_context, session.committee)
    with transaction.atomic():
        if item is None:
            item = model(review_session=session)
        for name, value in values.items():
            setattr(item, name, value)
        item.save()
    return item


def required_material_save(
    *, actor, role_context, session=None, material: RequiredMaterial | None = None, **values
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


def required_material_delete(*, actor, role_context, material: RequiredMaterial) -> None:
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
    *, actor, role_context, session=None, template: AchievementTemplate | None = None, **values
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


def achievement_template_delete(*, actor, role_context, template: AchievementTemplate) -> None:
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


# --- unit publicity ---------------------------------------------------------------------------

PUBLICISED_STATES = [
    Status.UNIT_REVIEW,
    Status.DEPT_REVIEW,
    Status.OFFICE_REVIEW,
    Status.COMMITTEE_REVIEW,
]


def unit_publicity_entries(unit, year: int) -> list[dict]:
    """The unit's applicants of the year who are under review: what the 公示表 lists."""
    rows = (
        Application.objects.filter(unit=unit, year=year, status__in=PUBLICISED_STATES)
        .select_related("applicant", "qualification__series", "qualification__level", "specialty")
        .order_by("kind", "applicant__full_name", "pk")
    )
    return [
        {
            "application": app.pk,
            "name": app.applicant.full_name,
            "gender": app.applicant.get_gender_display(),
            "kind": str(app.get_kind_display()),
            "series": app.qualification.series.label,
            "level": app.qualification.level.name,
            "qualification": app.qualification.name,
            "specialty": app.specialty_name,
        }
        for app in rows
    ]


def unit_publicity_start(*, actor, role_context, year: int, days: int = 5) -> UnitPublicity:
    """单位公示 online: posts the unit's applicants of the year for ``days`` working days."""
    unit = role_context.organisation if role_context else None
    if (
        unit is None
        or role_context.role != Role.UNIT_STAFF
        or not Membership.objects.filter(
            person=actor, role=Role.UNIT_STAFF, unit=unit, is_enabled=True
        ).exists()
    ):
        raise DomainError(_("Only enabled staff of the unit may do this."), code="forbidden")
    if not 1 <= days <= 30:
        raise DomainError(_("Choose between 1 and 30 working days."), field="days")
    with transaction.atomic():
        entries = unit_publicity_entries(unit, year)
        if not entries:
            raise DomainError(
                _("The unit has no applicants under review for %(year)s.") % {"year": year},
                field="year",
            )
        today = timezone.localdate()
        return UnitPublicity.objects.create(
            unit=unit,
            year=year,
            starts_on=today,
            ends_on=add_working_days(today, days),
            entries=entries,
            created_by=actor,
        )
