from django import template

from units import selectors

register = template.Library()


@register.simple_tag
def unit_summary(unit) -> dict:
    """Staff counts of ``unit`` for its home panel."""
    return selectors.unit_summary(unit) if unit is not None else {}
