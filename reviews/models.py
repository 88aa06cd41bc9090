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
        indexes = [models.Index(fields=["application", "created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
