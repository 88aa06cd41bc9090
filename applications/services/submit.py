"""Services of the applicant's applications: submission and withdrawal."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications import transitions, workflow
from applications.models import (
    Application,
    Status,
)
from applications.sections import ApplicationSections, section_snapshot
from titleportal.errors import DomainError

from .common import WITHDRAW_REFUSED, deadline_block, publicity_block

# --- Submit and withdraw -----------------------------------------------------------------------


def _follow_current_unit(application: Application, actor) -> None:
    """A first submission goes to the unit the person works for now (单位调整 may have changed
    it since the draft was started); a resubmission stays with the unit that reviewed it."""
    affiliation = getattr(actor, "affiliation", None)
    if affiliation is None:
        raise DomainError(
            _("You are not linked to a unit. Join your unit with its unit key first."),
            code="no_unit",
        )
    if affiliation.unit_id == application.unit_id:
        return
    application.unit = affiliation.unit
    leaves_committee_region = (
        application.committee_id
        and not application.entrusted
        and not application.committee.covers_region(application.unit.region)
    )
    if leaves_committee_region:
        raise DomainError(
            _(
                "Your unit has changed and the review committee does not cover its region. "
                "Choose the committee again under “Change level or office”."
            ),
            code="route",
        )
    application.save(update_fields=["unit"])


def _applicant_check(actor):
    def check(application: Application) -> None:
        if application.applicant_id != actor.pk:
            raise DomainError(_("This application is not yours."), code="forbidden")

    return check


def application_submit(
    *,
    actor,
    role_context,
    application: Application,
    promise_accepted: bool,
) -> Application:
    """同意并报送: to the unit. Fixes the route (department at this moment, office, committee)."""
    resubmission = {}
    read = {}

    def check(application: Application) -> None:
        _applicant_check(actor)(application)
        if application.status not in (Status.DRAFT, Status.RETURNED):
            raise DomainError(_("This application has already been submitted."), code="submitted")
        if not promise_accepted:
            raise DomainError(_("Read and accept the integrity promise to submit."), code="promise")
        # Read once: the snapshot below shows what was checked here, without loading the
        # sections again.
        read["sections"] = ApplicationSections(application)
        incomplete = read["sections"].incomplete()
        if incomplete:
            raise DomainError(
                _("Complete these sections first: %(sections)s.")
                % {"sections": "、".join(str(spec.title) for spec, _missing in incomplete)},
                code="incomplete",
            )
        today = timezone.localdate()
        for code, block in (
            ("publicity", publicity_block(application, today)),
            ("deadline", deadline_block(application, today)),
        ):
            if block:
                raise DomainError(block, code=code)

    def change(application: Application) -> dict:
        resubmission["value"] = application.status == Status.RETURNED
        if application.submitted_at is None:
            _follow_current_unit(application, actor)
        application.department = application.unit.department
        application.unit_name = application.unit.name
        application.submit()
        workflow.enter(application, workflow.fix_route(application))
        now = timezone.now()
        application.promise_accepted_at = now
        application.submitted_at = application.submitted_at or now
        application.last_submitted_at = now
        # A new submission: the unit has not acted on it yet, so it may be withdrawn again.
        application.unit_acted_at = None
        return {
            "resubmission": resubmission["value"],
            "route": {
                "unit": application.unit_id,
                "department": application.department_id,
                "office": application.office_id,
                "committee": application.committee_id,
                "review_session": application.review_session_id,
                "steps": [
                    {"type": s.organisation_type, "id": s.organisation_id, "label": s.label}
                    for s in workflow.steps_of(application)
                ],
            },
            "snapshot": section_snapshot(read["sections"].views()),
        }

    def notify(application: Application, entry) -> None:
        # The unit's staff find it in their 待办事项, and get a message linking to it.
        workflow.notify_staff(
            application,
            workflow.current(application),
            event="review.submitted",
            title=(
                _("Application resubmitted: %(name)s (%(kind)s)")
                if resubmission["value"]
                else _("New application to review: %(name)s (%(kind)s)")
            )
            % {"name": application.applicant.full_name, "kind": application.get_kind_display()},
        )

    return transitions.run(
        model=Application,
        target=application,
        actor=actor,
        role_context=role_context,
        action="application.submitted",
        check=check,
        change=change,
        notify=notify,
    )


def application_withdraw(*, actor, role_context, application: Application) -> Application:
    """撤回: back to draft, only while the unit has not acted."""

    def check(application: Application) -> None:
        _applicant_check(actor)(application)
        if application.status in (Status.DRAFT, Status.RETURNED):
            raise DomainError(_("This application has not been submitted."), code="not_submitted")
        if not workflow.may_withdraw(application):
            raise DomainError(WITHDRAW_REFUSED, code="unit_acted")

    held = {}

    def change(application: Application) -> None:
        held["step"] = workflow.current(application)
        workflow.leave(application)
        application.withdraw()

    def notify(application: Application, entry) -> None:
        # The organisation that held it no longer finds it in its 待办事项: it is told why.
        if held["step"] is None:
            return
        workflow.notify_staff(
            application,
            held["step"],
            event="review.withdrawn",
            title=_("Application withdrawn by the applicant: %(name)s (%(kind)s)")
            % {"name": application.applicant.full_name, "kind": application.get_kind_display()},
        )

    return transitions.run(
        model=Application,
        target=application,
        actor=actor,
        role_context=role_context,
        action="application.withdrawn",
        check=check,
        change=change,
        notify=notify,
    )
