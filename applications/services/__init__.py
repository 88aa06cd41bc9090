"""Every write to an application: one function per act.

Each runs in one transaction, locks the application row (``select_for_update``), checks the
rule, changes what it changes, bumps ``Application.version`` and, for transitions, writes the
action-log row. Refusals raise ``DomainError`` with the sentence the applicant reads.
"""

from .common import *  # noqa: F403
from .materials import *  # noqa: F403
from .profile import *  # noqa: F403
from .rows import *  # noqa: F403
from .sections import *  # noqa: F403
from .start import *  # noqa: F403
from .submit import *  # noqa: F403
