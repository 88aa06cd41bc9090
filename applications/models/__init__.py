"""The models of applications, by topic: the application and its state machine, review
routes and steps, the action log, section forms, section rows, attachments and void notices."""

from .application import *  # noqa: F403
from .attachments import *  # noqa: F403
from .log import *  # noqa: F403
from .profile import *  # noqa: F403
from .routes import *  # noqa: F403
from .rows import *  # noqa: F403
from .sections import *  # noqa: F403
from .series_rows import *  # noqa: F403
