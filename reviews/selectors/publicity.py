"""The units' online publicity (单位公示)."""

from __future__ import annotations

from django.http import Http404

from accounts.roles import Role
from reviews.models import UnitPublicity
from units.models import Affiliation

# --- unit publicity ---------------------------------------------------------------------------


def unit_publicities_for(role_context):
    if role_context is None or role_context.role != Role.UNIT_STAFF:
        return UnitPublicity.objects.none()
    return UnitPublicity.objects.filter(unit=role_context.organisation)


def publicity_listing(application) -> UnitPublicity | None:
    """The latest online unit publicity that listed this application, if any."""
    for publicity in UnitPublicity.objects.filter(
        unit_id=application.unit_id, year=application.year
    ).order_by("-created_at")[:5]:
        if any(entry.get("application") == application.pk for entry in publicity.entries):
            return publicity
    return None


def get_unit_publicity_for(user, role_context, pk) -> UnitPublicity:
    """The online unit publicity: for the unit's staff and the people who work there."""
    publicity = UnitPublicity.objects.select_related("unit").filter(pk=pk).first()
    if publicity is None or not user.is_authenticated:
        raise Http404
    # The unit's staff and the unit's own account (context.unit is set for both).
    unit = role_context.unit if role_context is not None else None
    staff_here = unit is not None and unit.pk == publicity.unit_id
    works_here = Affiliation.objects.filter(person=user, unit_id=publicity.unit_id).exists()
    if not (staff_here or works_here):
        raise Http404
    return publicity
