"""Alipay (支付宝开放平台, RSA2) through python-alipay-sdk: page pay on desktops, WAP pay on
phones; asynchronous notifications verified with the Alipay public key; query, refund, close.

Settings: ``ALIPAY_APP_ID``, ``ALIPAY_APP_PRIVATE_KEY`` and ``ALIPAY_PUBLIC_KEY`` (PEM text),
``ALIPAY_SANDBOX`` (Alipay's own test environment).
"""

from decimal import Decimal, InvalidOperation
from functools import cached_property
from urllib.parse import parse_qsl

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .base import (
    NOT_CONFIGURED,
    Answer,
    Gateway,
    GatewayError,
    NotificationError,
    ParsedNotification,
    QueryResult,
    RefundResult,
    StartResult,
    register,
)

PAID_STATES = {"TRADE_SUCCESS", "TRADE_FINISHED"}
SUCCESS_CODE = "10000"


def money(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise NotificationError("malformed", "amount is not a number") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise NotificationError("malformed", "amount is not yuan with two places")
    return amount


@register
class AlipayGateway(Gateway):
    code = "alipay"
    label = _("Alipay")

    def app_id(self) -> str:
        return settings.ALIPAY_APP_ID

    def keys(self) -> tuple[str, str]:
        """(the app's private key, the platform's public key), PEM."""
        return settings.ALIPAY_APP_PRIVATE_KEY, settings.ALIPAY_PUBLIC_KEY

    @property
    def merchant_id(self) -> str:
        return self.app_id()

    def is_configured(self) -> bool:
        return bool(self.app_id() and all(self.keys()))

    @cached_property
    def client(self):
        from alipay import AliPay

        private_key, public_key = self.keys()
        if not (self.app_id() and private_key and public_key):
            raise GatewayError(NOT_CONFIGURED)
        return AliPay(
            appid=self.app_id(),
            app_private_key_string=private_key,
            alipay_public_key_string=public_key,
            sign_type="RSA2",
            debug=getattr(settings, "ALIPAY_SANDBOX", False),
        )

    def gateway_url(self) -> str:
        return self.client._gateway

    def start(
        self, order, *, return_url: str, notify_url: str, mobile: bool, client_ip: str = ""
    ) -> StartResult:
        pay = (
            self.client.api_alipay_trade_wap_pay
            if mobile
            else self.client.api_alipay_trade_page_pay
        )
        query = pay(
            subject=order.item_name,
            out_trade_no=order.number,
            total_amount=str(order.amount),
            return_url=return_url,
            notify_url=notify_url,
        )
        return StartResult(redirect=f"{self.gateway_url()}?{query}")

    def parse_notification(self, body: bytes, headers: dict[str, str]) -> ParsedNotification:
        try:
            data = dict(
                parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            )
        except (UnicodeDecodeError, ValueError):
            raise NotificationError("malformed", "not a form body") from None
        signature = data.pop("sign", "")
        if not signature:
            raise NotificationError("bad_signature", "no signature")
        try:
            verified = self.client.verify(data, signature)
        except Exception:  # a signature that is not base64, a foreign sign type
            verified = False
        if not verified:
            raise NotificationError("bad_signature", "signature does not verify")
        for name in ("out_trade_no", "total_amount", "app_id"):
            if not data.get(name):
                raise NotificationError("malformed", f"{name} missing")
        return ParsedNotification(
            order_number=data["out_trade_no"],
            serial_number=data.get("trade_no", ""),
            amount=money(data["total_amount"]),
            merchant=data["app_id"],
            success=data.get("trade_status") in PAID_STATES,
        )

    def answer(self, accepted: bool) -> Answer:
        # Alipay stops retrying on the plain text "success"; anything else is sent again.
        return Answer(status=200, body="success" if accepted else "fail")

    def _call(self, method, **kwargs) -> dict:
        try:
            return method(**kwargs)
        except Exception as error:  # network down, a refused or unverified answer
            raise GatewayError(_("Alipay could not be reached; please try again later.")) from error

    def query(self, order) -> QueryResult:
        result = self._call(self.client.api_alipay_trade_query, out_trade_no=order.number)
        if result.get("code") != SUCCESS_CODE:
            return QueryResult(paid=False)
        return QueryResult(
            paid=result.get("trade_status") in PAID_STATES,
            serial_number=result.get("trade_no", ""),
            amount=money(result.get("total_amount", "0")),
            merchant=self.app_id(),
        )

    def refund(self, order, *, refund_number: str, amount: Decimal, reason: str) -> RefundResult:
        result = self._call(
            self.client.api_alipay_trade_refund,
            refund_amount=str(amount),
            out_trade_no=order.number,
            out_request_no=refund_number,
            refund_reason=reason,
        )
        ok = result.get("code") == SUCCESS_CODE
        return RefundResult(
            succeeded=ok,
            reference=result.get("trade_no", ""),
            detail="" if ok else str(result.get("sub_msg") or result.get("msg", "")),
        )

    def close(self, order) -> None:
        self._call(self.client.api_alipay_trade_close, out_trade_no=order.number)


@register
class AlipayQrGateway(AlipayGateway):
    """支付宝扫码: the order is pre-created at Alipay (alipay.trade.precreate) and the payer scans
    the code it answers with the Alipay app, on any screen. Notifications, queries, refunds and
    closing are those of Alipay."""

    code = "alipay_qr"
    label = _("Alipay (scan a code)")

    def start(
        self, order, *, return_url: str, notify_url: str, mobile: bool, client_ip: str = ""
    ) -> StartResult:
        result = self._call(
            self.client.api_alipay_trade_precreate,
            subject=order.item_name,
            out_trade_no=order.number,
            total_amount=str(order.amount),
            notify_url=notify_url,
        )
        if result.get("code") != SUCCESS_CODE or not result.get("qr_code"):
            raise GatewayError(_("Alipay could not be reached; please try again later."))
        if result.get("out_trade_no") not in (None, order.number):
            raise GatewayError(_("Alipay could not be reached; please try again later."))
        return StartResult(qr=result["qr_code"])
