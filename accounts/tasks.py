"""Work of the accounts app that runs in the task worker (``manage.py db_worker``)."""

import logging

from django.tasks import task

from titleportal.sms import SMSError, deliver_verification_code

logger = logging.getLogger(__name__)


@task()
def send_code_sms(user_id: int | None, phone: str, code: str) -> str:
    """Send a recovery code queued by ``CodeChallenge.start``. The request queued it for
    registered and unknown numbers alike; only an active account's number gets the SMS."""
    from .models import User

    if user_id is None or not User.objects.filter(pk=user_id, is_active=True).exists():
        return "nobody"
    try:
        deliver_verification_code(phone, code)
    except SMSError:
        logger.exception("code SMS to %s failed", phone[:3] + "****")
        return "failed"
    return "sent"
