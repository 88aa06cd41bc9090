"""The review workflow's services: the acts of reviewers on applications (``acts``), the
committee's sessions and results publicity (``sessions``), and the unit's publicity
(``publicity``)."""

from .acts import (
    application_accept,
    application_approve,
    application_fail,
    application_forward,
    application_reject,
    application_return,
    missing_unit_opinions,
    return_targets,
    unit_opinion_save,
)
from .downloads import office_download_add, office_download_change, office_download_remove
from .feedback import feedback_answer, feedback_send
from .messages import organisation_message_send
from .publicity import PUBLICISED_STATES, unit_publicity_entries, unit_publicity_start
from .sessions import (
    MATERIAL_FIELDS,
    SESSION_FIELDS,
    TEMPLATE_FIELDS,
    achievement_template_delete,
    achievement_template_save,
    required_material_delete,
    required_material_save,
    results_publicity_end_changed,
    results_publish,
    review_session_close_intake,
    review_session_save,
)

__all__ = [
    "MATERIAL_FIELDS",
    "PUBLICISED_STATES",
    "SESSION_FIELDS",
    "TEMPLATE_FIELDS",
    "achievement_template_delete",
    "achievement_template_save",
    "application_accept",
    "application_approve",
    "application_fail",
    "application_forward",
    "application_reject",
    "application_return",
    "feedback_answer",
    "feedback_send",
    "missing_unit_opinions",
    "office_download_add",
    "office_download_change",
    "office_download_remove",
    "organisation_message_send",
    "required_material_delete",
    "required_material_save",
    "results_publicity_end_changed",
    "results_publish",
    "return_targets",
    "review_session_close_intake",
    "review_session_save",
    "unit_opinion_save",
    "unit_publicity_entries",
    "unit_publicity_start",
]
