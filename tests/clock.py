"""Moving the pinned clock (see tests/conftest.py) to a moment in Beijing."""

import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour``:``minute`` in Beijing: the argument for ``time_machine.move_to``."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), BEIJING)
