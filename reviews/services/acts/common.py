"""What the acts of reviewers share: the facts named in messages, the checks of who acts."""

from django.utils import timezone
from django.utils.translation import gettext as _

from applications import workflow
from applications.models import Application
from payments.selectors import unpaid_review_fees
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
