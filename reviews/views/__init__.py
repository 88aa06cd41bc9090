from .common import *  # noqa: F403
from .detail import *  # noqa: F403
from .queue import *  # noqa: F403
from .records import *  # noqa: F403
from .sessions import *  # noqa: F403
from .setup import *  # noqa: F403
