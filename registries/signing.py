"""Signed requests to the registries: HMAC-SHA256 with the portal's app key and secret.

The string signed is the method, the path (with the base URL's own path), the timestamp
(Unix seconds), a nonce used once, and the body, joined by newlines::

    POST\\n/gateway/v1/education/records\\n1795409600\\n4f3c…\\n{"id_number": …}

and travels, hex-encoded, in ``X-Registry-Signature`` with ``X-Registry-App-Key``,
``X-Registry-Timestamp`` and ``X-Registry-Nonce``. The registry recomputes it, refuses a
timestamp far from its clock and a nonce it has seen.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping

APP_KEY = "X-Registry-App-Key"
TIMESTAMP = "X-Registry-Timestamp"
NONCE = "X-Registry-Nonce"
SIGNATURE = "X-Registry-Signature"


def string_to_sign(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    head = "\n".join([method.upper(), path, timestamp, nonce]).encode()
    return head + b"\n" + body


def signature(secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = string_to_sign(method, path, timestamp, nonce, body)
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(*, app_key: str, secret: str, method: str, path: str, body: bytes) -> dict[str, str]:
    """The headers of one request; a new timestamp and nonce every time (also on a retry)."""
    timestamp = str(int(time.time()))
    nonce = secrets.token_hex(16)
    return {
        APP_KEY: app_key,
        TIMESTAMP: timestamp,
        NONCE: nonce,
        SIGNATURE: signature(secret, method, path, timestamp, nonce, body),
    }


def verify(
    *,
    secret: str,
    method: str,
    path: str,
    headers: Mapping[str, str],
    body: bytes,
    max_skew: float = 300,
) -> bool:
    """What a registry (or a test server) checks: the signature, and a recent timestamp."""
    try:
        timestamp = headers[TIMESTAMP]
        nonce = headers[NONCE]
        given = headers[SIGNATURE]
    except KeyError:
        return False
    try:
        if abs(time.time() - int(timestamp)) > max_skew:
            return False
    except ValueError:
        return False
    expected = signature(secret, method, path, timestamp, nonce, body)
    return hmac.compare_digest(expected, given)
