"""The one set of test factories: people, applications in every state (one trait per state),
approved applications ready for their certificate.

An application's state is written directly (the applicant's forms are not part of most tests),
but its route comes from ``applications.workflow`` (``write_history`` copies the route and
walks it to the state, writing the action-log rows the acts would have written), so queues,
visibility and acts see it exactly as they see a submitted one.
"""

from .applications import ApplicationFactory, add_sections, move_to, write_history
from .certificates import ApprovedApplicationFactory, engineer_qualification
from .people import PersonFactory, resident_id, staff_of

__all__ = [
    "ApplicationFactory",
    "ApprovedApplicationFactory",
    "PersonFactory",
    "add_sections",
    "engineer_qualification",
    "move_to",
    "resident_id",
    "staff_of",
    "write_history",
]
