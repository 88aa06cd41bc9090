from .organisations import *  # noqa: F403
from .sessions import *  # noqa: F403
