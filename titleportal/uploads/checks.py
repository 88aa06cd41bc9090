"""Uploads: policies and content checks."""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

try:  # HEIC photos from phones
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - optional at run time
    pillow_heif = None

logger = logging.getLogger(__name__)

KB = 1024
MB = 1024 * KB
# Pillow's decompression-bomb guard: refuse images above ~40 megapixels.
Image.MAX_IMAGE_PIXELS = 40_000_000
RAW_UPLOAD_LIMIT = 40 * MB  # what we read at all before checking (PDFs may be 30 MB)

IMAGE_KINDS = {"jpeg", "png", "heic", "webp", "gif", "bmp"}


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes, whatever its name says."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:2] == b"BM":
        return "bmp"
    if head[4:8] == b"ftyp" and head[8:12] in (
        b"heic",
        b"heix",
        b"mif1",
        b"msf1",
        b"hevc",
        b"heim",
        b"heis",
    ):
        return "heic"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # a Word or Excel document (OOXML) is a zip archive
    return None


def _read(uploaded) -> bytes:
    uploaded.seek(0)
    data = uploaded.read(RAW_UPLOAD_LIMIT + 1)
    if len(data) > RAW_UPLOAD_LIMIT:
        raise ValidationError(_("The file is too large."), code="too_large")
    return data


def human_size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(1, round(size / KB))} KB"


@dataclass(frozen=True)
class UploadPolicy:
    """What an upload field accepts."""

    name: str
    accept_images: bool = True
    accept_pdf: bool = False
    image_max_bytes: int = 1 * MB
    pdf_max_bytes: int = 30 * MB
    # Longest side an image is scaled down to (ID photos stay small and sharp).
    image_max_side: int = 2400
    # Keep PNG with transparency (unit seals) instead of converting to JPEG.
    keep_png: bool = False
    # Word and Excel documents (.docx, .xlsx) without macros: forms and templates to fill in.
    accept_office: bool = False
    office_max_bytes: int = 10 * MB

    @property
    def accept_attribute(self) -> str:
        parts = []
        if self.accept_images:
            parts.append("image/png" if self.keep_png else "image/*,.heic,.heif")
        if self.accept_pdf:
            parts.append("application/pdf")
        if self.accept_office:
            parts.append(".docx,.xlsx")
        return ",".join(parts)

    def describe(self) -> str:
        if self.keep_png:
            return str(
                _("Transparent PNG image, at most %(size)s.")
                % {"size": human_size(self.image_max_bytes)}
            )
        parts = []
        if self.accept_images:
            parts.append(
                str(
                    _("JPG image up to %(size)s (other photos are converted automatically)")
                    % {"size": human_size(self.image_max_bytes)}
                )
            )
        if self.accept_pdf:
            parts.append(str(_("PDF up to %(size)s") % {"size": human_size(self.pdf_max_bytes)}))
        if self.accept_office:
            parts.append(
                str(
                    _("Word or Excel document (.docx, .xlsx, without macros) up to %(size)s")
                    % {"size": human_size(self.office_max_bytes)}
                )
            )
        return "；".join(parts)


SCAN = UploadPolicy("scan")
PHOTO = UploadPolicy("photo", image_max_bytes=500 * KB, image_max_side=1000)
PDF = UploadPolicy("pdf", accept_images=False, accept_pdf=True)
SCAN_OR_PDF = UploadPolicy("scan_or_pdf", accept_pdf=True)
SEAL = UploadPolicy("seal", image_max_bytes=1 * MB, image_max_side=1200, keep_png=True)
# Files the portal publishes (notice attachments, 下载专区): PDFs, images, Word and Excel.
DOCUMENT = UploadPolicy(
    "document", accept_pdf=True, accept_office=True, image_max_bytes=5 * MB, image_max_side=3000
)

EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}
CONTENT_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class CheckedFile:
    content: bytes
    kind: str  # "jpeg", "png", "pdf", "docx" or "xlsx"
    original_name: str
    converted: bool = False

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]
