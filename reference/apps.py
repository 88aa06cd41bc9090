from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    """Reference data every other app builds on: regions, the title catalogue, the
    working-day calendar and the national code tables. It imports no other app."""

    name = "reference"
    verbose_name = _("Reference data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import workdays
        from .models import CalendarDay

        post_save.connect(workdays.forget_overrides_on_change, sender=CalendarDay)
        post_delete.connect(workdays.forget_overrides_on_change, sender=CalendarDay)
