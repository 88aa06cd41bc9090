"""The client address that every limit counts by (sign-in, SMS codes, certificate query).

Behind ``TRUSTED_PROXY_COUNT`` proxies that each append the address they received from to
X-Forwarded-For, the client is the N-th entry from the right: the entries to its left were
sent by the client itself and may be anything, so adding some cannot reset a limit. With no
trusted proxy the header is ignored and REMOTE_ADDR is the client.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "unknown"


def _address(value) -> str | None:
    text = str(value or "").strip()
    try:
        return ipaddress.ip_address(text).compressed
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = _address(request.META.get("REMOTE_ADDR")) or UNKNOWN
    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    header = request.headers.get("x-forwarded-for", "").strip()
    entries = header.split(",") if header else []
    if len(entries) < trusted:
        # Not through every proxy (a direct request, or a proxy that does not append):
        # only the address that connected is known.
        return remote
    return _address(entries[-trusted]) or remote
