from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import ActionLog


class UnitOpinion(models.Model):
    """The unit's opinions on an application (seed 001 §二: 审核), printed on the 评审表."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="unit_opinion",
    )
    appraisal_recommendation = models.TextField(
        _("recommendation after the unit's appraisal"), blank=True
    )
    term_appraisal_result = models.TextField(
        _("appraisal result at the end of the term of office"), blank=True
    )
    publicity = models.TextField(_("publicity"), blank=True)
    panel_recommendation = models.TextField(
        _("recommendation of the unit's review panel"), blank=True
    )
    unit_leader = models.CharField(_("person in charge of the unit"), max_length=50, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # field -> action code of the operation record it writes when filled or changed
    FIELDS = (
        "appraisal_recommendation",
        "term_appraisal_result",
        "publicity",
        "panel_recommendation",
        "unit_leader",
    )

    class Meta:
        verbose_name = _("unit opinion")
        verbose_name_plural = _("unit opinions")

    def __str__(self):
        return f"{self.application_id}"

    @staticmethod
    def required_fields(application) -> list[str]:
        """The review panel's opinion is not asked for junior titles (seed 001)."""
        fields = list(UnitOpinion.FIELDS)
        if application.level.is_junior:
            fields.remove("panel_recommendation")
        return fields

    def missing_fields(self, application) -> list[str]:
        return [name for name in self.required_fields(application) if not getattr(self, name)]


class Acceptance(models.Model):
    """受理: the committee accepted the application's materials (a fee notice hangs on it)."""

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="acceptance",
    )
    committee = models.ForeignKey(
        "units.Committee", verbose_name=_("review committee"), on_delete=models.PROTECT
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("committee acceptance")
        verbose_name_plural = _("committee acceptances")

    def __str__(self):
        return f"{self.application_id} {self.accepted_at:%Y-%m-%d}"


class ExportLog(models.Model):
    """Every export of application data: who, as what, which filter, how many rows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Could not be written")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=50, blank=True)
    role = models.CharField(_("acting role"), max_length=20)
    organisation_name = models.CharField(_("acting organisation"), max_length=100, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    full_id_numbers = models.BooleanField(_("full ID numbers"), default=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # A big export runs in the task worker: the role it was asked in (RoleContext.key, checked
    # again when it runs), its progress, and the file it leaves for the person.
    role_key = models.CharField(_("acting role key"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    expected_rows = models.PositiveIntegerField(_("expected rows"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}"


class UnitPublicity(models.Model):
    """单位公示: the unit posts its applicants of a year before recommending them (seed 003).

    The list is copied when the publicity starts, so what was posted stays as it was.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="publicities"
    )
    year = models.PositiveSmallIntegerField(_("application year"))
    starts_on = models.DateField(_("publicity starts on"))
    ends_on = models.DateField(_("publicity ends on"))
    entries = models.JSONField(_("applicants posted"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit publicity")
        verbose_name_plural = _("unit publicities")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.unit} {self.year}"


class ReturnSnapshot(models.Model):
    """The application's sections as they were when it was returned to the applicant.

    Written in the transaction of the return, so that after the resubmission the reviewer sees
    what changed since, section by section (``reviews.changes``).
    """

    action = models.OneToOneField(
        ActionLog,
        verbose_name=_("return"),
        on_delete=models.CASCADE,
        related_name="return_snapshot",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="return_snapshots",
    )
    sections = models.JSONField(_("sections at the return"), default=dict)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("snapshot at a return")
        verbose_name_plural = _("snapshots at returns")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.application_id} {self.created_at:%Y-%m-%d %H:%M}"


class Feedback(models.Model):
    """意见建议 / 投诉: a signed-in person writes to an office about an application or the portal;
    the office answers and the sender reads the answer in 我的消息 (seed 004, 投诉反馈)."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLAINT = "complaint", _("Complaint")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="feedback_sent",
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.SUGGESTION)
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("responsible office"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    title = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("content"), max_length=2000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["office", "answered_at"], name="feedback_office_answered")]

    def __str__(self):
        return self.title

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class OrganisationMessage(models.Model):
    """A message of a unit, department, office or committee to the applicants of chosen
    applications in its scope (seed 004 §2.5: 单位推送的消息, 答辩消息); each applicant finds it
    in 我的消息, and by SMS when asked."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("General notice")
        DEFENCE = "defence", _("Defence notice")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_type = models.CharField(_("organisation type"), max_length=20)
    organisation_id = models.PositiveIntegerField(_("organisation"))
    organisation_name = models.CharField(_("organisation name"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.GENERAL)
    title = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("content"), max_length=1000)
    by_sms = models.BooleanField(_("also by SMS"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message to applicants")
        verbose_name_plural = _("messages to applicants")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organisation_type", "organisation_id", "-created_at"],
                name="orgmessage_sender_org",
            )
        ]

    def __str__(self):
        return self.title


class OrganisationMessageRecipient(models.Model):
    """One applicant a message went to, with the in-site message (and its deliveries)."""

    message = models.ForeignKey(
        OrganisationMessage,
        verbose_name=_("message to applicants"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inbox_message = models.ForeignKey(
        "titleportal.Message",
        verbose_name=_("in-site message"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="orgmessage_one_per_person")
        ]

    def __str__(self):
        return f"{self.message_id} → {self.person_id}"


class WorkdayNumber(models.Model):
    """The working-day calendar (reference.workdays) as numbered rows, so that the database
    counts working days itself: ``number`` is the count of working days from 2000-01-01 up to
    and including ``date``, and the working days between two dates are the difference of
    their numbers. Rows are written on demand for the years the dashboard reads, and all are
    dropped when an administrator changes the calendar (reviews.apps)."""

    date = models.DateField(_("date"), primary_key=True)
    number = models.PositiveIntegerField(_("working days since 2000-01-01"))

    class Meta:
        verbose_name = _("numbered working day")
        verbose_name_plural = _("numbered working days")

    def __str__(self):
        return f"{self.date} #{self.number}"


class OfficeDownload(models.Model):
    """下载专区: which office published a download and manages it in the portal (downloads
    without a row here are the administrators')."""

    download = models.OneToOneField(
        "titleportal.Download",
        verbose_name=_("download"),
        on_delete=models.CASCADE,
        related_name="office_link",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("title-reform office"),
        on_delete=models.CASCADE,
        related_name="downloads",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("office download")
        verbose_name_plural = _("office downloads")

    def __str__(self):
        return f"{self.office}: {self.download}"
