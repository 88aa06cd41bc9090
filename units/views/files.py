"""Pages of units: the unit's private files."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from accounts.roles import Role
from titleportal.files import serve_private_file
from units.models import Unit

# --- public: lists used while typing --------------------------------------------------------


# --- private files of the unit --------------------------------------------------------------


def _own_unit(request) -> Unit:
    """The unit of the unit account or of the enabled staff member acting for it."""
    role = request.role
    if role is None or role.role not in (Role.UNIT_ACCOUNT, Role.UNIT_STAFF) or role.unit is None:
        raise Http404
    return role.unit


@login_required
def licence_file(request):
    unit = _own_unit(request)
    return serve_private_file(unit.licence_file, download_name=f"{unit.name}-{unit.licence_type}")


@login_required
def seal_file(request):
    unit = _own_unit(request)
    return serve_private_file(unit.seal_image, download_name=f"{unit.name}-seal.png")
