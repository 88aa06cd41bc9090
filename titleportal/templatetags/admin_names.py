"""The admin's names of third-party apps and models in Chinese (titleportal.django_strings)."""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def admin_name(value) -> str:
    """``value`` translated in the context "admin"; a name without an entry stays as it is."""
    return pgettext("admin", str(value))
