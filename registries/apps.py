from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistriesConfig(AppConfig):
    name = "registries"
    verbose_name = _("Registries")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from applications import row_sources

        from .kinds import KINDS
        from .views import panel

        for kind in KINDS.values():
            row_sources.register(kind.section, panel)
