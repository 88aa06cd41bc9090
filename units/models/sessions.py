"""Organisations: the committees' review sessions and what they ask for."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Unit keys avoid characters that are easy to misread (0/O, 1/I/L).

# --- Review sessions of committees and what they ask for --------------------------------------


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


class FileType(models.TextChoices):
    IMAGE = "image", _("JPG image")
    PDF = "pdf", _("PDF file")
    IMAGE_OR_PDF = "image_or_pdf", _("JPG image or PDF file")


class RequiredMaterial(models.Model):
    """评委会需求材料: a document every applicant to a review session uploads."""

    review_session = models.ForeignKey(
        ReviewSession,
        verbose_name=_("review session"),
        on_delete=models.CASCADE,
        related_name="required_materials",
    )
    name = models.CharField(_("material name"), max_length=100)
    description = models.CharField(_("explanation"), max_length=200, blank=True)
    file_type = models.CharField(
        _("file type"), max_length=20, choices=FileType, default=FileType.IMAGE_OR_PDF
    )
    max_size_mb = models.DecimalField(
        _("maximum size (MB)"),
        max_digits=4,
        decimal_places=1,
        default=1,
        help_text=_("Images are capped at 1 MB and PDFs at 30 MB whatever is entered here."),
    )
    max_count = models.PositiveSmallIntegerField(_("number of files"), default=1)
    is_required = models.BooleanField(_("required"), default=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        ordering = ["review_session", "sort", "pk"]

    def __str__(self):
        return self.name

    @property
    def key(self) -> str:
        return f"c{self.pk}"


class AchievementKind(models.TextChoices):
    """Typed row forms for achievements (业绩成果); each has its own fields."""

    PAPER = "paper", _("Paper or book")
    PROJECT = "project", _("Project")
    PATENT = "patent", _("Patent")
    AWARD = "award", _("Award")
    STANDARD = "standard", _("Standard")
    REPORT = "report", _("Technical report")
    OTHER = "other", _("Other achievement")


class AchievementTemplate(models.Model):
    """业绩成果 policy item of a review session: the rule an achievement row is entered under."""

    review_session = models.ForeignKey(
        ReviewSession,
        verbose_name=_("review session"),
        on_delete=models.CASCADE,
        related_name="achievement_templates",
    )
    policy_text = models.TextField(_("policy item"))
    achievement_kind = models.CharField(
        _("row form"), max_length=20, choices=AchievementKind, default=AchievementKind.PAPER
    )
    counts_toward_policy = models.BooleanField(
        _("counts towards the policy"),
        default=True,
        help_text=_("Off for the 'other achievements' item, which does not count."),
    )
    sort = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("achievement template")
        verbose_name_plural = _("achievement templates")
        ordering = ["review_session", "sort", "pk"]

    def __str__(self):
        return self.policy_text[:60]
