from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from titleportal.shell import register_counter

        from .selectors import queue_count

        register_counter("queue_count", queue_count)

        from django.db.models.signals import post_save

        from units.models import ReviewSession

        post_save.connect(
            _session_saved, sender=ReviewSession, dispatch_uid="reviews.session_publicity"
        )


def _session_saved(sender, instance, created, raw=False, **kwargs):
    """A session's results-publicity end is the one source (admin may change it): its
    publicised applications follow whatever saved it."""
    if created or raw or instance.results_publicity_ends_on is None:
        return
    from .services import results_publicity_end_changed

    results_publicity_end_changed(instance)
