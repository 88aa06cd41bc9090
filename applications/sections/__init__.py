from .display import *  # noqa: F403
from .fields import *  # noqa: F403
from .reader import *  # noqa: F403
from .specs import *  # noqa: F403
