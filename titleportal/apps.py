from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitleportalConfig(AppConfig):
    name = "titleportal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - checks registers itself
        from .notifications import unread_count
        from .shell import register_counter

        register_counter("unread_messages", unread_count)
