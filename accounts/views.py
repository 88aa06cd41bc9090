from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY


@login_required
@require_POST
def switch_role(request):
    """Act as another of the account's roles; unknown keys are refused."""
    wanted = request.POST.get("role", "")
    context = next((c for c in request.available_roles if c.key == wanted), None)
    if context is None:
        messages.error(request, _("You do not hold that role."))
    else:
        request.session[SESSION_KEY] = context.key
        messages.success(request, _("You now act as %(role)s.") % {"role": context.label})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "home"
    return redirect(target)
