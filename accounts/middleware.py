from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .roles import RoleContext
from .selectors import available_role_contexts

SESSION_KEY = "acting_as"
# Set when the account proved its second factor in this session (see accounts.apps).
MFA_SESSION_KEY = "mfa_verified_user"
# Paths a reviewer may use before setting up or proving the second factor.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/me/role/", "/static/", "/i18n/", "/captcha/", "/healthz")


def choose_role_context(request, contexts: list[RoleContext]) -> RoleContext | None:
    """The role the session asked for if the account still holds it, else the first one."""
    wanted = request.session.get(SESSION_KEY)
    for context in contexts:
        if context.key == wanted:
            return context
    return contexts[0] if contexts else None


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RoleContextMiddleware:
    """Sets ``request.role`` (a RoleContext or None) and ``request.available_roles``.

    Roles are re-read on every request, so a membership that was disabled stops working at
    once; the session stores only the chosen key.

    With ``REVIEWERS_REQUIRE_MFA``, a request acting in a reviewer role goes to the TOTP set-up
    (or to the TOTP check, if this session has not passed it) before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.available_roles = available_role_contexts(request.user)
        else:
            request.available_roles = []
        request.role = choose_role_context(request, request.available_roles)
        if self._second_factor_missing(request):
            return self._ask_for_second_factor(request)
        return self.get_response(request)

    def _second_factor_missing(self, request) -> bool:
        if not getattr(settings, "REVIEWERS_REQUIRE_MFA", False):
            return False
        if request.role is None or not request.role.is_reviewer:
            return False
        if request.path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        return request.session.get(MFA_SESSION_KEY) != request.user.pk

    def _ask_for_second_factor(self, request):
        query = urlencode({"next": request.get_full_path()})
        if has_totp(request.user):
            messages.info(
                request, _("Confirm your sign-in with the code of your authenticator app.")
            )
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        messages.warning(
            request,
            _(
                "Reviewer roles must use two-step verification. Set up an authenticator app "
                "(TOTP) to continue."
            ),
        )
        return redirect(reverse("mfa_activate_totp"))
