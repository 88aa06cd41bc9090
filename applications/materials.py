"""Material lists: the kind's own list (资料上传) and the committee's (评委会需求材料).

Both answer the same questions (name, file type, size limit, number of files, required), so
views and services treat a ``MaterialSpec`` and a ``RequiredMaterial`` alike.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from titleportal.uploads import MB, PDF, SCAN, UploadPolicy
from units.models import FileType

from .models import Kind


@dataclass(frozen=True)
class MaterialSpec:
    key: str
    name: str
    file_type: str = FileType.IMAGE_OR_PDF
    max_size_mb: Decimal = Decimal(1)
    max_count: int = 1
    is_required: bool = True
    description: str = ""

    def get_file_type_display(self) -> str:
        return str(FileType(self.file_type).label)


def upload_policy(material) -> UploadPolicy:
    """The upload policy of a material: its file type, and its size within the portal's caps."""
    limit = int(Decimal(material.max_size_mb) * MB) or SCAN.image_max_bytes
    return UploadPolicy(
        f"material-{material.file_type}",
        accept_images=material.file_type != FileType.PDF,
        accept_pdf=material.file_type != FileType.IMAGE,
        image_max_bytes=min(limit, SCAN.image_max_bytes),
        pdf_max_bytes=min(limit, PDF.pdf_max_bytes),
    )


ID_CARD = MaterialSpec(
    "id_card",
    _("Resident ID card (front and back)"),
    FileType.IMAGE,
    max_count=2,
    description=_("One image of each side."),
)

KIND_MATERIALS: dict[str, list[MaterialSpec]] = {
    Kind.RECOGNITION: [
        ID_CARD,
        MaterialSpec("diploma", _("Diploma")),
        MaterialSpec("degree_certificate", _("Degree certificate"), is_required=False),
        MaterialSpec(
            "probation_appraisal",
            _("Probation appraisal form or proof of years of professional work"),
            max_size_mb=Decimal(30),
            max_count=3,
        ),
    ],
    Kind.RECONFIRMATION: [
        ID_CARD,
        MaterialSpec(
            "original_certificate",
            _("Original title certificate or approval document"),
            max_size_mb=Decimal(30),
            max_count=2,
        ),
        MaterialSpec(
            "employment_proof",
            _("Proof of transfer or employment contract"),
            max_size_mb=Decimal(30),
        ),
    ],
    Kind.REPLACEMENT: [
        ID_CARD,
        MaterialSpec("loss_statement", _("Statement of the loss (stamped by the unit)")),
        MaterialSpec(
            "original_copy",
            _("Copy of the original approval document or certificate"),
            max_size_mb=Decimal(30),
            is_required=False,
        ),
    ],
    Kind.TRANSFER: [
        ID_CARD,
        MaterialSpec("original_certificate", _("Original title certificate")),
        MaterialSpec(
            "original_evaluation",
            _("Original evaluation form or approval document"),
            max_size_mb=Decimal(30),
            max_count=2,
        ),
        MaterialSpec(
            "employment_proof",
            _("Employment contract or appointment proof of the current employer"),
            max_size_mb=Decimal(30),
        ),
    ],
    Kind.EVALUATION: [],
}


def kind_materials(kind: str) -> list[MaterialSpec]:
    return KIND_MATERIALS.get(kind, [])


def committee_materials(application) -> list:
    if not application.review_session_id:
        return []
    return list(application.review_session.required_materials.all())
