"""Pages of units: the lists used while typing."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from titleportal.validators import is_row_id
from units import selectors

# --- public: lists used while typing --------------------------------------------------------


# --- public: lists used while typing --------------------------------------------------------


@require_GET
def search(request):
    """Units by keyword or pinyin initials, for the unit choosers (Tom Select)."""
    return JsonResponse({"results": selectors.search_units(request.GET.get("q", ""))})


@require_GET
def regions(request):
    """Children of a region, for the province → city → county selects."""
    parent = request.GET.get("parent", "")
    if not (is_row_id(parent) and len(parent) == 6):
        return JsonResponse({"results": []})
    rows = selectors.region_children(parent).values_list("code", "name")
    return JsonResponse({"results": [{"code": code, "name": name} for code, name in rows]})
