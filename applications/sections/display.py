"""The sections of an application: the read-only view of a section."""

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from applications.materials import upload_policy
from titleportal.uploads import human_size

# --- Read-only view ---------------------------------------------------------------------------


@dataclass
class FileLink:
    label: str
    name: str
    url: str
    is_image: bool
    size: int = 0
    converted: bool = False
    pk: int | None = None
    is_pdf: bool = False


@dataclass
class FieldValue:
    name: str
    label: str
    value: str = ""
    file: FileLink | None = None


@dataclass
class RowView:
    pk: int
    fields: list[FieldValue]
    files: list[FileLink] = field(default_factory=list)
    locked: bool = False
    # A read-only row: the id of the approved application it comes from.
    approved_in: int | None = None
    heading: str = ""
    # 已核验: the registry the row came from and when it answered (empty: 自行填报).
    verified_source: str = ""
    verified_at: datetime.datetime | None = None


@dataclass
class MaterialView:
    key: str
    name: str
    description: str
    file_type: str
    max_size_mb: object
    max_count: int
    is_required: bool
    files: list[FileLink] = field(default_factory=list)
    material: object = None

    @property
    def is_missing(self) -> bool:
        return self.is_required and not self.files

    @property
    def is_full(self) -> bool:
        return len(self.files) >= self.max_count

    @property
    def size_limits(self) -> str:
        """The slot's own limits by file type ("JPG ≤ 1.0 MB；PDF ≤ 30.0 MB"): a slot of 30 MB
        still takes images of at most the portal's image size."""
        policy = upload_policy(self.material)
        parts = []
        if policy.accept_images:
            parts.append(f"JPG ≤ {human_size(policy.image_max_bytes)}")
        if policy.accept_pdf:
            parts.append(f"PDF ≤ {human_size(policy.pdf_max_bytes)}")
        return "；".join(parts)


@dataclass
class SectionView:
    key: str
    title: str
    style: str
    # 13, or 13.1 for a list under a section (SectionSpec.parent).
    number: str = ""
    parent: str = ""
    fields: list[FieldValue] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[RowView] = field(default_factory=list)
    materials: list[MaterialView] = field(default_factory=list)
    html: str = ""
    # Rows of this section may come from a registry: show 已核验 / 自行填报.
    verifiable: bool = False
    complete: bool = False
    optional: bool = False
    missing: list[str] = field(default_factory=list)
    return_reason: str = ""
    # 需更换的材料 the reviewer named in the return, while it is returned.
    replace_files: str = ""
    # Set by the reviewer's page after a resubmission: the return named this section, and
    # whether it changed since.
    named_in_return: bool = False
    changed_since_return: bool = False


def _blank(value) -> bool:
    return (
        value is None
        or value == ""
        or (isinstance(value, models.fields.files.FieldFile) and not value)
    )


def display_value(instance, name: str) -> str:
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(getattr(instance, f"get_{name}_display")())
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def attachment_link(application, attachment) -> FileLink:
    return FileLink(
        label=attachment.label,
        name=attachment.original_name,
        url=reverse("applications:attachment", args=[application.pk, attachment.pk]),
        is_image=attachment.is_image,
        size=attachment.size,
        converted=attachment.converted,
        pk=attachment.pk,
        is_pdf=attachment.content_kind == "pdf",
    )


def file_field_link(application, section: str, instance, name: str) -> FileLink | None:
    value = getattr(instance, name)
    if not value:
        return None
    return FileLink(
        label=str(instance._meta.get_field(name).verbose_name),
        name=PurePath(value.name).name,
        url=reverse("applications:file", args=[application.pk, section, name]),
        is_image=value.name.lower().endswith((".jpg", ".jpeg", ".png")),
        is_pdf=value.name.lower().endswith(".pdf"),
    )
