"""Notifications: in-site messages (我的消息), with SMS and email for the events that need them.

``notify`` is called inside the transaction of the act it reports: the message row commits
with the act. SMS and email are sent by a task enqueued after the commit, so a failing
gateway never undoes or blocks the act; a failed send is retried with growing pauses
(``retry_deliveries`` command or the task worker) and shown to administrators.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.functional import Promise

from titleportal.sms import get_sms_backend

from .models import Delivery, Message

logger = logging.getLogger(__name__)
RETRY_PAUSES = [60, 300, 1800, 7200]  # seconds after the 1st, 2nd, 3rd, 4th failure


def notify(
    person,
    *,
    event: str,
    title: str | Promise,
    body: str | Promise = "",
    link: str = "",
    sms: bool = False,
    email: bool = False,
) -> Message:
    """Leave a message for ``person`` and, if asked, send it by SMS and email after commit."""
    message = Message.objects.create(
        recipient=person, event=event, title=str(title), body=str(body), link=link
    )
    deliveries = []
    if sms and person.phone:
        deliveries.append(
            Delivery(message=message, channel=Delivery.Channel.SMS, address=person.phone)
        )
    if email and person.email:
        deliveries.append(
            Delivery(message=message, channel=Delivery.Channel.EMAIL, address=person.email)
        )
    for delivery in Delivery.objects.bulk_create(deliveries):
        transaction.on_commit(lambda pk=delivery.pk: enqueue_delivery(pk))
    return message


def enqueue_delivery(delivery_id: int) -> None:
    try:
        deliver.enqueue(delivery_id)
    except Exception:  # the queue being down must not break the request that caused it
        logger.exception(
            "could not enqueue delivery %s; retry_deliveries will pick it up", delivery_id
        )


def _text(message: Message) -> str:
    portal = str(settings.PORTAL_NAME)
    return f"【{portal}】{message.title}" + (f"：{message.body}" if message.body else "")


def send_delivery(delivery: Delivery) -> None:
    message = delivery.message
    if message is None:  # an email of its own (a code someone waits for)
        email = EmailMultiAlternatives(
            subject=delivery.subject, body=delivery.body, to=[delivery.address]
        )
        if delivery.html_body:
            email.attach_alternative(delivery.html_body, "text/html")
        email.send()
    elif delivery.channel == Delivery.Channel.SMS:
        delivery.provider_id = get_sms_backend().send(delivery.address, _text(message))[:100]
    else:
        EmailMessage(
            subject=f"{settings.PORTAL_NAME}：{message.title}",
            body=message.body or message.title,
            to=[delivery.address],
        ).send()


def _forget_text(delivery: Delivery) -> None:
    """A code email keeps its text only while it may still be sent."""
    if delivery.message_id is None:
        delivery.body = delivery.html_body = ""


def send_email_now(email: EmailMessage, *, purpose: str, valid_for: int | None = None) -> Delivery:
    """An email someone is waiting for (a verification code): sent now, in the request.

    When the mail server does not answer, the email is kept as a pending delivery and
    retried like every notification (``retry_deliveries``), until ``valid_for`` seconds have
    passed (a code is useless after that). Never raises for a mail server that is down; the
    caller tells the person from the returned delivery's status.
    """
    html = next(
        (content for content, kind in getattr(email, "alternatives", []) if kind == "text/html"), ""
    )
    delivery = Delivery.objects.create(
        channel=Delivery.Channel.EMAIL,
        address=email.to[0],
        purpose=purpose[:100],
        subject=email.subject[:255],
        body=email.body,
        html_body=html,
        expires_at=(timezone.now() + datetime.timedelta(seconds=valid_for) if valid_for else None),
    )
    deliver.call(delivery.pk)
    delivery.refresh_from_db()
    return delivery


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery; on failure record the error and when to try again."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("message")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"
        if delivery.message_id is None and (
            not delivery.body or (delivery.expires_at and delivery.expires_at <= timezone.now())
        ):
            # A code that can no longer be used is not sent late.
            delivery.status = Delivery.Status.FAILED
            earlier = f"; last error: {delivery.last_error}" if delivery.last_error else ""
            delivery.last_error = f"expired before it could be sent{earlier}"[:2000]
            _forget_text(delivery)
            delivery.save()
            return delivery.status
        delivery.attempts += 1
        try:
            send_delivery(delivery)
        except Exception as error:  # any gateway error: keep the message, try later
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            if delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                delivery.status = Delivery.Status.FAILED
                _forget_text(delivery)
            else:
                pause = RETRY_PAUSES[min(delivery.attempts, len(RETRY_PAUSES)) - 1]
                delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=pause)
            logger.warning(
                "delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error
            )
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            _forget_text(delivery)
        delivery.save()
        return delivery.status


def retry_due_deliveries(now: datetime.datetime | None = None) -> int:
    """Send every pending delivery whose next attempt is due; returns how many were tried."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        deliver.call(pk)
    return len(due)


def unread_count(request) -> int:
    if not request.user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=request.user, read_at__isnull=True).count()
