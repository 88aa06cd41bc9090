"""The one set of test factories: people, applications in every state (one trait per state),
approved applications ready for their certificate.

An application is made as a draft and brought to its state by the services (submission, the
levels' acts, the certificate), so its route, action log, opinions and messages are those the
portal writes; only the applicant's forms are left out (``tests.factories.applications``).
"""

from .applications import ApplicationFactory, add_sections, move_to, reach
from .certificates import ApprovedApplicationFactory, engineer_qualification
from .people import PersonFactory, resident_id, staff_of

__all__ = [
    "ApplicationFactory",
    "ApprovedApplicationFactory",
    "PersonFactory",
    "add_sections",
    "engineer_qualification",
    "move_to",
    "reach",
    "resident_id",
    "staff_of",
]
