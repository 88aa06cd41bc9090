"""The interface every gateway implements, and the registry of gateways."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.utils.translation import gettext_lazy as _


class GatewayError(Exception):
    """The gateway could not be reached or refused a call; the message is for people."""


class NotificationError(Exception):
    """A notification that must not pay anything: ``result`` is a ``NotificationResult``."""

    def __init__(self, result: str, detail: str = ""):
        super().__init__(detail or result)
        self.result = result
        self.detail = detail


@dataclass(frozen=True)
class ParsedNotification:
    """What a notification whose signature verified says."""

    order_number: str
    serial_number: str
    amount: Decimal
    merchant: str  # app id (Alipay) or merchant id (WeChat Pay) it was sent for
    success: bool


@dataclass(frozen=True)
class StartResult:
    """How the payer goes on: to a URL (``redirect``) or by scanning ``qr`` content."""

    redirect: str = ""
    qr: str = ""


@dataclass(frozen=True)
class QueryResult:
    paid: bool
    serial_number: str = ""
    amount: Decimal | None = None
    merchant: str = ""


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    reference: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Answer:
    """What the notification endpoint answers, in the format the gateway expects."""

    status: int
    body: str = ""
    content_type: str = "text/plain"
    extra: dict[str, Any] = field(default_factory=dict)


class Gateway:
    code: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    online: ClassVar[bool] = True  # the payer pays through it (not staff confirming)

    @property
    def merchant_id(self) -> str:
        raise NotImplementedError

    def is_configured(self) -> bool:
        return True

    def start(
        self, order, *, return_url: str, notify_url: str, mobile: bool, client_ip: str = ""
    ) -> StartResult:
        raise NotImplementedError

    def parse_notification(self, body: bytes, headers: dict[str, str]) -> ParsedNotification:
        """Verify and read a notification; raise ``NotificationError`` if it fails."""
        raise NotImplementedError

    def answer(self, accepted: bool) -> Answer:
        raise NotImplementedError

    def query(self, order) -> QueryResult:
        raise NotImplementedError

    def refund(self, order, *, refund_number: str, amount: Decimal, reason: str) -> RefundResult:
        raise NotImplementedError

    def close(self, order) -> None:
        raise NotImplementedError


_registry: dict[str, type[Gateway]] = {}


def register(gateway: type[Gateway]) -> type[Gateway]:
    _registry[gateway.code] = gateway
    return gateway


def get(code: str) -> Gateway:
    """The gateway of ``code``; ``KeyError`` for one unknown or not enabled here."""
    from . import alipay, offline, sandbox, wechat  # noqa: F401  (they register themselves)

    if code not in enabled_codes():
        raise KeyError(code)
    return _registry[code]()


def enabled_codes() -> list[str]:
    codes = [
        code for code in settings.PAYMENT_GATEWAYS if code != "sandbox" or settings.PAYMENT_SANDBOX
    ]
    return [*codes, "offline"]


def offered() -> list[Gateway]:
    """The gateways a payer may choose from."""
    gateways = []
    for code in enabled_codes():
        try:
            gateway = get(code)
        except KeyError:
            continue
        if gateway.online and gateway.is_configured():
            gateways.append(gateway)
    return gateways


def label_of(code: str) -> str:
    from . import alipay, offline, sandbox, wechat  # noqa: F401

    gateway = _registry.get(code)
    return str(gateway.label) if gateway else code


NOT_CONFIGURED = _("This payment channel is not configured.")
