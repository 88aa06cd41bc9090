"""Reads of the review workflow, always starting from the acting role's organisation.

A reviewing organisation sees an application once it has reached its level (the action log
holds a row that moved it there) and the application names that organisation: the unit its
applicants' applications, the competent department what its units forwarded, the office and
the committee only what reached them. Anything else answers 404. Every scope starts from
``applications.workflow.visible_to``.

Import from the package (``from reviews import selectors``); its modules are ``queue`` (queues,
filters, counts), ``applications`` (one application, its timeline and changes, the applicant's
printed forms), ``records`` (operation records, exports), ``sessions`` (the committee's
sessions, materials, templates, published results), ``publicity`` (单位公示), ``feedback``
(意见建议) and ``messages`` (messages from organisations).
"""

from .applications import (
    APPLICATION_RELATED,
    ChangesSinceReturn,
    changes_since_return,
    get_application_for,
    latest_return,
    own_applications_for_print,
    own_submitted_application,
    timeline,
)
from .feedback import (
    applications_to_write_about,
    feedback_for_office,
    feedback_of_sender,
    get_feedback_for,
    get_feedback_of_sender,
)
from .messages import (
    get_organisation_message_for,
    message_recipients,
    organisation_messages_for,
)
from .publicity import (
    get_unit_publicity_for,
    publicity_listing,
    unit_publicities_for,
)
from .queue import (
    DEFAULT_SORT,
    DUE_SOON_DAYS,
    OVERDUE_SHOWN,
    RECORDS_ORDER,
    SORTS,
    QueueSummary,
    applicant_search,
    filter_applications,
    keyset_of,
    level_of,
    pending_applications,
    pending_count,
    pending_counts_by_kind,
    queue_count,
    queue_rows,
    queue_summary,
    reviewable_applications,
)
from .records import (
    FULL_ID_ROLES,
    exports_of,
    may_see_full_id_numbers,
    operation_records,
)
from .sessions import (
    achievement_templates_for,
    get_achievement_template_for,
    get_required_material_for,
    get_session_for,
    publicised_applications,
    published_sessions,
    required_materials_for,
    session_applications,
    session_requirements,
    sessions_for,
)

__all__ = [
    "APPLICATION_RELATED",
    "DEFAULT_SORT",
    "DUE_SOON_DAYS",
    "FULL_ID_ROLES",
    "OVERDUE_SHOWN",
    "RECORDS_ORDER",
    "SORTS",
    "ChangesSinceReturn",
    "QueueSummary",
    "achievement_templates_for",
    "applicant_search",
    "applications_to_write_about",
    "changes_since_return",
    "exports_of",
    "feedback_for_office",
    "feedback_of_sender",
    "filter_applications",
    "get_achievement_template_for",
    "get_application_for",
    "get_feedback_for",
    "get_feedback_of_sender",
    "get_organisation_message_for",
    "get_required_material_for",
    "get_session_for",
    "get_unit_publicity_for",
    "keyset_of",
    "latest_return",
    "level_of",
    "may_see_full_id_numbers",
    "message_recipients",
    "operation_records",
    "organisation_messages_for",
    "own_applications_for_print",
    "own_submitted_application",
    "pending_applications",
    "pending_count",
    "pending_counts_by_kind",
    "publicised_applications",
    "publicity_listing",
    "published_sessions",
    "queue_count",
    "queue_rows",
    "queue_summary",
    "required_materials_for",
    "reviewable_applications",
    "session_applications",
    "session_requirements",
    "sessions_for",
    "timeline",
    "unit_publicities_for",
]
