from django import template

from reference.workdays import uncovered_years

register = template.Library()


@register.simple_tag
def calendar_uncovered_years():
    return uncovered_years()
