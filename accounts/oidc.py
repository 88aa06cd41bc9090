"""Sign-in through a unified identity platform (OpenID Connect, django-allauth's
``openid_connect`` provider; settings OIDC_*).

* The platform's account is matched to a portal account by the document number it returns,
  and only when it says the number is verified (real-name checked): the first sign-in links
  the person's existing account, or creates one with that number. Without a verified number
  nobody is signed in and nothing is linked.
* The platform's real-name level is stored on the account at every sign-in through it.
* A linked account keeps its password and phone, so password and SMS sign-in keep working.
* A platform that does not answer (or answers nonsense) sends the person back to the sign-in
  page with a message; the other ways to sign in are right there.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from requests import RequestException

from titleportal.validators import (
    IdType,
    is_mobile,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
)

from .models import User

logger = logging.getLogger(__name__)

PROVIDER_DOWN = _(
    "%(platform)s is not answering right now. Please try again later, or sign in with your "
    "account and password or by SMS."
)
SIGN_IN_FAILED = _(
    "Signing in through %(platform)s did not succeed. Please try again, or sign in with your "
    "account and password or by SMS."
)
SIGN_IN_CANCELLED = _("Signing in through %(platform)s was cancelled.")
NUMBER_NOT_VERIFIED = _(
    "%(platform)s has not verified the document number of this account, so it cannot sign "
    "you in here. Complete the real-name verification on %(platform)s, or sign in with your "
    "account and password or by SMS."
)
NUMBER_MISSING = _(
    "%(platform)s did not give a valid document number for this account, so it cannot sign "
    "you in here. Sign in with your account and password or by SMS."
)
NOT_A_PERSON = _(
    "The document number given by %(platform)s belongs to an account that cannot sign in "
    "this way. Sign in with your account and password."
)


def configured() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID and settings.OIDC_CLIENT_SECRET)


def platform_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def login_url() -> str:
    return reverse("oidc_login", kwargs={"provider_id": settings.OIDC_PROVIDER_ID})


def claims_of(sociallogin: SocialLogin) -> dict[str, Any]:
    """What the platform said about the person: the ID token, completed by userinfo."""
    data = sociallogin.account.extra_data or {}
    merged: dict[str, Any] = {}
    for part in ("id_token", "userinfo"):
        if isinstance(data.get(part), dict):
            merged.update(data[part])
    return merged


def _claim(claims: dict[str, Any], key: str) -> Any:
    return claims.get(settings.OIDC_CLAIMS[key])


def _is_true(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}


def _text(value: Any, limit: int) -> str:
    return str(value).strip()[:limit] if value not in (None, "") else ""


def _back_to_sign_in(request: HttpRequest, text: Any) -> ImmediateHttpResponse:
    messages.error(request, text % {"platform": platform_name()})
    return ImmediateHttpResponse(HttpResponseRedirect(reverse("account_login")))


def verified_document(claims: dict[str, Any]) -> tuple[str, str] | None:
    """The (type, number) the platform vouches for, or None when it does not.

    Raises ValueError when the platform claims a verified number that is not a valid one."""
    if not _is_true(_claim(claims, "id_verified")):
        return None
    id_type = _text(_claim(claims, "id_type"), 20) or IdType.RESIDENT_ID
    number = normalize_id_number(_text(_claim(claims, "id_number"), 40))
    if id_type not in IdType.values or not number:
        raise ValueError("no usable document")
    try:
        validate_id_number(id_type, number)
    except ValidationError as invalid:
        raise ValueError("invalid document number") from invalid
    return id_type, number


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        # Only the name here: the username, document and contacts are set in pre_social_login,
        # once the platform's claims have been checked.
        user = sociallogin.user
        user.full_name = _text(_claim(claims_of(sociallogin), "name") or data.get("name"), 100)
        return user

    def pre_social_login(self, request, sociallogin):
        claims = claims_of(sociallogin)
        level = _text(_claim(claims, "real_name_level"), 32)
        if sociallogin.is_existing:
            _record_level(sociallogin.user, level)
            return
        try:
            document = verified_document(claims)
        except ValueError:
            logger.warning("The identity platform gave an unusable document for a sign-in")
            raise _back_to_sign_in(request, NUMBER_MISSING) from None
        if document is None:
            raise _back_to_sign_in(request, NUMBER_NOT_VERIFIED)
        id_type, number = document
        existing = User.objects.filter(id_type=id_type, id_number=number).first()
        if existing is not None:
            if existing.kind != User.Kind.PERSON:
                raise _back_to_sign_in(request, NOT_A_PERSON)
            existing.real_name_level = level
            existing.real_name_checked_at = timezone.now()
            # Saves the link; allauth then signs the person in to their own account.
            sociallogin.connect(request, existing)
            return
        user = sociallogin.user
        user.kind = User.Kind.PERSON
        user.id_type = id_type
        user.id_number = number
        user.real_name_level = level
        user.real_name_checked_at = timezone.now()
        user.email = _free_email(claims)
        user.phone, user.phone_verified = _free_phone(claims)
        # The platform's addresses are not copied as allauth e-mail rows; the account's own
        # email field is the one address (see _free_email).
        sociallogin.email_addresses = []

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        user.set_unusable_password()
        sociallogin.save(request)
        return user

    def is_open_for_signup(self, request, sociallogin):
        return True

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if error == AuthError.CANCELLED:
            raise _back_to_sign_in(request, SIGN_IN_CANCELLED)
        if exception is not None:
            logger.warning("Sign-in through the identity platform failed: %r", exception)
        text = PROVIDER_DOWN if isinstance(exception, RequestException) else SIGN_IN_FAILED
        raise _back_to_sign_in(request, text)


def _record_level(user: User, level: str) -> None:
    user.real_name_level = level
    user.real_name_checked_at = timezone.now()
    user.save(update_fields=["real_name_level", "real_name_checked_at"])


def _free_email(claims: dict[str, Any]) -> str | None:
    email = _text(claims.get("email"), 254).lower()
    if not email or not _is_true(claims.get("email_verified")):
        return None
    return None if User.objects.filter(email=email).exists() else email


def _free_phone(claims: dict[str, Any]) -> tuple[str | None, bool]:
    raw = _text(claims.get("phone_number"), 32)
    if not raw or not _is_true(claims.get("phone_number_verified")):
        return None, False
    if not is_mobile(raw):
        return None, False
    phone = normalize_mobile(raw)
    if User.objects.filter(phone=phone).exists():
        return None, False
    return phone, True


# --- views: allauth's, with an unreachable platform turned into a message -------------------

_PLATFORM_ERRORS = (RequestException, OAuth2Error, KeyError, ValueError)


def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Starts the sign-in: allauth reads the platform's discovery document first."""
    try:
        return oidc_views.login(request, provider_id)
    except _PLATFORM_ERRORS as error:
        logger.warning("The identity platform did not answer the sign-in: %r", error)
        messages.error(request, PROVIDER_DOWN % {"platform": platform_name()})
        return HttpResponseRedirect(reverse("account_login"))


def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        return oidc_views.callback(request, provider_id)
    except _PLATFORM_ERRORS as error:
        logger.warning("The identity platform's answer could not be used: %r", error)
        messages.error(request, SIGN_IN_FAILED % {"platform": platform_name()})
        return HttpResponseRedirect(reverse("account_login"))
