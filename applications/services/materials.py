"""Services of the applicant's applications: uploaded materials."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.materials import kind_materials
from applications.models import (
    Application,
    Attachment,
)
from titleportal.errors import DomainError
from units.models import RequiredMaterial

# --- Materials ----------------------------------------------------------------------------------
from .common import _bump, _delete_files_later, _lock, _require_editable, publicity_block
from .rows import _create_attachment


def find_material(application: Application, section: str, material_key: str):
    """The material a key names in this application's lists, or None."""
    if section == "materials":
        return next((m for m in kind_materials(application.kind) if m.key == material_key), None)
    if section == "committee_materials" and material_key.startswith("c"):
        try:
            pk = int(material_key[1:])
        except ValueError:
            return None
        return RequiredMaterial.objects.filter(
            pk=pk, review_session_id=application.review_session_id
        ).first()
    return None


def upload_material(
    *, actor, role_context, application: Application, section: str, material, stashed
) -> Attachment:
    """One file for a material of the kind's list or of the committee's list."""
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        block = publicity_block(application)
        if block:
            raise DomainError(block, code="publicity")
        existing = application.attachments.filter(section=section)
        if section == "committee_materials":
            existing = existing.filter(material=material)
        else:
            existing = existing.filter(slot=material.key)
        if existing.count() >= material.max_count:
            raise DomainError(
                _("At most %(count)s files may be uploaded for %(name)s; delete one first.")
                % {"count": material.max_count, "name": material.name},
                code="too_many",
            )
        attachment = _create_attachment(
            application,
            stashed,
            section=section,
            label=str(material.name),
            material=material if section == "committee_materials" else None,
            slot="" if section == "committee_materials" else material.key,
        )
        _bump(application)
    return attachment


def delete_attachment(*, actor, role_context, application: Application, attachment_id: int) -> None:
    with transaction.atomic():
        application = _lock(application, actor)
        _require_editable(application)
        attachment = application.attachments.filter(pk=attachment_id, row_id__isnull=True).first()
        if attachment is None:
            return
        _delete_files_later(attachment.file)
        attachment.delete()
        _bump(application)
