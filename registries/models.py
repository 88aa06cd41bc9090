"""What the registries answered: the records fetched for a person, and every query made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Registry(models.TextChoices):
    EDUCATION = "education", _("Education (学历)")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance (社保参保)")
    VOCATIONAL = "vocational", _("Provincial vocational qualification certificates")


class RegistryRecord(models.Model):
    """One record a registry holds about a person, as it answered at ``fetched_at``.

    ``payload`` is the record exactly as the registry sent it; ``source`` is the registry's
    name for itself (数据来源). A new fetch replaces the person's records of that registry.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="registry_records",
    )
    registry = models.CharField(_("registry"), max_length=20, choices=Registry)
    ref = models.CharField(_("record id in the registry"), max_length=64)
    source = models.CharField(_("data source"), max_length=50)
    payload = models.JSONField(_("record as received"))
    fetched_at = models.DateTimeField(_("fetched at"), default=timezone.now)

    class Meta:
        verbose_name = _("registry record")
        verbose_name_plural = _("registry records")
        ordering = ["person", "registry", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "registry", "ref"], name="registry_record_once_per_person"
            )
        ]

    def __str__(self):
        return f"{self.get_registry_display()} {self.ref}"


class RegistryQuery(models.Model):
    """A query of a registry about a person: who asked, for which application, the answer."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Registry answered")
        UNAVAILABLE = "unavailable", _("Not reachable")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="registry_queries",
    )
    registry = models.CharField(_("registry"), max_length=20, choices=Registry)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    record_count = models.PositiveIntegerField(_("records"), default=0)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("registry query")
        verbose_name_plural = _("registry queries")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["person", "registry", "-asked_at"])]

    def __str__(self):
        return f"{self.get_registry_display()} {self.asked_at:%Y-%m-%d %H:%M}"
