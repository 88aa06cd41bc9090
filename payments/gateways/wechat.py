"""WeChat Pay API v3 (微信支付): Native (a QR code to scan) on desktops, H5 on phones.

A thin adapter over ``cryptography``: requests are signed with the merchant's private key
(``WECHATPAY2-SHA256-RSA2048``); notifications and answers are verified with the platform
certificate named by ``Wechatpay-Serial`` (RSA-SHA256 over ``timestamp\\nnonce\\nbody\\n``),
and a notification's resource is decrypted with the APIv3 key (AEAD_AES_256_GCM).

Settings: ``WECHATPAY_MCH_ID``, ``WECHATPAY_APP_ID``, ``WECHATPAY_API_V3_KEY`` (32 characters),
``WECHATPAY_PRIVATE_KEY`` (PEM), ``WECHATPAY_CERT_SERIAL_NO`` (the merchant certificate's
serial), ``WECHATPAY_PLATFORM_CERTIFICATES`` (PEM text of one or more platform certificates).
"""

import base64
import json
import time
import urllib.error
import urllib.request
from decimal import Decimal
from functools import cached_property

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import get_random_string
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

API = "https://api.mch.weixin.qq.com"
MAX_CLOCK_SKEW = 300  # seconds: an older signed notification is a replay


def fen_to_yuan(fen) -> Decimal:
    if not isinstance(fen, int) or isinstance(fen, bool) or fen <= 0:
        raise NotificationError("malformed", "amount is not a whole number of fen")
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def yuan_to_fen(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def sign_message(key: rsa.RSAPrivateKey, message: str) -> str:
    return base64.b64encode(
        key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    ).decode()


def platform_certificates(pem: str) -> dict[str, x509.Certificate]:
    """Platform certificates by serial number (upper-case hex, as in ``Wechatpay-Serial``)."""
    certificates = x509.load_pem_x509_certificates(pem.encode()) if pem.strip() else []
    return {format(cert.serial_number, "X"): cert for cert in certificates}


def decrypt_resource(api_v3_key: str, resource: dict) -> dict:
    try:
        plain = AESGCM(api_v3_key.encode()).decrypt(
            resource["nonce"].encode(),
            base64.b64decode(resource["ciphertext"]),
            (resource.get("associated_data") or "").encode(),
        )
        return json.loads(plain)
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise NotificationError("bad_signature", "resource does not decrypt") from None


@register
class WeChatPayGateway(Gateway):
    code = "wechat"
    label = _("WeChat Pay")

    @property
    def merchant_id(self) -> str:
        return settings.WECHATPAY_MCH_ID

    def is_configured(self) -> bool:
        return bool(
            settings.WECHATPAY_MCH_ID
            and settings.WECHATPAY_APP_ID
            and settings.WECHATPAY_API_V3_KEY
            and settings.WECHATPAY_PRIVATE_KEY
            and settings.WECHATPAY_PLATFORM_CERTIFICATES
        )

    @cached_property
    def private_key(self) -> rsa.RSAPrivateKey:
        if not (settings.WECHATPAY_MCH_ID and settings.WECHATPAY_PRIVATE_KEY):
            raise GatewayError(NOT_CONFIGURED)
        key = serialization.load_pem_private_key(settings.WECHATPAY_PRIVATE_KEY.encode(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key

    @cached_property
    def certificates(self) -> dict[str, x509.Certificate]:
        return platform_certificates(settings.WECHATPAY_PLATFORM_CERTIFICATES)

    # --- signatures ---------------------------------------------------------------------

    def verify(self, headers: dict[str, str], body: bytes, *, check_time: bool = True) -> None:
        lower = {k.lower(): v for k, v in headers.items()}
        timestamp = lower.get("wechatpay-timestamp", "")
        nonce = lower.get("wechatpay-nonce", "")
        signature = lower.get("wechatpay-signature", "")
        certificate = self.certificates.get(lower.get("wechatpay-serial", "").upper())
        if not (timestamp and nonce and signature) or certificate is None:
            raise NotificationError("bad_signature", "no signature or unknown platform serial")
        if check_time and (
            not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW
        ):
            raise NotificationError("bad_signature", "timestamp too far from now (replay)")
        message = f"{timestamp}\n{nonce}\n{body.decode('utf-8', 'replace')}\n".encode()
        public_key = certificate.public_key()
        assert isinstance(public_key, rsa.RSAPublicKey)
        try:
            public_key.verify(
                base64.b64decode(signature), message, padding.PKCS1v15(), hashes.SHA256()
            )
        except (InvalidSignature, ValueError):
            raise NotificationError("bad_signature", "signature does not verify") from None

    def authorization(self, method: str, path: str, body: str) -> str:
        timestamp = str(int(time.time()))
        nonce = get_random_string(32)
        signature = sign_message(
            self.private_key, f"{method}\n{path}\n{timestamp}\n{nonce}\n{body}\n"
        )
        return (
            f'WECHATPAY2-SHA256-RSA2048 mchid="{self.merchant_id}",nonce_str="{nonce}",'
            f'signature="{signature}",timestamp="{timestamp}",'
            f'serial_no="{settings.WECHATPAY_CERT_SERIAL_NO}"'
        )

    def request(self, method: str, path: str, payload: dict | None = None) -> dict:
        body = json.dumps(payload, ensure_ascii=False) if payload is not None else ""
        request = urllib.request.Request(  # noqa: S310 (a fixed https address)
            API + path,
            data=body.encode() if payload is not None else None,
            method=method,
            headers={
                "Authorization": self.authorization(method, path, body),
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                raw = response.read()
                headers = dict(response.headers.items())
        except urllib.error.HTTPError as error:
            raw, headers = error.read(), dict(error.headers.items())
            if error.code >= 500:
                raise GatewayError(
                    _("WeChat Pay could not be reached; please try again later.")
                ) from error
        except OSError as error:
            raise GatewayError(
                _("WeChat Pay could not be reached; please try again later.")
            ) from error
        if raw:
            try:
                self.verify(headers, raw, check_time=False)
            except NotificationError as error:
                raise GatewayError(_("The answer of WeChat Pay did not verify.")) from error
        return json.loads(raw) if raw else {}

    # --- the interface ------------------------------------------------------------------

    def start(
        self, order, *, return_url: str, notify_url: str, mobile: bool, client_ip: str = ""
    ) -> StartResult:
        payload = {
            "appid": settings.WECHATPAY_APP_ID,
            "mchid": self.merchant_id,
            "description": order.item_name,
            "out_trade_no": order.number,
            "notify_url": notify_url,
            "amount": {"total": yuan_to_fen(order.amount), "currency": "CNY"},
        }
        if mobile:
            # H5 pay requires the payer's own address (WeChat checks it against the page).
            payload["scene_info"] = {
                "payer_client_ip": client_ip or "127.0.0.1",
                "h5_info": {"type": "Wap"},
            }
            result = self.request("POST", "/v3/pay/transactions/h5", payload)
            if not result.get("h5_url"):
                raise GatewayError(str(result.get("message") or NOT_CONFIGURED))
            return StartResult(redirect=result["h5_url"])
        result = self.request("POST", "/v3/pay/transactions/native", payload)
        if not result.get("code_url"):
            raise GatewayError(str(result.get("message") or NOT_CONFIGURED))
        return StartResult(qr=result["code_url"])

    def parse_notification(self, body: bytes, headers: dict[str, str]) -> ParsedNotification:
        self.verify(headers, body)
        try:
            envelope = json.loads(body)
            resource = envelope["resource"]
        except (ValueError, KeyError, TypeError):
            raise NotificationError("malformed", "not a notification") from None
        data = decrypt_resource(settings.WECHATPAY_API_V3_KEY, resource)
        if not data.get("out_trade_no") or not isinstance(data.get("amount"), dict):
            raise NotificationError("malformed", "out_trade_no or amount missing")
        if data.get("appid") != settings.WECHATPAY_APP_ID:
            raise NotificationError("wrong_merchant", "app id does not match")
        return ParsedNotification(
            order_number=data["out_trade_no"],
            serial_number=data.get("transaction_id", ""),
            amount=fen_to_yuan(data["amount"].get("total")),
            merchant=data.get("mchid", ""),
            success=data.get("trade_state") == "SUCCESS",
        )

    def answer(self, accepted: bool) -> Answer:
        if accepted:
            return Answer(status=204)
        return Answer(
            status=400,
            body=json.dumps({"code": "FAIL", "message": "rejected"}),
            content_type="application/json",
        )

    def query(self, order) -> QueryResult:
        result = self.request(
            "GET", f"/v3/pay/transactions/out-trade-no/{order.number}?mchid={self.merchant_id}"
        )
        if result.get("trade_state") != "SUCCESS":
            return QueryResult(paid=False)
        return QueryResult(
            paid=True,
            serial_number=result.get("transaction_id", ""),
            amount=fen_to_yuan((result.get("amount") or {}).get("total")),
            merchant=result.get("mchid", ""),
        )

    def refund(self, order, *, refund_number: str, amount: Decimal, reason: str) -> RefundResult:
        result = self.request(
            "POST",
            "/v3/refund/domestic/refunds",
            {
                "out_trade_no": order.number,
                "out_refund_no": refund_number,
                "reason": reason[:80],
                "amount": {
                    "refund": yuan_to_fen(amount),
                    "total": yuan_to_fen(order.amount),
                    "currency": "CNY",
                },
            },
        )
        ok = result.get("status") in ("SUCCESS", "PROCESSING")
        return RefundResult(
            succeeded=ok,
            reference=result.get("refund_id", ""),
            detail=str(result.get("message", "")),
        )

    def close(self, order) -> None:
        self.request(
            "POST",
            f"/v3/pay/transactions/out-trade-no/{order.number}/close",
            {"mchid": self.merchant_id},
        )
