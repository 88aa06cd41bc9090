from .checks import *  # noqa: F403
from .images import *  # noqa: F403
from .pdfs import *  # noqa: F403
from .stash import *  # noqa: F403
