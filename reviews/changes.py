"""What changed in an application since it was returned to the applicant.

``snapshot`` turns the read-only sections (``applications.sections.SectionView``) into JSON
that keeps labels, values, rows and file identities; it is stored with the return
(``ReturnSnapshot``). ``compare`` sets that snapshot against the sections of the resubmitted
application and answers, section by section, which fields changed, which rows were added,
removed or changed, and which files were replaced.
"""

from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from applications.sections import section_snapshot as snapshot  # noqa: F401 - one format


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    text: str
    fields: list[FieldChange] = field(default_factory=list)
    files_added: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)


@dataclass
class SectionChange:
    key: str
    title: str
    named: bool = False
    fields: list[FieldChange] = field(default_factory=list)
    rows_added: list[RowChange] = field(default_factory=list)
    rows_removed: list[RowChange] = field(default_factory=list)
    rows_changed: list[RowChange] = field(default_factory=list)
    reordered: bool = False
    files_added: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    text_before: str = ""
    text_after: str = ""
    text_changed: bool = False
    new_section: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.fields
            or self.rows_added
            or self.rows_removed
            or self.rows_changed
            or self.reordered
            or self.files_added
            or self.files_removed
            or self.text_changed
            or self.new_section
        )


def _file_label(entry: dict) -> str:
    return entry.get("name") or "—"


def _file_key(entry: dict | None):
    if not entry:
        return None
    return entry["id"] if entry.get("id") is not None else (entry.get("name"), entry.get("size"))


def _files_diff(before: list[dict], after: list[dict]) -> tuple[list[str], list[str]]:
    old = {_file_key(entry): entry for entry in before}
    new = {_file_key(entry): entry for entry in after}
    added = [_file_label(entry) for key, entry in new.items() if key not in old]
    removed = [_file_label(entry) for key, entry in old.items() if key not in new]
    return added, removed


def _row_text(row: dict) -> str:
    values = [item["value"] for item in row.get("fields", {}).values() if item.get("value")]
    text = " · ".join(values[:4])
    if row.get("heading"):
        text = f"{row['heading']}：{text}" if text else row["heading"]
    return text or "—"


def _field_changes(before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name, now in after.items():
        then = before.get(name, {"label": now["label"], "value": "", "file": None})
        if now.get("file") is not None or then.get("file") is not None:
            if _file_key(now.get("file")) != _file_key(then.get("file")):
                changes.append(
                    FieldChange(
                        now["label"],
                        _file_label(then["file"]) if then.get("file") else "—",
                        _file_label(now["file"]) if now.get("file") else "—",
                    )
                )
            continue
        if (then.get("value") or "") != (now.get("value") or ""):
            changes.append(
                FieldChange(now["label"], then.get("value") or "—", now.get("value") or "—")
            )
    for name, then in before.items():
        if name not in after and (then.get("value") or then.get("file")):
            changes.append(FieldChange(then["label"], then.get("value") or "—", "—"))
    return changes


def _compare_section(key: str, then: dict | None, now: dict, named: bool) -> SectionChange:
    change = SectionChange(key=key, title=now.get("title", key), named=named)
    if then is None:
        change.new_section = True
        return change
    change.fields = _field_changes(then.get("fields", {}), now.get("fields", {}))
    if "html" in now or "html" in then:
        before_text = strip_tags(then.get("html", "")).strip()
        after_text = strip_tags(now.get("html", "")).strip()
        if then.get("html", "") != now.get("html", ""):
            change.text_changed = True
            change.text_before, change.text_after = before_text, after_text
    if "rows" in now or "rows" in then:
        old_rows = {row["id"]: row for row in then.get("rows", [])}
        new_rows = {row["id"]: row for row in now.get("rows", [])}
        for pk, row in new_rows.items():
            if pk not in old_rows:
                change.rows_added.append(
                    RowChange(_row_text(row), files_added=[_file_label(f) for f in row["files"]])
                )
                continue
            old = old_rows[pk]
            row_change = RowChange(
                _row_text(row), fields=_field_changes(old["fields"], row["fields"])
            )
            row_change.files_added, row_change.files_removed = _files_diff(
                old["files"], row["files"]
            )
            if row_change.fields or row_change.files_added or row_change.files_removed:
                change.rows_changed.append(row_change)
        for pk, row in old_rows.items():
            if pk not in new_rows:
                change.rows_removed.append(RowChange(_row_text(row)))
        kept_before = [pk for pk in old_rows if pk in new_rows]
        kept_after = [pk for pk in new_rows if pk in old_rows]
        change.reordered = kept_before != kept_after
    if "materials" in now or "materials" in then:
        old_materials = then.get("materials", {})
        for slot, material in now.get("materials", {}).items():
            added, removed = _files_diff(
                old_materials.get(slot, {}).get("files", []), material["files"]
            )
            change.files_added += [f"{material['name']}：{name}" for name in added]
            change.files_removed += [f"{material['name']}：{name}" for name in removed]
        for slot, material in old_materials.items():
            if slot not in now.get("materials", {}):
                change.files_removed += [
                    f"{material['name']}：{_file_label(f)}" for f in material["files"]
                ]
    return change


def compare(before: dict, after: dict, *, named=()) -> list[SectionChange]:
    """Every section of ``after`` (in its order) with what changed since ``before``.

    Sections named by the return come with ``named=True`` even when nothing changed in them,
    so the reviewer sees that a requested change was not made. A section that existed at the
    return but no longer does is listed as removed content.
    """
    named = set(named)
    changes = [
        _compare_section(key, before.get(key), now, key in named) for key, now in after.items()
    ]
    for key, then in before.items():
        if key not in after:
            gone = SectionChange(key=key, title=then.get("title", key), named=key in named)
            gone.rows_removed = [RowChange(_row_text(row)) for row in then.get("rows", [])]
            gone.text_changed = bool(then.get("html"))
            gone.text_before = strip_tags(then.get("html", "")).strip()
            gone.text_after = str(_("(section removed)")) if gone.text_changed else ""
            changes.append(gone)
    return changes
