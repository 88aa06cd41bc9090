from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .navigation import PUBLIC_SERVICES, badge_names, guide_url, navigation_for, resolve_all
from .shell import counts_for


def shell(request):
    """What the page frame needs: navigation of the acting role, badges, role switcher."""
    role_context = getattr(request, "role", None)
    navigation = navigation_for(role_context.role if role_context else None)
    try:
        signup_url = reverse("account_signup")
    except NoReverseMatch:
        signup_url = ""
    return {
        "portal_name": settings.PORTAL_NAME,
        "role_context": role_context,
        "available_roles": getattr(request, "available_roles", []),
        "navigation": navigation,
        "public_links": resolve_all(PUBLIC_SERVICES),
        "shell_counts": counts_for(request, badge_names(navigation)) if role_context else {},
        "signup_url": signup_url,
        "guide_url": guide_url(role_context.role if role_context else None),
    }
