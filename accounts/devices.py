"""Known devices of staff: who must type an SMS code before their sign-in completes.

Unit, department, office and committee staff (any enabled reviewer role) signing in from a
browser, or a network, not seen with a verified code within STAFF_DEVICE_REMEMBER_DAYS are
asked for a code sent to their registered mobile number (``accounts.stages.NewDeviceStage``).
0 days turns the check off (the test settings do; tests turn it on).
"""

import datetime
import hashlib
import ipaddress
import re
import secrets

from django.conf import settings
from django.core import signing
from django.utils import timezone

from titleportal.client_ip import client_ip

from .models import KnownDevice, User

COOKIE_NAME = "tp_device"
COOKIE_SALT = "accounts.devices"
MAX_NETWORKS = 20


def remember_days() -> int:
    return int(getattr(settings, "STAFF_DEVICE_REMEMBER_DAYS", 0) or 0)


def needs_check(user: User) -> bool:
    """Whether ``user`` signs in with a reviewer role (enabled staff of an organisation)."""
    from .selectors import available_role_contexts

    if not remember_days() or user.kind != User.Kind.PERSON:
        return False
    return any(context.is_reviewer for context in available_role_contexts(user))


def browser_key(request) -> str:
    """The user agent without version numbers: an updated browser is the same device."""
    agent = request.headers.get("user-agent", "")[:1000]
    return re.sub(r"[\d._]+", "", agent)[:300]


def network_of(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:45]
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


BROWSERS = [("Edg/", "Edge"), ("360", "360浏览器"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome")]
SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS", "macOS"),
    ("Linux", "Linux"),
]


def describe(request) -> str:
    """ "Chrome · Windows" from the user agent, for the person's list of devices."""
    agent = request.headers.get("user-agent", "")
    browser = next((name for mark, name in BROWSERS if mark in agent), "")
    if not browser and "Safari/" in agent:
        browser = "Safari"
    system = next((name for mark, name in SYSTEMS if mark in agent), "")
    return " · ".join(part for part in (browser, system) if part) or agent[:60] or "?"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cookie_token(request) -> str | None:
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return None
    try:
        return signing.loads(value, salt=COOKIE_SALT)
    except signing.BadSignature:
        return None


def device_of(request, user: User) -> KnownDevice | None:
    """The unexpired device record of ``user`` for this browser (whatever the network)."""
    token = cookie_token(request)
    if not token:
        return None
    return (
        KnownDevice.objects.filter(
            user=user,
            token_hash=_hash(token),
            browser=browser_key(request),
            expires_at__gt=timezone.now(),
        )
        .order_by("-last_seen_at")
        .first()
    )


def is_known(request, user: User) -> bool:
    """This browser and network were verified for ``user``; the sign-in is noted."""
    device = device_of(request, user)
    address = client_ip(request)
    if device is None or network_of(address) not in device.networks:
        return False
    device.last_seen_at = timezone.now()
    device.last_address = address[:45]
    device.save(update_fields=["last_seen_at", "last_address"])
    return True


def remember(request, response, user: User) -> KnownDevice:
    """After a verified code: this browser and network are known for ``user`` for the next
    STAFF_DEVICE_REMEMBER_DAYS; the cookie goes out with ``response``."""
    now = timezone.now()
    days = remember_days() or 1
    token = cookie_token(request) or secrets.token_urlsafe(32)
    address = client_ip(request)
    device = device_of(request, user)
    if device is None:
        device = KnownDevice(
            user=user, token_hash=_hash(token), browser=browser_key(request), networks=[]
        )
    network = network_of(address)
    if network not in device.networks:
        device.networks = [*device.networks, network][-MAX_NETWORKS:]
    device.label = describe(request)[:100]
    device.last_address = address[:45]
    device.last_seen_at = now
    device.expires_at = now + datetime.timedelta(days=days)
    device.save()
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(token, salt=COOKIE_SALT),
        max_age=days * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return device


def devices_of(user: User):
    return KnownDevice.objects.filter(user=user, expires_at__gt=timezone.now())


def current_device_id(request) -> int | None:
    if not request.user.is_authenticated:
        return None
    device = device_of(request, request.user)
    return device.pk if device else None
