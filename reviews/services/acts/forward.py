"""报送: forwarding an application to the next level of its route."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications import transitions, workflow
from applications.models import Application, Kind, Status
from titleportal.errors import DomainError

from .common import _facts, _forward_check, _mark_unit_acted
from .opinions import missing_unit_opinions


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
