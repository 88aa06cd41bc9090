"""Limits of the password recovery flows: every step counts per target and per client address.

Each step has an action in ACCOUNT_RATE_LIMITS with a rate per client address ("ip", the
address of ``titleportal.client_ip`` through the account adapter) and one per target ("key":
the account, mobile number, email or unit the step is about). allauth's limiter keeps the
counts in the cache, shared between app servers with REDIS_URL. A step counts the same
whether or not its target exists, so a refusal says nothing about the target either.
"""

from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The recovery actions' windows are an hour (settings.ACCOUNT_RATE_LIMITS).
LIMITED_MESSAGE = _("Too many attempts. Try again in an hour.")


def target(kind: str, value) -> str:
    """The limiter key of a target: ``phone:13800000001``, ``unit:5``, ``email:a@b.cn``."""
    return f"{kind}:{str(value).strip().lower()}"


def check_attempt(request, action: str, key: str, *, dry_run: bool = False) -> None:
    """Count one attempt of ``action`` on ``key``; raise ValidationError when a limit refuses
    it. ``dry_run`` only asks (for a step whose counting allauth does itself)."""
    if not ratelimit.consume(request, action=action, key=key, dry_run=dry_run):
        raise ValidationError(LIMITED_MESSAGE, code="limited")
