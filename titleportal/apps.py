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

        from django.db.models.signals import post_delete, post_save

        from .models import Notice
        from .notices import forget_home_notice_boxes

        for signal in (post_save, post_delete):
            signal.connect(forget_home_notice_boxes, sender=Notice)
