"""The action log: one row per act on an application, in the same transaction as the act.

``record`` writes a row; ``describe`` turns a row into the words of the progress timeline
(业务步骤) and of each organisation's operation records. Actions are codes such as
``application.submitted``; the text depends on the code and on the role that acted.
"""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

from .models import ActionLog

# (action, acting role or None for any role) -> business step
STEPS = {
    ("application.created", None): _("Application created"),
    ("application.submitted", None): _("Submitted by the applicant"),
    ("application.withdrawn", None): _("Withdrawn by the applicant"),
    ("application.discarded", None): _("Discarded by the applicant"),
    ("application.forwarded", Role.UNIT_STAFF): _("Unit reviewed and forwarded"),
    ("application.forwarded", Role.DEPARTMENT_STAFF): _(
        "Competent department reviewed and forwarded"
    ),
    ("application.forwarded", Role.OFFICE_STAFF): _("Office forwarded to the review committee"),
    ("application.returned", Role.UNIT_STAFF): _("Unit returned for revision"),
    ("application.returned", Role.DEPARTMENT_STAFF): _("Competent department returned"),
    ("application.returned", Role.OFFICE_STAFF): _("Office returned"),
    ("application.returned", Role.COMMITTEE_STAFF): _("Committee returned"),
    ("application.rejected", None): _("Not approved"),
    ("application.approved", Role.OFFICE_STAFF): _("Office approved"),
    ("application.approved", Role.COMMITTEE_STAFF): _("Committee review passed"),
    ("application.failed", None): _("Committee review not passed"),
    ("application.certified", None): _("Certificate issued"),
    ("application.accepted", None): _("Committee accepted the materials"),
    ("application.results_publicised", None): _("Review results publicised"),
    # Unit opinions (seed 001 operation records: 单位填写…)
    ("opinion.appraisal_recommendation", None): _(
        "Unit filled in the recommendation after its appraisal"
    ),
    ("opinion.term_appraisal_result", None): _(
        "Unit filled in the appraisal result at the end of the term"
    ),
    ("opinion.publicity", None): _("Unit filled in the publicity"),
    ("opinion.panel_recommendation", None): _("Unit filled in the review panel's recommendation"),
    ("opinion.unit_leader", None): _("Unit filled in the person in charge"),
}

# Who returned, and to whom (seed 001: 职改办退回单位).
RETURNED_BY = {
    Role.UNIT_STAFF: _("Unit"),
    Role.DEPARTMENT_STAFF: _("Competent department"),
    Role.OFFICE_STAFF: _("Office"),
    Role.COMMITTEE_STAFF: _("Committee"),
}
RETURNED_TO = {
    "returned": _("the applicant"),
    "unit_review": _("the unit"),
    "dept_review": _("the competent department"),
    "office_review": _("the office"),
}


def describe(action: str, role: str = "", to_status: str = "") -> str:
    if action == "application.returned" and role in RETURNED_BY and to_status in RETURNED_TO:
        return _("%(who)s returned to %(whom)s") % {
            "who": RETURNED_BY[role],
            "whom": RETURNED_TO[to_status],
        }
    text = STEPS.get((action, role)) or STEPS.get((action, None))
    return str(text) if text else action


def record(
    *,
    application,
    action: str,
    actor=None,
    role_context=None,
    from_status: str = "",
    to_status: str = "",
    opinion: str = "",
    data: dict | None = None,
) -> ActionLog:
    """Write one action-log row. Call inside the transaction of the act it records."""
    organisation = getattr(role_context, "organisation", None)
    return ActionLog.objects.create(
        application=application,
        action=action,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        role=str(role_context.role) if role_context else "",
        organisation_name=str(organisation) if organisation is not None else "",
        from_status=from_status,
        to_status=to_status,
        opinion=opinion,
        data=data or {},
    )
