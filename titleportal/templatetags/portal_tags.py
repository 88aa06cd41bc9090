from django import template

from titleportal import validators
from titleportal.sanitize import safe_url as _safe_url
from titleportal.sanitize import sanitize_html

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def mask_id(value):
    return validators.mask_resident_id(value)


@register.filter
def mask_phone(value):
    return validators.mask_mobile(value)


@register.filter
def mask_email(value):
    return validators.mask_email(value)


@register.filter
def mask_name(value):
    return validators.mask_name(value)


@register.filter
def clean_html(value):
    """Rich text for output: sanitised again, so that nothing stored can run script."""
    from django.utils.safestring import mark_safe

    return mark_safe(sanitize_html(value))  # noqa: S308 - nh3 output


@register.filter
def sanitized(value):
    """Rich text sanitised but still escaped: for a rich-text editor's source textarea, which
    the editor parses as HTML."""
    return sanitize_html(value or "")


@register.filter
def safe_url(value):
    """A stored link for an href, or "" when its scheme could run script (javascript:, data:)."""
    return _safe_url(value)
