"""What changed in an application since it was returned to the applicant.

``snapshot`` turns the read-only sections (``applications.sections.SectionView``) into JSON
that keeps labels, values, rows and file identities; it is stored with the return
(``ReturnSnapshot``). ``compare`` sets that snapshot against the sections of the resubmitted
application and answers, section by section, which fields changed, which rows were added,
removed or changed, and which files were replaced. A replaced image is shown before and after:
``keep_images`` stores a small thumbnail of every image in the snapshot (the replaced file
itself is deleted), and the current file is shown through its permission-checked view.
"""

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps

from applications.models import Attachment
from applications.sections import FILE_FIELDS, SPECS
from applications.sections import section_snapshot as snapshot  # noqa: F401 - one format

THUMBNAIL_SIDE = 320  # px: enough to tell two ID photos or scans apart, small in the snapshot


@dataclass
class ImageShown:
    """An image in the change view: ``src`` is the thumbnail kept at the return (a data: URI)
    or the URL of the file's permission-checked view."""

    label: str
    src: str


@dataclass
class FieldChange:
    label: str
    before: str
    after: str
    before_image: ImageShown | None = None
    after_image: ImageShown | None = None


@dataclass
class RowChange:
    text: str
    fields: list[FieldChange] = field(default_factory=list)
    files_added: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    images_added: list[ImageShown] = field(default_factory=list)
    images_removed: list[ImageShown] = field(default_factory=list)


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
    images_added: list[ImageShown] = field(default_factory=list)
    images_removed: list[ImageShown] = field(default_factory=list)
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


FileUrl = Callable[[str, str, dict], str]


def _no_url(section: str, name: str, entry: dict) -> str:
    return ""


def _file_label(entry: dict) -> str:
    return entry.get("name") or "—"


def _file_key(entry: dict | None):
    if not entry:
        return None
    return entry["id"] if entry.get("id") is not None else (entry.get("name"), entry.get("size"))


def _before_image(entry: dict | None, label: str) -> ImageShown | None:
    return ImageShown(label, entry["thumb"]) if entry and entry.get("thumb") else None


def _after_image(entry: dict | None, label: str, url: str) -> ImageShown | None:
    return ImageShown(label, url) if entry and entry.get("image") and url else None


def _files_diff(before: list[dict], after: list[dict]) -> tuple[list[dict], list[dict]]:
    old = {_file_key(entry): entry for entry in before}
    new = {_file_key(entry): entry for entry in after}
    added = [entry for key, entry in new.items() if key not in old]
    removed = [entry for key, entry in old.items() if key not in new]
    return added, removed


def _diff_into(change, before, after, *, section, file_url: FileUrl, prefix: str = "") -> None:
    """Files added and removed (names, and images before / after) into a row or section change."""
    added, removed = _files_diff(before, after)
    change.files_added += [prefix + _file_label(entry) for entry in added]
    change.files_removed += [prefix + _file_label(entry) for entry in removed]
    for entry in added:
        image = _after_image(entry, prefix + _file_label(entry), file_url(section, "", entry))
        if image:
            change.images_added.append(image)
    for entry in removed:
        image = _before_image(entry, prefix + _file_label(entry))
        if image:
            change.images_removed.append(image)


def _row_text(row: dict) -> str:
    values = [item["value"] for item in row.get("fields", {}).values() if item.get("value")]
    text = " · ".join(values[:4])
    if row.get("heading"):
        text = f"{row['heading']}：{text}" if text else row["heading"]
    return text or "—"


def _field_changes(before: dict, after: dict, *, section="", file_url: FileUrl = _no_url):
    changes = []
    for name, now in after.items():
        then = before.get(name, {"label": now["label"], "value": "", "file": None})
        if now.get("file") is not None or then.get("file") is not None:
            if _file_key(now.get("file")) != _file_key(then.get("file")):
                label = now["label"]
                changes.append(
                    FieldChange(
                        label,
                        _file_label(then["file"]) if then.get("file") else "—",
                        _file_label(now["file"]) if now.get("file") else "—",
                        before_image=_before_image(then.get("file"), label),
                        after_image=_after_image(
                            now.get("file"), label, file_url(section, name, now.get("file") or {})
                        ),
                    )
                )
            continue
        if (then.get("value") or "") != (now.get("value") or ""):
            changes.append(
                FieldChange(now["label"], then.get("value") or "—", now.get("value") or "—")
            )
    for name, then in before.items():
        if name not in after and (then.get("value") or then.get("file")):
            changes.append(
                FieldChange(
                    then["label"],
                    then.get("value") or _file_label(then.get("file") or {}),
                    "—",
                    before_image=_before_image(then.get("file"), then["label"]),
                )
            )
    return changes


def _compare_section(
    key: str, then: dict | None, now: dict, named: bool, file_url: FileUrl
) -> SectionChange:
    change = SectionChange(key=key, title=now.get("title", key), named=named)
    if then is None:
        change.new_section = True
        return change
    change.fields = _field_changes(
        then.get("fields", {}), now.get("fields", {}), section=key, file_url=file_url
    )
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
                added = RowChange(_row_text(row))
                _diff_into(added, [], row["files"], section=key, file_url=file_url)
                change.rows_added.append(added)
                continue
            old = old_rows[pk]
            row_change = RowChange(
                _row_text(row), fields=_field_changes(old["fields"], row["fields"])
            )
            _diff_into(row_change, old["files"], row["files"], section=key, file_url=file_url)
            if row_change.fields or row_change.files_added or row_change.files_removed:
                change.rows_changed.append(row_change)
        for pk, row in old_rows.items():
            if pk not in new_rows:
                removed = RowChange(_row_text(row))
                _diff_into(removed, row.get("files", []), [], section=key, file_url=file_url)
                removed.files_removed = []  # the row is gone: its files go with it
                change.rows_removed.append(removed)
        kept_before = [pk for pk in old_rows if pk in new_rows]
        kept_after = [pk for pk in new_rows if pk in old_rows]
        change.reordered = kept_before != kept_after
    if "materials" in now or "materials" in then:
        old_materials = then.get("materials", {})
        new_materials = now.get("materials", {})
        for slot, material in new_materials.items():
            before = old_materials.get(slot, {}).get("files", [])
            prefix = f"{material['name']}："
            _diff_into(
                change, before, material["files"], section=key, file_url=file_url, prefix=prefix
            )
        for slot, material in old_materials.items():
            if slot not in new_materials:
                prefix = f"{material['name']}："
                _diff_into(
                    change, material["files"], [], section=key, file_url=file_url, prefix=prefix
                )
    return change


def compare(
    before: dict, after: dict, *, named=(), file_url: FileUrl = _no_url
) -> list[SectionChange]:
    """Every section of ``after`` (in its order) with what changed since ``before``.

    Sections named by the return come with ``named=True`` even when nothing changed in them,
    so the reviewer sees that a requested change was not made. A section that existed at the
    return but no longer does is listed as removed content. ``file_url(section, field, file)``
    is the address of a current file's checked view (``field`` empty for an attachment).
    """
    named = set(named)
    changes = [
        _compare_section(key, before.get(key), now, key in named, file_url)
        for key, now in after.items()
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


# --- thumbnails kept at a return ----------------------------------------------------------------


def _thumbnail(field_file) -> str:
    """A small JPEG of an image file as a data: URI, or "" when it cannot be read."""
    try:
        with field_file.open("rb") as handle:
            image = ImageOps.exif_transpose(PILImage.open(handle))
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=75)
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def keep_images(application, sections: dict) -> dict:
    """``sections`` (a snapshot of ``application``) with a thumbnail in every image file's entry.

    Taken at a return: the files the applicant replaces afterwards are deleted, and the
    reviewer compares the new image with this thumbnail."""
    by_id: dict[int, list[dict]] = {}
    for key, data in sections.items():
        for name, item in data.get("fields", {}).items():
            entry = item.get("file")
            if entry and entry.get("image") and (key, name) in FILE_FIELDS:
                instance = application._section(SPECS[key].accessor)
                if instance is not None and getattr(instance, name):
                    entry["thumb"] = _thumbnail(getattr(instance, name))
        entries = [f for row in data.get("rows", []) for f in row.get("files", [])]
        entries += [f for m in data.get("materials", {}).values() for f in m.get("files", [])]
        for entry in entries:
            if entry.get("image") and entry.get("id") is not None:
                by_id.setdefault(entry["id"], []).append(entry)
    for attachment in Attachment.objects.filter(application=application, pk__in=list(by_id)):
        thumb = _thumbnail(attachment.file)
        for entry in by_id[attachment.pk]:
            entry["thumb"] = thumb
    return sections
