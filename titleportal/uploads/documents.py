"""Uploads: Word and Excel documents (.docx, .xlsx) the portal publishes as forms to fill in.

Only the Office Open XML formats are taken: an old binary .doc/.xls cannot be checked for
macros without running a parser of its own, so its author saves it again as .docx/.xlsx.
A document is refused when it carries macros (VBA), ActiveX controls, embedded objects or a
template, frame or object fetched from another address (a known way of running code when
the file is opened), and when its archive would unpack to far more than it weighs.
"""

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .checks import CheckedFile, UploadPolicy, human_size, logger

MAX_MEMBERS = 5_000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 1000  # unpacked / packed size of one member: more is a zip bomb
MAIN_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}
FORBIDDEN_NAME = re.compile(r"(vbaproject\.bin|vbadata\.xml|/activex/|/embeddings/)", re.I)
MACRO_TYPES = re.compile(rb"macroEnabled|vbaProject|ms-office\.activeX|oleObject", re.I)
# Relationships that fetch something from outside when the document opens.
EXTERNAL_FETCH = re.compile(
    rb"<Relationship\b[^>]*?(?:attachedTemplate|frame|oleObject|subDocument)[^>]*?"
    rb"TargetMode=\"External\"|<Relationship\b[^>]*?TargetMode=\"External\"[^>]*?"
    rb"(?:attachedTemplate|frame|oleObject|subDocument)",
    re.I,
)


def _refused(message) -> ValidationError:
    return ValidationError(message, code="unsafe_document")


def check_office(data: bytes, policy: UploadPolicy, original_name: str) -> CheckedFile:
    if len(data) > policy.office_max_bytes:
        raise ValidationError(
            _("A Word or Excel document may be at most %(size)s; this one has %(actual)s.")
            % {"size": human_size(policy.office_max_bytes), "actual": human_size(len(data))},
            code="too_large",
        )
    broken = ValidationError(
        _("The file is not a Word or Excel document (.docx, .xlsx) or it is damaged."),
        code="broken",
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise broken from None
    with archive:
        names = {member.filename for member in members}
        kind = next((k for part, k in MAIN_PARTS.items() if part in names), None)
        if kind is None or "[Content_Types].xml" not in names or len(members) > MAX_MEMBERS:
            raise broken
        unpacked = 0
        for member in members:
            unpacked += member.file_size
            packed = max(member.compress_size, 1)
            if unpacked > MAX_UNPACKED or member.file_size / packed > MAX_RATIO:
                raise broken
            if FORBIDDEN_NAME.search("/" + member.filename):
                raise _refused(
                    _(
                        "The document contains macros, controls or embedded objects. Save it "
                        "again as a plain .docx or .xlsx and upload that copy."
                    )
                )
        try:
            content_types = archive.read("[Content_Types].xml")
            relationships = [
                archive.read(member) for member in members if member.filename.endswith(".rels")
            ]
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
            logger.info("refused a document that cannot be unpacked", exc_info=True)
            raise broken from None
    if MACRO_TYPES.search(content_types):
        raise _refused(
            _(
                "The document contains macros, controls or embedded objects. Save it again as "
                "a plain .docx or .xlsx and upload that copy."
            )
        )
    if any(EXTERNAL_FETCH.search(rels) for rels in relationships):
        raise _refused(
            _(
                "The document loads a template or object from another address when it opens. "
                "Save it again without the link and upload that copy."
            )
        )
    return CheckedFile(data, kind, original_name)
