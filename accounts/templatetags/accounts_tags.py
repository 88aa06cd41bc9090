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


@register.inclusion_tag("accounts/_oidc_sign_in.html", takes_context=True)
def oidc_sign_in(context) -> dict:
    """The button for signing in through the unified identity platform, when one is set up."""
    from accounts import oidc

    if not oidc.configured():
        return {"configured": False}
    return {
        "configured": True,
        "name": oidc.platform_name(),
        "action": oidc.login_url(),
        "next": context.get("redirect_field_value") or "",
        "csrf_token": context.get("csrf_token"),
    }
