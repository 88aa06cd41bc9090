"""Payment gateways behind one interface (``base.Gateway``) and a registry chosen by settings.

``PAYMENT_GATEWAYS`` lists the codes offered to payers (``alipay``, ``wechat``; ``sandbox``
only while DEBUG is on). The offline gateway is always there for staff confirmations.
"""

from .base import (
    Gateway,
    GatewayError,
    NotificationError,
    ParsedNotification,
    QueryResult,
    RefundResult,
    StartResult,
    get,
    offered,
    register,
)

__all__ = [
    "Gateway",
    "GatewayError",
    "NotificationError",
    "ParsedNotification",
    "QueryResult",
    "RefundResult",
    "StartResult",
    "get",
    "offered",
    "register",
]
