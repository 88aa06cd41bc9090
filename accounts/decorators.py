from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(*roles):
    """The view answers only to requests acting as one of ``roles``.

    Anonymous people are sent to sign in; a signed-in account acting in another role gets 403
    (a person with the right role can switch to it from the header).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.role is None or request.role.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = frozenset(roles)
        return wrapper

    return decorator
