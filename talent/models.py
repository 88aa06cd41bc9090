"""专技人才统计: a person's yearly professional-talent record, reviewed by their unit."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.choices import Education
from reference.models import Level, Series
from units.models import Unit


class TalentRecord(models.Model):
    """One record per person per year, filed for the unit they work for; the unit reviews it
    and only reviewed (已审核) records count in the offices' figures."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Reviewed")
        RETURNED = "returned", _("Returned")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="talent_records",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="talent_records"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.ForeignKey(Series, verbose_name=_("title series"), on_delete=models.PROTECT)
    level = models.ForeignKey(Level, verbose_name=_("title level"), on_delete=models.PROTECT)
    title_name = models.CharField(_("professional title held"), max_length=40)
    obtained_on = models.DateField(_("title obtained on"))
    specialty = models.CharField(_("specialty practised"), max_length=50)
    education = models.CharField(_("highest education"), max_length=2, choices=Education)
    is_high_level = models.BooleanField(_("high-level talent"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    unit_note = models.CharField(_("unit's note"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("professional talent record")
        verbose_name_plural = _("professional talent records")
        ordering = ["-year", "-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="talent_one_record_per_year")
        ]

    def __str__(self):
        return f"{self.person} {self.year}"
