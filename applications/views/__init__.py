"""The applicant's pages (申报职称), file downloads, the print copy and the public void notices.

Views stay thin: GET shows, POST calls one service and turns a DomainError into a message
next to the field or on the page. Every application comes from ``get_application_for``.
"""

from .acts import *  # noqa: F403
from .common import *  # noqa: F403
from .editing import *  # noqa: F403
from .files import *  # noqa: F403
from .pages import *  # noqa: F403
from .profile import *  # noqa: F403
from .rows import *  # noqa: F403
from .start import *  # noqa: F403
