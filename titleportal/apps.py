from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitleportalConfig(AppConfig):
    name = "titleportal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import checks, workdays  # noqa: F401 - checks registers itself
        from .models import CalendarDay
        from .notifications import unread_count
        from .shell import register_counter

        register_counter("unread_messages", unread_count)
        post_save.connect(workdays.forget_overrides_on_change, sender=CalendarDay)
        post_delete.connect(workdays.forget_overrides_on_change, sender=CalendarDay)
