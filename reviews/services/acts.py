"""The acts of reviewers on an application: unit opinions, forward, return, reject, approve,
fail and accept (受理).

Every act takes keyword arguments only, with the acting person (``actor``) and the role
context they act in, and goes through ``applications.transitions.run``: lock at the version
the form was opened with, check that the actor acts at the application's current level and is
not its applicant (``applications.workflow.check_actor``), change, save, log, notify.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from applications import actionlog, transitions, workflow
from applications.models import Application, Kind, Status
from applications.sections import ApplicationSections, section_snapshot
from payments.selectors import unpaid_review_fees
from reviews.changes import keep_images
from reviews.models import Acceptance, ReturnSnapshot, UnitOpinion
from titleportal.errors import DomainError


def _facts(application: Application) -> dict:
    return {
        "name": application.applicant.full_name,
        "kind": application.get_kind_display(),
        "year": application.year,
        "qualification": application.qualification.name,
    }


def _mark_unit_acted(application: Application) -> None:
    if application.unit_acted_at is None:
        application.unit_acted_at = timezone.now()


def _require_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, field="reason", code="reason")
    return reason


def _reviewer_check(actor, role_context):
    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)

    return check


def _check_fee_paid(application: Application) -> None:
    """A level configured to wait for the fee forwards or decides once it is paid."""
    step = workflow.current(application)
    if step is None or not step.waits_for_fee:
        return
    unpaid = unpaid_review_fees(application)
    if unpaid:
        raise DomainError(
            _(
                "This level acts once the applicant has paid the fee: %(items)s not paid yet. "
                "You may still return the application or not approve it."
            )
            % {"items": "、".join(unpaid)},
            code="fee_unpaid",
        )


def _forward_check(actor, role_context):
    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)
        _check_fee_paid(app)

    return check


# --- unit opinions ----------------------------------------------------------------------------

OPINION_FIELDS = (
    "appraisal_recommendation",
    "term_appraisal_result",
    "publicity",
    "panel_recommendation",
    "unit_leader",
)


def unit_opinion_save(
    *, actor, role_context, application, version: int | None, **values: str | None
) -> UnitOpinion:
    """Unit staff save the unit's opinions; this counts as the unit acting (no more withdraw).

    Each opinion filled in or changed writes its own operation record (seed 001:
    单位填写基层单位考核推荐意见 …). Fields passed as None are left as they are.
    """
    unknown = set(values) - set(OPINION_FIELDS)
    if unknown:
        raise TypeError(f"unknown opinions: {sorted(unknown)}")
    saved: dict = {}

    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)
        if role_context.role != Role.UNIT_STAFF:
            raise DomainError(_("Only the unit fills in the unit opinions."), code="forbidden")

    def change(app: Application) -> None:
        opinion, _created = UnitOpinion.objects.select_for_update().get_or_create(application=app)
        saved["opinion"] = opinion
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
            return
        opinion.updated_by = actor
        opinion.save()
        _mark_unit_acted(app)
        for name in changed:
            actionlog.record(
                subject=app,
                action=f"opinion.{name}",
                actor=actor,
                role_context=role_context,
                from_status=app.status,
                to_status=app.status,
                opinion=getattr(opinion, name),
            )

    transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="opinion",
        check=check,
        change=change,
        log=False,
    )
    return saved["opinion"]


def missing_unit_opinions(application: Application) -> list[str]:
    """Verbose names of the unit opinions still empty (all of them when none was saved)."""
    opinion = UnitOpinion.objects.filter(application=application).first() or UnitOpinion()
    return [
        str(UnitOpinion._meta.get_field(name).verbose_name)
        for name in opinion.missing_fields(application)
    ]


# --- forward ----------------------------------------------------------------------------------


def _check_unit_deadline(application: Application) -> None:
    session = application.review_session
    late = session is not None and timezone.localdate() > session.unit_deadline
    if application.kind == Kind.EVALUATION and late:
        raise DomainError(
            _("The units' deadline of this review session (%(date)s) has passed.")
            % {"date": session.unit_deadline.isoformat()},
            code="deadline",
        )


def _check_intake_open(application: Application) -> None:
    session = application.review_session
    if session is not None and session.intake_closed_at is not None:
        raise DomainError(
            _("The review committee has closed the intake of %(session)s.") % {"session": session},
            code="intake_closed",
        )


def application_forward(
    *, actor, role_context, application, version: int | None, office=None, opinion: str = ""
) -> Application:
    """报送: to the next level of the route (departments, offices, the committee)."""

    def change(app: Application) -> dict:
        data: dict = {}
        at_unit = app.status == Status.UNIT_REVIEW
        if at_unit:
            missing = missing_unit_opinions(app)
            if missing:
                raise DomainError(
                    _("Please fill in the unit opinions first: %(missing)s.")
                    % {"missing": "、".join(missing)},
                    code="opinions",
                )
            _check_unit_deadline(app)
            # 报送人事主管部门: the unit chooses the office (seed 001); the route follows it.
            if office is not None and office.pk != app.office_id:
                if not office.is_active:
                    raise DomainError(
                        _("This office does not take applications."),
                        field="office",
                        code="office_inactive",
                    )
                data["office_before"] = app.office.name
                app.office = office
                workflow.enter(app, workflow.fix_route(app))
            _mark_unit_acted(app)
        target = workflow.next_step(app)
        if target is None:
            raise DomainError(
                _("This application is decided at this level and is not forwarded further."),
                code="last_level",
            )
        if target.organisation_type == "committee":
            _check_intake_open(app)
        app.forward(workflow.enter(app, target))
        data["to"] = str(target.organisation)
        data["to_label"] = target.label
        return data

    def notify(app: Application, entry) -> None:
        step = workflow.current(app)
        workflow.notify_applicant(
            app,
            event="application.forwarded",
            title=_("Your application (%(kind)s, %(qualification)s) was forwarded") % _facts(app),
            body=_("It is now with %(organisation)s.") % {"organisation": entry.data["to"]},
        )
        workflow.notify_staff(
            app,
            step,
            event="review.forwarded",
            title=_("New application to review: %(name)s (%(kind)s, %(qualification)s)")
            % _facts(app),
            body=_("Forwarded by %(organisation)s.") % {"organisation": role_context.organisation},
        )

    return transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="application.forwarded",
        check=_forward_check(actor, role_context),
        change=change,
        opinion=opinion,
        notify=notify,
    )


# --- return and reject ------------------------------------------------------------------------


def return_targets(application: Application) -> list[tuple[str, str]]:
    """Where the current level may return the application: the applicant or earlier levels."""
    return workflow.return_targets(application)


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
    """退回修改: to the applicant (editable, can be resubmitted) or to an earlier level."""
    reason = _require_reason(reason, _("Please give the reason for returning the application."))
    to_applicant = target == Status.RETURNED
    snapshot: dict = {}

    def change(app: Application) -> dict:
        step = workflow.return_step(app, target)
        from_status = app.status
        if from_status == Status.UNIT_REVIEW:
            _mark_unit_acted(app)
        if to_applicant:
            # What the applicant is asked to change, as it stands now ("changes since the return").
            # Images get a thumbnail: a replaced file is deleted, the reviewer compares with it.
            snapshot["sections"] = keep_images(
                app, section_snapshot(ApplicationSections(app).views())
            )
            workflow.leave(app)
            app.return_to(Status.RETURNED)
        else:
            app.return_to(workflow.enter(app, step))
        if from_status == Status.COMMITTEE_REVIEW:
            # Acceptance is undone: it is accepted again when it comes back.
            Acceptance.objects.filter(application=app).delete()
        data: dict = {"sections": [str(key) for key in sections]}
        if files.strip():
            data["files"] = files.strip()
        if step is not None:
            data["to"] = str(step.organisation)
            data["to_label"] = step.label
        return data

    def notify(app: Application, entry) -> None:
        if to_applicant:
            ReturnSnapshot.objects.create(
                action=entry, application=app, sections=snapshot["sections"]
            )
            workflow.notify_applicant(
                app,
                event="application.returned",
                title=_("Your application (%(kind)s, %(qualification)s) was returned for revision")
                % _facts(app),
                body=_("Reason: %(reason)s") % {"reason": reason}
                + (
                    "；" + _("Materials to replace: %(files)s") % {"files": files.strip()}
                    if files.strip()
                    else ""
                ),
                urgent=True,
            )
            return
        workflow.notify_applicant(
            app,
            event="application.returned",
            title=_("Your application (%(kind)s, %(qualification)s) is reviewed again")
            % _facts(app),
            body=entry.step + _("; reason: %(reason)s") % {"reason": reason},
        )
        workflow.notify_staff(
            app,
            workflow.current(app),
            event="review.returned",
            title=_(
                "Application returned to you for review: %(name)s (%(kind)s, %(qualification)s)"
            )
            % _facts(app),
            body=_("Returned by %(organisation)s; reason: %(reason)s")
            % {"organisation": role_context.organisation, "reason": reason},
        )

    return transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="application.returned",
        check=_reviewer_check(actor, role_context),
        change=change,
        opinion=reason,
        notify=notify,
    )


def application_reject(
    *, actor, role_context, application, version: int | None, reason: str
) -> Application:
    """审核不通过: final; the applicant can no longer edit this application."""
    reason = _require_reason(reason, _("Please give the reason why it is not approved."))

    def change(app: Application) -> None:
        if app.status == Status.UNIT_REVIEW:
            _mark_unit_acted(app)
        workflow.leave(app)
        app.reject()
        app.decided_at = timezone.now()

    def notify(app: Application, entry) -> None:
        workflow.notify_applicant(
            app,
            event="application.rejected",
            title=_("Your application (%(kind)s, %(qualification)s) was not approved")
            % _facts(app),
            body=_("Reason for not approving: %(reason)s") % {"reason": reason},
            urgent=True,
        )

    return transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="application.rejected",
        check=_reviewer_check(actor, role_context),
        change=change,
        opinion=reason,
        notify=notify,
    )


# --- decisions --------------------------------------------------------------------------------


def _require_acceptance(app: Application) -> None:
    if (
        app.status == Status.COMMITTEE_REVIEW
        and not Acceptance.objects.filter(application=app).exists()
    ):
        raise DomainError(
            _("The committee must accept the application before its result."),
            code="not_accepted",
        )


def _decide(*, actor, role_context, application, version, opinion, action, decide, notify):
    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)
        _require_acceptance(app)
        _check_fee_paid(app)

    def change(app: Application) -> None:
        decide(app)
        workflow.leave(app)
        app.decided_at = timezone.now()

    return transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action=action,
        check=check,
        change=change,
        opinion=opinion,
        notify=notify,
    )


def application_approve(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Application:
    """通过: a deciding level approves (the office, for applications other than evaluations);
    the committee passes an evaluation."""

    def decide(app: Application) -> None:
        if not workflow.may_decide(app):
            raise DomainError(
                _("An evaluation is decided by the review committee: forward it instead.")
                if app.kind == Kind.EVALUATION
                else _("This level does not decide: forward the application instead."),
                code="not_deciding",
            )
        app.approve()

    def notify(app: Application, entry) -> None:
        workflow.notify_applicant(
            app,
            event="application.approved",
            title=_("Your application (%(kind)s, %(qualification)s) passed") % _facts(app),
        )

    return _decide(
        actor=actor,
        role_context=role_context,
        application=application,
        version=version,
        opinion=opinion,
        action="application.approved",
        decide=decide,
        notify=notify,
    )


def application_fail(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Application:
    """未通过: the committee's result for an evaluation that did not pass."""

    def notify(app: Application, entry) -> None:
        workflow.notify_applicant(
            app,
            event="application.failed",
            title=_("Your application (%(kind)s, %(qualification)s) did not pass the review")
            % _facts(app),
        )

    return _decide(
        actor=actor,
        role_context=role_context,
        application=application,
        version=version,
        opinion=opinion,
        action="application.failed",
        decide=lambda app: app.fail(),
        notify=notify,
    )


def application_accept(
    *, actor, role_context, application, version: int | None, opinion: str = ""
) -> Acceptance:
    """受理: the committee accepts the materials (seed 003: 完结, 不再上报); fees follow."""

    def check(app: Application) -> None:
        workflow.check_actor(actor=actor, role_context=role_context, application=app)
        if app.status != Status.COMMITTEE_REVIEW:
            raise DomainError(_("Only the review committee accepts materials."), code="stale")
        if Acceptance.objects.filter(application=app).exists():
            raise DomainError(transitions.stale_message(), code="stale")
        _check_intake_open(app)

    def change(app: Application) -> None:
        Acceptance.objects.create(application=app, committee_id=app.committee_id, accepted_by=actor)

    def notify(app: Application, entry) -> None:
        workflow.notify_applicant(
            app,
            event="application.accepted",
            title=_(
                "Your application (%(kind)s, %(qualification)s) was accepted by the "
                "review committee"
            )
            % _facts(app),
            body=_("Please watch for the fee notice of the review."),
            urgent=True,
        )

    app = transitions.run(
        model=Application,
        target=application,
        version=version,
        actor=actor,
        role_context=role_context,
        action="application.accepted",
        check=check,
        change=change,
        opinion=opinion,
        notify=notify,
    )
    return Acceptance.objects.get(application=app)


__all__ = [
    "application_accept",
    "application_approve",
    "application_fail",
    "application_forward",
    "application_reject",
    "application_return",
    "missing_unit_opinions",
    "return_targets",
    "unit_opinion_save",
]
