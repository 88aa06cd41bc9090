"""Writes on accounts that are not allauth's own flows."""

import logging

from allauth.account import signals as allauth_signals
from django.db import transaction
from django.http import HttpRequest

from titleportal.validators import normalize_mobile

from .models import User

logger = logging.getLogger(__name__)


def security_question_change(*, actor: User, question: str, answer: str) -> None:
    """修改密保问题: the person sets a new question and answer (the answer is hashed)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.security_question = question
        user.set_security_answer(answer)
        user.save(update_fields=["security_question", "security_answer"])
    logger.info("security question changed for account %s", actor.pk)


def email_change(*, actor: User, email: str) -> None:
    """更换邮箱, after the code sent to the new address was typed in: it is verified."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.email = email
        user.save(update_fields=["email"])
        EmailAddress.objects.filter(user=user).delete()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    logger.info("email changed for account %s", actor.pk)


def password_reset(
    *, request: HttpRequest, user: User, password: str, verified_phone: str | None = None
) -> None:
    """Set a new password after the person proved who they are (SMS code or security answer).

    Other sessions of the account end (Django checks the password hash on every request),
    and the sign-in lock of the account is lifted. A code received on the registered phone
    also confirms that number.
    """
    from allauth.account.adapter import get_adapter

    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        fields = ["password"]
        if verified_phone and normalize_mobile(verified_phone) == locked.phone:
            locked.phone_verified = True
            fields.append("phone_verified")
        locked.save(update_fields=fields)
    get_adapter(request).clear_login_failures(request, locked)
    allauth_signals.password_reset.send(sender=User, request=request, user=locked)
    logger.info("password reset for account %s", user.pk)
