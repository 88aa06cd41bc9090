"""退回修改 and 审核不通过: returning an application, to the applicant or an earlier level, and
refusing it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications import transitions, workflow
from applications.models import Application, Status
from applications.sections import ApplicationSections, section_snapshot
from reviews.changes import keep_images
from reviews.models import Acceptance, ReturnSnapshot

from .common import _facts, _mark_unit_acted, _require_reason, _reviewer_check


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
