"""The results: a deciding level approves, the committee passes or fails an evaluation and
accepts (受理) its materials."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications import transitions, workflow
from applications.models import Application, Kind, Status
from reviews.models import Acceptance
from titleportal.errors import DomainError

from .common import _check_fee_paid, _facts
from .forward import _check_intake_open


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
