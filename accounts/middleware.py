from .roles import RoleContext
from .selectors import available_role_contexts

SESSION_KEY = "acting_as"


def choose_role_context(request, contexts: list[RoleContext]) -> RoleContext | None:
    """The role the session asked for if the account still holds it, else the first one."""
    wanted = request.session.get(SESSION_KEY)
    for context in contexts:
        if context.key == wanted:
            return context
    return contexts[0] if contexts else None


class RoleContextMiddleware:
    """Sets ``request.role`` (a RoleContext or None) and ``request.available_roles``.

    Roles are re-read on every request, so a membership that was disabled stops working at
    once; the session stores only the chosen key.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.available_roles = available_role_contexts(request.user)
        else:
            request.available_roles = []
        request.role = choose_role_context(request, request.available_roles)
        return self.get_response(request)
