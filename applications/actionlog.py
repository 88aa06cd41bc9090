"""The action log: one row per act on an application, in the same transaction as the act.

``record`` writes a row; ``describe`` turns a row into the words of the progress timeline
(业务步骤), of each organisation's operation records and of the exports. Actions are codes
such as ``application.submitted``; the text depends on the code and on the role that acted.
"""

from django.utils.translation import gettext_lazy as _

from .models import ActionLog, OrganisationType, Status

UNIT, DEPARTMENT, OFFICE, COMMITTEE = (
    OrganisationType.UNIT,
    OrganisationType.DEPARTMENT,
    OrganisationType.OFFICE,
    OrganisationType.COMMITTEE,
)

# (action, type of the level that acted or None for any) -> business step. The level of a row
# comes from its acting role through ``workflow.level_of_role`` (the one role → level mapping).
STEPS = {
    ("application.created", None): _("Application created"),
    ("application.submitted", None): _("Submitted by the applicant"),
    ("application.withdrawn", None): _("Withdrawn by the applicant"),
    ("application.discarded", None): _("Discarded by the applicant"),
    ("application.forwarded", UNIT): _("Unit reviewed and forwarded"),
    ("application.forwarded", DEPARTMENT): _("Competent department reviewed and forwarded"),
    ("application.forwarded", OFFICE): _("Office forwarded to the review committee"),
    ("application.returned", UNIT): _("Unit returned for revision"),
    ("application.returned", DEPARTMENT): _("Competent department returned"),
    ("application.returned", OFFICE): _("Office returned"),
    ("application.returned", COMMITTEE): _("Committee returned"),
    ("application.rejected", None): _("Not approved"),
    ("application.approved", OFFICE): _("Office approved"),
    ("application.approved", COMMITTEE): _("Committee review passed"),
    ("application.failed", None): _("Committee review not passed"),
    ("application.certified", None): _("Certificate issued"),
    ("application.accepted", None): _("Committee accepted the materials"),
    ("application.results_publicised", None): _("Review results publicised"),
    ("session.intake_closed", None): _("Intake of the review session closed"),
    ("delivery.shipped", None): _("Certificate sent by EMS"),
    ("delivery.collected", None): _("Certificate collected in person"),
    ("delivery.method_chosen", None): _("Way of receiving the certificate chosen"),
    ("certificate.voided", None): _("Certificate voided"),
    ("historical.submitted", None): _("Historical certificate sent for verification"),
    ("historical.verified", None): _("Historical certificate verified"),
    ("historical.returned", None): _("Historical certificate returned for correction"),
    ("historical.rejected", None): _("Historical certificate not verified"),
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


def describe(entry) -> str:
    """The business step (业务步骤) of an action-log row: the one wording used by the progress
    timeline, the operation records and the exports."""
    from .workflow import level_of_role, level_of_state

    who = level_of_role(entry.role)
    if entry.action == "application.returned":
        whom = entry.data.get("to_label") or (
            level_of_state(entry.to_status).whom
            if level_of_state(entry.to_status)
            else _("the applicant")
        )
        if who is not None:
            return _("%(who)s returned to %(whom)s") % {"who": who.title, "whom": whom}
    level = who.type if who is not None else None
    if (
        entry.action == "application.forwarded"
        and level == OFFICE
        and entry.to_status != Status.COMMITTEE_REVIEW
    ):
        return str(_("Office reviewed and forwarded"))  # to the office above it
    text = (STEPS.get((entry.action, level)) if level else None) or STEPS.get((entry.action, None))
    return str(text) if text else entry.action


def opinion_text(entry) -> str:
    """The opinion of a row as the timeline shows it: a refusal says it is one (审核不通过原因),
    so that it is not read as a reason for a return."""
    if entry.opinion and entry.action in ("application.rejected", "historical.rejected"):
        return _("Reason for not approving: %(reason)s") % {"reason": entry.opinion}
    return entry.opinion


def record(
    *,
    subject,
    action: str,
    actor=None,
    role_context=None,
    from_status: str = "",
    to_status: str = "",
    opinion: str = "",
    data: dict | None = None,
) -> ActionLog:
    """Write one action-log row about ``subject`` (an application, or another subject such as
    a historical certificate). Call inside the transaction of the act it records."""
    from .models import Application

    organisation = getattr(role_context, "organisation", None)
    is_application = isinstance(subject, Application)
    entry = ActionLog.objects.create(
        application=subject if is_application else None,
        subject_type="application" if is_application else subject._meta.model_name,
        subject_id=subject.pk,
        action=action,
        actor=actor,
        actor_name=actor.get_full_name() if actor else "",
        role=str(role_context.role) if role_context else "",
        organisation_type=role_context.organisation_type if organisation is not None else "",
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_name=str(organisation) if organisation is not None else "",
        from_status=from_status,
        to_status=to_status,
        opinion=opinion,
        data=data or {},
    )
    if is_application:
        from . import events

        events.emit(action, application=subject, actor=actor, entry=entry)
    return entry
