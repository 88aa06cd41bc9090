"""The action log: one row per act."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .application import Application
from .routes import OrganisationType

# --- The action log: every act on an application ----------------------------------------


class ActionLog(models.Model):
    """One row per act: the progress timeline and each organisation's operation records.

    The acting organisation is stored by type and id (its name at the time kept for display,
    so the record stays true after a rename). Most rows record an act on an application; a
    few record an act on another subject (a historical certificate sent in for verification),
    named by ``subject_type`` and ``subject_id``.
    """

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    subject_type = models.CharField(_("subject"), max_length=30, default="application")
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
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
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType, blank=True
    )
    organisation_id = models.PositiveBigIntegerField(_("organisation id"), null=True, blank=True)
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
            models.Index(fields=["application", "created_at"], name="actionlog_application_idx"),
            models.Index(
                fields=["organisation_type", "organisation_id", "-created_at"],
                name="actionlog_organisation_idx",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="actionlog_subject_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def step(self) -> str:
        """业务步骤: the words of the progress timeline and the operation records."""
        from applications.actionlog import describe

        return describe(self)


__all__ = [
    "ActionLog",
]
