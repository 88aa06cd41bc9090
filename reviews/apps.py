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

        from django.db.models.signals import post_delete

        from reference.models import CalendarDay

        for signal in (post_save, post_delete):
            signal.connect(
                _calendar_changed, sender=CalendarDay, dispatch_uid=f"reviews.workdays.{signal}"
            )


def _calendar_changed(sender, raw=False, **kwargs):
    """An administrator changed the working-day calendar: the numbered days are counted anew
    when the dashboard next needs them."""
    if raw:
        return
    from .models import WorkdayNumber

    WorkdayNumber.objects.all().delete()


def _session_saved(sender, instance, created, raw=False, **kwargs):
    """A session's results-publicity end is the one source (admin may change it): its
    publicised applications follow whatever saved it."""
    if created or raw or instance.results_publicity_ends_on is None:
        return
    from .services import results_publicity_end_changed

    results_publicity_end_changed(instance)
