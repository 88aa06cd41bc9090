from .checks import *  # noqa: F403
from .common import *  # noqa: F403
from .delivery import *  # noqa: F403
from .historical import *  # noqa: F403
from .issuing import *  # noqa: F403
from .numbering import *  # noqa: F403
