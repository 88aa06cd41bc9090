import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .files import random_name


class Notice(models.Model):
    """通知公告, 政策文件 and 评审条件 shown on the public pages, managed in admin."""

    class Category(models.TextChoices):
        NOTICE = "notice", _("Notice")
        POLICY = "policy", _("Policy document")
        CRITERIA = "criteria", _("Review criteria")

    category = models.CharField(_("category"), max_length=10, choices=Category)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Basic HTML is kept; scripts are removed.")
    )
    link = models.URLField(_("external link"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        verbose_name = _("notice or policy document")
        verbose_name_plural = _("notices and policy documents")
        ordering = ["-is_pinned", "-published_at"]
        indexes = [models.Index(fields=["category", "is_published", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from .sanitize import sanitize_html

        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


class PublishedFile(models.Model):
    """A file the portal publishes, checked on upload like every upload (titleportal.uploads,
    policy DOCUMENT) and served through a view (titleportal.files), never as a static file."""

    file = models.FileField(_("file"), upload_to="published/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_kind = models.CharField(_("file format"), max_length=8, editable=False)
    size = models.PositiveIntegerField(_("size"), default=0, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        from .uploads.checks import EXTENSIONS

        return EXTENSIONS.get(self.content_kind, "")[1:].upper()

    @property
    def size_text(self) -> str:
        from .uploads.checks import human_size

        return human_size(self.size)

    @property
    def download_name(self) -> str:
        """The name given to the person who downloads it, with the right extension."""
        from pathlib import PurePath

        from .uploads.checks import EXTENSIONS

        stem = PurePath(self.original_name).stem or "file"
        return stem + EXTENSIONS.get(self.content_kind, "")


class NoticeAttachment(PublishedFile):
    """附件 of a notice: downloadable by anyone while the notice is published."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments"
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")
        ordering = ["sort", "pk"]


class Download(PublishedFile):
    """下载专区: a form or template people download (评审表, 推荐意见表, 承诺书 …)."""

    class Category(models.TextChoices):
        FORM = "form", _("Forms")
        TEMPLATE = "template", _("Templates")
        GUIDE = "guide", _("Instructions")

    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=Category)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("download area")
        ordering = ["category", "sort", "-updated_at", "pk"]

    def __str__(self):
        return self.title


class StashedUpload(models.Model):
    """A checked upload waiting for its form to succeed.

    It belongs to the signed-in person, or to the session of an anonymous one (unit
    registration). ``claim`` moves the file into its final place; unclaimed stashes are
    deleted after a day by ``purge_stashed_uploads``.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    session_key = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=8)
    file = models.FileField(upload_to="stash/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    converted = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind in {"jpeg", "png"}

    def claim(self, field_file, prefix: str) -> None:
        """Save the file into ``field_file`` (a FieldFile of a model) under a random name, and
        forget the stash. The caller saves the model."""
        from .storage import guard
        from .uploads.checks import EXTENSIONS

        extension = EXTENSIONS[self.kind]
        # A file store that does not answer: StorageUnavailable, a refusal the caller shows.
        with guard(), self.file.open("rb") as source:
            field_file.save(random_name(prefix, extension), source, save=False)
        with guard():
            self.file.delete(save=False)
        self.delete()


class Message(models.Model):
    """我的消息: an in-site message for one person about an event that concerns them."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("message recipient"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    event = models.CharField(_("event"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"]),
            # 我的消息 lists a person's messages newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="message_newest_idx"),
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One SMS or email sent for a message: its status, attempts and last error.

    Sending happens after the commit of the act that caused the message; a failing gateway
    never undoes the act. Failed sends are retried with growing pauses.

    An email someone is waiting for (a verification code) has no message: it carries its own
    subject and text, is sent at once and, when the mail server does not answer, retried the
    same way until ``expires_at``. Its text is emptied once it was sent or given up.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued for sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    # An email of its own (no message): what it is, and its subject and text.
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML text"), blank=True)
    expires_at = models.DateTimeField(_("useless after"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel)
    address = models.CharField(_("address"), max_length=254)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("provider message id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("message delivery")
        verbose_name_plural = _("message deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_channel_display()} {self.address} {self.get_status_display()}"


class FullIdView(models.Model):
    """One showing of a person's full resident ID number to someone else: who saw whose number,
    where and when. Lists and pages mask ID numbers; the few places that show them whole to a
    reviewer or an administrator (the printed forms, certificates, Django admin) write a row."""

    class Place(models.TextChoices):
        EVALUATION_FORM = "evaluation_form", _("Evaluation form PDF")
        CERTIFICATE_PDF = "certificate_pdf", _("Certificate PDF (office)")
        RESULTS_TEMPLATE = "results_template", _("Review results template (committee)")
        ADMIN_ACCOUNT = "admin_account", _("Account page in Django admin")

    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("viewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    viewer_name = models.CharField(_("viewer's name"), max_length=100, blank=True)
    role = models.CharField(_("acting as"), max_length=30, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose ID number"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_name = models.CharField(_("name of the person"), max_length=100, blank=True)
    place = models.CharField(_("where"), max_length=20, choices=Place)
    path = models.CharField(_("page address"), max_length=300, blank=True)
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("view of a full ID number")
        verbose_name_plural = _("views of full ID numbers")
        ordering = ["-viewed_at", "-pk"]
        indexes = [
            models.Index(fields=["subject", "viewed_at"]),
            models.Index(fields=["viewer", "viewed_at"]),
        ]

    def __str__(self):
        return f"{self.viewer_name} → {self.subject_name} ({self.place})"
