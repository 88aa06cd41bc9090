from .account import *  # noqa: F403
from .choosing import *  # noqa: F403
from .common import *  # noqa: F403
from .recovery import *  # noqa: F403
from .regions import *  # noqa: F403
from .registration import *  # noqa: F403
from .signin import *  # noqa: F403
from .signup import *  # noqa: F403
