from .common import *  # noqa: F403
from .recovery import *  # noqa: F403
from .registration import *  # noqa: F403
from .settings import *  # noqa: F403
from .signin import *  # noqa: F403
