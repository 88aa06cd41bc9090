"""Where the titles a person already holds come from: they are offered as 原职称 in
reconfirmation, replacement and transfer applications.

The certificates app registers its source (certificates issued here and historical ones an
office verified) when it starts, so that applications need not import a higher app.
"""

from collections.abc import Callable
from typing import Any

_sources: list[Callable[[Any], Any]] = []


def register(source: Callable[[Any], Any]) -> None:
    if source not in _sources:
        _sources.append(source)


def held_titles(person: Any, limit: int = 20) -> list[Any]:
    titles: list[Any] = []
    for source in _sources:
        titles += list(source(person)[:limit])
    return titles[:limit]
