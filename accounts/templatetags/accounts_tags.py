from django import template

from titleportal.sms import SMSQuota
from titleportal.validators import normalize_mobile

register = template.Library()


@register.simple_tag
def code_minutes() -> int:
    """The minutes a verification code lives (the number the SMS itself says)."""
    from titleportal.sms import code_validity_minutes

    return code_validity_minutes()


@register.simple_tag
def resend_in(phone) -> int:
    """Seconds until another code may go to ``phone`` (0 when it may go now)."""
    if not phone:
        return 0
    return SMSQuota().seconds_until_resend(normalize_mobile(phone))


@register.simple_tag
def submenu_links(navigation) -> list:
    """The links of the navigation's sub-menus (申报职称 …), for the home page panel."""
    return [child for link in navigation or [] for child in link.children]
