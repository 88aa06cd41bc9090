"""Uploaded materials of an application, and the void notice of a lost certificate."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from units.models import RequiredMaterial

from .application import Application


class Attachment(models.Model):
    """An uploaded file of an application: a material, or a file attached to a row.

    ``section`` names the section; ``row_id`` the row of a list section; ``material`` the
    committee's required material, or ``slot`` the code of the kind's material.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    section = models.CharField(_("section"), max_length=30)
    row_id = models.PositiveBigIntegerField(_("row"), null=True, blank=True)
    material = models.ForeignKey(
        RequiredMaterial,
        verbose_name=_("required material"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    slot = models.CharField(_("material code"), max_length=40, blank=True)
    label = models.CharField(_("material name"), max_length=100)
    file = models.FileField(_("file"), upload_to="applications/")
    original_name = models.CharField(_("original file name"), max_length=200)
    content_kind = models.CharField(_("file type"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    converted = models.BooleanField(_("converted on upload"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "section"])]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_kind in {"jpeg", "png"}


class VoidNotice(models.Model):
    """Public void notice (作废公示) of a lost certificate, before its replacement.

    The certificate details are copied when the notice starts, so the public page shows what
    was declared even if the application changes later.
    """

    PUBLICITY_WORKING_DAYS = 5

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="void_notice"
    )
    holder_name = models.CharField(_("holder"), max_length=50)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    qualification_name = models.CharField(_("qualification"), max_length=100)
    specialty_name = models.CharField(_("specialty"), max_length=100, blank=True)
    approving_authority = models.CharField(_("approving authority"), max_length=100)
    granted_on = models.DateField(_("date granted"), null=True, blank=True)
    office_name = models.CharField(_("title-reform office"), max_length=100)
    starts_on = models.DateField(_("publicity starts on"))
    ends_on = models.DateField(_("publicity ends on"), db_index=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("void notice")
        verbose_name_plural = _("void notices")
        ordering = ["-starts_on", "-pk"]

    def __str__(self):
        return f"{self.holder_name} {self.certificate_number}"

    def is_over(self, on: datetime.date | None = None) -> bool:
        """The publicity ran its working days: materials and submission are open."""
        return (on or timezone.localdate()) > self.ends_on


__all__ = [
    "Attachment",
    "VoidNotice",
]
