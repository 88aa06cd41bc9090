"""Forms of units and their people: the region cascade."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reference.models import Region

# --- region cascade -------------------------------------------------------------------------
from .common import REGION_CODE_RE


class RegionFieldsMixin:
    """单位所在地: province → city → county selects, filled by units/region-cascade.js.

    The selects are rebuilt from the submitted values, so a form that failed elsewhere keeps
    the region. ``cleaned_data["region"]`` is the deepest region chosen.
    """

    region_fields = ("province", "city", "county")

    def add_region_fields(self, initial_region: Region | None = None):
        labels = {
            "province": _("Province"),
            "city": _("City or district"),
            "county": _("County or district"),
        }
        placeholders = {
            "province": _("Choose a province"),
            "city": _("Choose a city"),
            "county": _("Choose a county or district"),
        }
        chain = {}
        region = initial_region
        while region is not None:
            chain[{1: "province", 2: "city", 3: "county"}[region.level]] = region
            region = region.parent
        # Municipalities: a district's parent is the province itself.
        if "county" in chain and "city" not in chain and chain["county"].parent_id:
            chain["city"] = chain.pop("county")
        values = {}
        for name in self.region_fields:
            key = self.add_prefix(name)
            if self.is_bound:
                # Only a region code goes into the queries for the next select; anything else
                # (NUL, other scripts' digits) is refused by the field as an invalid choice.
                value = self.data.get(key, "")
                values[name] = value if REGION_CODE_RE.fullmatch(str(value)) else ""
            elif name in chain:
                values[name] = chain[name].code
        for name in self.region_fields:
            self.fields[name] = forms.ChoiceField(
                label=labels[name],
                required=name == "province",
                choices=[("", placeholders[name])],
                widget=forms.Select(
                    attrs={"data-region-level": name, "data-placeholder": placeholders[name]}
                ),
            )
            self.initial[name] = values.get(name, "")
        self.fields["province"].choices += [(r.code, r.name) for r in _regions(None)]
        if values.get("province"):
            self.fields["city"].choices += [(r.code, r.name) for r in _regions(values["province"])]
        if values.get("city"):
            self.fields["county"].choices += [(r.code, r.name) for r in _regions(values["city"])]

    def resolve_region(self, cleaned):
        province, city, county = (cleaned.get(name) or "" for name in self.region_fields)
        if not province:
            return None
        chosen = {r.code: r for r in Region.objects.filter(code__in=[province, city, county])}
        region = chosen.get(province)
        for name, code in (("city", city), ("county", county)):
            has_children = Region.objects.filter(parent_id=region.code).exists()
            if not has_children:
                break
            child = chosen.get(code)
            if child is None or child.parent_id != region.code:
                self.add_error(
                    name,
                    _("Choose the city.")
                    if name == "city"
                    else _("Choose the county or district."),
                )
                return None
            region = child
        return region


def _regions(parent_code):
    return Region.objects.filter(parent_id=parent_code).order_by("code").only("code", "name")
