"""Panels that offer rows of a list section from elsewhere: 学历同步 in education, 同步省职业资格
证书信息 in titles and skill levels, 社保参保信息 in work history.

The registries app registers a panel for each of those sections when it starts, so that
applications need not import a higher app. A panel is a callable
``(request, application, section_key) -> str`` returning the HTML shown above the rows.
"""

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any, str], str]
_panels: dict[str, list[Panel]] = {}


def register(section_key: str, panel: Panel) -> None:
    panels = _panels.setdefault(section_key, [])
    if panel not in panels:
        panels.append(panel)


def panels_for(request: Any, application: Any, section_key: str) -> list[str]:
    return [panel(request, application, section_key) for panel in _panels.get(section_key, [])]
