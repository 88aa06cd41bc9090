"""The sandbox gateway (沙箱, DEBUG only): the whole payment can be clicked through locally.

It speaks Alipay's RSA2 protocol with a key pair generated on this machine: its pay page
signs a notification with the "platform" key, and the notification goes through the same
``services.notification_receive`` and the same verification as one from Alipay.
"""

import base64
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .alipay import AlipayGateway
from .base import QueryResult, RefundResult, StartResult, register

APP_ID = "sandbox-app"
_key_cache: dict[str, rsa.RSAPrivateKey] = {}


def sandbox_key() -> rsa.RSAPrivateKey:
    """The local key, kept in ``PAYMENT_SANDBOX_KEY_FILE`` (made on first use)."""
    path = Path(settings.PAYMENT_SANDBOX_KEY_FILE)
    if str(path) in _key_cache:
        return _key_cache[str(path)]
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
    assert isinstance(key, rsa.RSAPrivateKey)
    _key_cache[str(path)] = key
    return key


def pem_private(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def pem_public(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def rsa2_sign(key: rsa.RSAPrivateKey, params: dict[str, str]) -> str:
    """Alipay's RSA2 signature: SHA256withRSA over the sorted ``k=v`` pairs joined by ``&``."""
    message = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in ("sign",))
    signature = key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def signed_notification(
    key: rsa.RSAPrivateKey,
    *,
    app_id: str,
    order_number: str,
    amount,
    serial_number: str,
    trade_status: str = "TRADE_SUCCESS",
) -> bytes:
    """An Alipay-format asynchronous notification, signed with ``key``."""
    params = {
        "notify_time": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "notify_type": "trade_status_sync",
        "notify_id": get_random_string(32),
        "app_id": app_id,
        "charset": "utf-8",
        "version": "1.0",
        "trade_no": serial_number,
        "out_trade_no": order_number,
        "total_amount": str(amount),
        "trade_status": trade_status,
    }
    sign_input = dict(params)
    params["sign"] = rsa2_sign(key, sign_input)
    params["sign_type"] = "RSA2"
    return urlencode(params).encode()


@register
class SandboxGateway(AlipayGateway):
    code = "sandbox"
    label = _("Sandbox (test)")

    def app_id(self) -> str:
        return APP_ID

    def keys(self) -> tuple[str, str]:
        key = sandbox_key()
        return pem_private(key), pem_public(key)

    def start(
        self, order, *, return_url: str, notify_url: str, mobile: bool, client_ip: str = ""
    ) -> StartResult:
        return StartResult(
            redirect=reverse("payments:sandbox_pay", kwargs={"number": order.number})
        )

    def pay(self, order) -> bytes:
        """What the sandbox "platform" sends once the tester pays: a signed notification."""
        serial = (
            "SB"
            + timezone.localtime().strftime("%Y%m%d%H%M%S")
            + get_random_string(8, allowed_chars="0123456789")
        )
        return signed_notification(
            sandbox_key(),
            app_id=APP_ID,
            order_number=order.number,
            amount=order.amount,
            serial_number=serial,
        )

    def query(self, order) -> QueryResult:
        # The sandbox keeps no trades of its own: what it paid it has already notified.
        return QueryResult(paid=False)

    def refund(self, order, *, refund_number: str, amount: Decimal, reason: str) -> RefundResult:
        return RefundResult(succeeded=True, reference="SBR" + refund_number)

    def close(self, order) -> None:
        return None
