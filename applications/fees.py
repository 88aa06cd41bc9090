"""Fees of applications, as the payments app tells them: the fee due on each card of the
applicant's list and the fee's rows in the progress timeline.

The payments app registers both when it starts, so that applications need not import a
higher app. Without it, cards carry no fee and the timeline no fee rows.
"""

from collections.abc import Callable
from typing import Any

_hooks: dict[str, Callable[..., Any]] = {}


def register(*, with_fees: Callable[..., Any], timeline: Callable[..., Any]) -> None:
    _hooks["with_fees"] = with_fees
    _hooks["timeline"] = timeline


def with_fees(person: Any, applications: list[Any]) -> list[Any]:
    """``applications`` with their fees attached (a constant number of queries)."""
    hook = _hooks.get("with_fees")
    return hook(person, applications) if hook else applications


def fee_timeline(role_context: Any, person: Any, application: Any) -> list[dict]:
    """Timeline rows of the application's fee notice, payment and refunds."""
    hook = _hooks.get("timeline")
    return list(hook(role_context, person, application)) if hook else []
