from .account import *  # noqa: F403
from .common import *  # noqa: F403
from .files import *  # noqa: F403
from .lookups import *  # noqa: F403
from .offices import *  # noqa: F403
from .people import *  # noqa: F403
from .recovery import *  # noqa: F403
from .registration import *  # noqa: F403
