from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import services

        # The fee notice hangs on the committee's acceptance, the postage on a mailing; an
        # application that ends (rejected, withdrawn) has its fees refunded.
        services.register_listeners()

        from applications import fees

        from .selectors import fee_timeline, with_fees

        fees.register(with_fees=with_fees, timeline=fee_timeline)
