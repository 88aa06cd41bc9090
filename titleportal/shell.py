"""Counts shown as badges in the navigation (queue size, unread messages).

Apps register a function ``(request) -> int`` under a badge name in their AppConfig.ready();
the context processor calls only the counters the current navigation shows.
"""

from collections.abc import Callable

COUNTERS: dict[str, Callable] = {}


def register_counter(name: str, func: Callable) -> None:
    COUNTERS[name] = func


def counts_for(request, names: set[str]) -> dict[str, int]:
    return {name: COUNTERS[name](request) for name in names if name in COUNTERS}
