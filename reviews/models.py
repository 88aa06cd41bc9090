import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewSession(models.Model):
    """评审活动: a committee's yearly round with its deadlines (seed 004, 评审通知)."""

    class Interview(models.TextChoices):
        NONE = "none", _("No interview")
        PARTIAL = "partial", _("Interview for some applicants")
        ALL = "all", _("Interview for all applicants")

    committee = models.ForeignKey(
        "units.Committee",
        verbose_name=_("review committee"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.TextField(_("scope of applications"), blank=True)
    opens_on = models.DateField(_("applications open on"))
    applicant_first_deadline = models.DateField(_("deadline for first submission by applicants"))
    applicant_revision_deadline = models.DateField(_("deadline for resubmission by applicants"))
    unit_deadline = models.DateField(_("deadline for submission by units"))
    review_method = models.CharField(_("review method"), max_length=50, default="专家评审")
    organises_exam = models.BooleanField(_("committee organises an exam"), default=False)
    interview = models.CharField(
        _("interview"), max_length=10, choices=Interview, default=Interview.NONE
    )
    group_vote = models.BooleanField(_("votes by specialty group"), default=False)
    consultation_phone = models.CharField(_("consultation phone"), max_length=30, blank=True)
    policy_url = models.URLField(_("policy documents link"), blank=True)
    schedule_url = models.URLField(_("review schedule link"), blank=True)
    results_publicity_days = models.PositiveSmallIntegerField(
        _("working days of results publicity"), default=5
    )
    intake_closed_at = models.DateTimeField(_("intake closed at"), null=True, blank=True)
    # 评审公示: set when the committee publishes the results of the session.
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    results_publicity_ends_on = models.DateField(
        _("results publicity ends on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("review session")
        verbose_name_plural = _("review sessions")
        ordering = ["-year", "committee__name"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "year"], name="session_unique_per_year")
        ]

    def __str__(self):
        return f"{self.committee} {self.year}"

    def is_open(self, on: datetime.date | None = None) -> bool:
        """Open for applications: between opening and the units' deadline, intake not closed."""
        on = on or timezone.localdate()
        return self.intake_closed_at is None and self.opens_on <= on <= self.unit_deadline


class ActionLog(models.Model):
    """One row per transition or reviewer act: the progress timeline and operation records.

    Names of the actor and the organisation are copied at the time of the act, so the record
    stays true after a rename.
    """

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    action = models.CharField(_("action"), max_length=50)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=50, blank=True)
    role = models.CharField(_("acting role"), max_length=20, blank=True)
    organisation_name = models.CharField(_("acting organisation"), max_length=100, blank=True)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20, blank=True)
    opinion = models.TextField(_("opinion"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["application", "created_at"]),
            # "Has this application ever reached that level?" (office and committee scopes).
            models.Index(fields=["application", "to_status"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def step(self) -> str:
        """业务步骤: the words of the progress timeline and the operation records."""
        from .actionlog import describe

        return describe(self.action, self.role, self.to_status)


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
