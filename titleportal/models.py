from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """通知公告 and 政策文件 shown on the public home page, managed in admin."""

    class Category(models.TextChoices):
        NOTICE = "notice", _("Notice")
        POLICY = "policy", _("Policy document")

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


class CalendarDay(models.Model):
    """An administrator's entry that makes a date a working day or a day off.

    It overrides the statutory calendar of the chinese_calendar package, and is the only source
    for years that package does not cover yet.
    """

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar entry")
        verbose_name_plural = _("calendar entries")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {'workday' if self.is_workday else 'day off'}"
