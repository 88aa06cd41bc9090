"""Acts on applications that higher apps want to hear of, without this app importing them.

A higher app (payments: a fee order when the committee accepts, a refund when an application
is rejected) subscribes a listener to an action code when it starts; ``emit`` calls the
listeners inside the transaction of the act, so what they write stands or falls with it.
``actionlog.record`` emits every logged act; other acts (a mailing requested) emit their own.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Listener = Callable[..., None]
_listeners: dict[str, list[Listener]] = defaultdict(list)


def subscribe(action: str, listener: Listener) -> None:
    if listener not in _listeners[action]:
        _listeners[action].append(listener)


def emit(action: str, *, application: Any, actor: Any = None, **details: Any) -> None:
    for listener in list(_listeners.get(action, ())):
        listener(application=application, actor=actor, action=action, **details)
