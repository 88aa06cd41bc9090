"""Uploads: PDFs, stored without active content."""

import io
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# --- PDFs ---------------------------------------------------------------------------------
# Actions a stored PDF keeps: going to a place inside the document (links, bookmarks).
from .checks import IMAGE_KINDS, CheckedFile, UploadPolicy, _read, human_size, logger, sniff
from .images import check_image

SAFE_ACTIONS = frozenset({"/GoTo"})
# Annotations that only exist to carry a file or media: removed from their page.
CARRIER_ANNOTATIONS = frozenset({"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia"})


def _sanitizer():
    from pikepdf.sanitize import Sanitizer

    return (
        Sanitizer()
        .remove_javascript()
        .remove_external_access()
        .remove_attachments()
        .remove_multimedia()
        .remove_collection()
    )


# Keys that only run or carry something: additional actions, JavaScript, embedded files.
STRIPPED_KEYS = frozenset({"/AA", "/JS", "/EF"})
# A PDF with more objects (counting every page's annotations) than this is refused: its
# clean-up would cost seconds of CPU, and real documents have far fewer (a 300-page scan
# has about a thousand, a long e-book tens of thousands).
MAX_PDF_OBJECTS = 50_000


def _too_complex() -> ValidationError:
    return ValidationError(
        _(
            "The PDF has too many pages or objects to be checked; please split it or save it "
            "again (for example by printing it to PDF) and upload it again."
        ),
        code="too_complex",
    )


def _is_action(obj) -> bool:
    import pikepdf

    return isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and isinstance(
        obj.get("/S"), pikepdf.Name
    )


def _strip_everywhere(pdf) -> None:
    """What pikepdf's curated sanitizer deliberately leaves, removed in one sweep over every
    object, direct or indirect: additional-action dictionaries (/AA) of the catalog, pages,
    annotations and fields; any action that is not an in-document link (also those pikepdf
    keeps, such as ResetForm, Hide or Named) and action chains (/Next); embedded-file entries
    (/EF) of file specifications; JavaScript (/JS) wherever a dictionary carries it."""
    import pikepdf

    dictionaries = (pikepdf.Dictionary, pikepdf.Stream)
    nested = (pikepdf.Array, pikepdf.Dictionary)
    stack = [obj for obj in pdf.objects if isinstance(obj, (pikepdf.Array, *dictionaries))]
    visited = 0
    while stack:
        obj = stack.pop()
        visited += 1
        if visited > 2 * MAX_PDF_OBJECTS:  # a document of deeply nested direct objects
            raise _too_complex()
        if isinstance(obj, pikepdf.Array):
            stack.extend(item for item in obj if isinstance(item, nested) and not item.is_indirect)
            continue
        is_action = isinstance(obj.get("/S"), pikepdf.Name)
        doomed = []
        for key, value in obj.items():
            unsafe_action = (
                key == "/A" and _is_action(value) and str(value.get("/S")) not in SAFE_ACTIONS
            )
            if key in STRIPPED_KEYS or (key == "/Next" and is_action) or unsafe_action:
                doomed.append(key)
            elif isinstance(value, nested) and not value.is_indirect:
                stack.append(value)
        for key in doomed:
            del obj[key]


def _strip_active_content(pdf) -> None:
    import pikepdf

    _sanitizer().apply(pdf)
    root = pdf.Root
    if "/OpenAction" in root:  # also a mere destination: the document opens at its start
        del root["/OpenAction"]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        # XFA forms carry their own scripts; the AcroForm fields (if any) stay.
        del acroform["/XFA"]
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if isinstance(annotations, pikepdf.Array):
            kept = [
                annotation
                for annotation in annotations
                if not (
                    isinstance(annotation, pikepdf.Dictionary)
                    and str(annotation.get("/Subtype")) in CARRIER_ANNOTATIONS
                )
            ]
            if len(kept) != len(annotations):
                page.obj["/Annots"] = pikepdf.Array(kept)
    _strip_everywhere(pdf)


def _object_count(pdf) -> int:
    import pikepdf

    annotations = 0
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            annotations += len(annots)
    return len(pdf.objects) + annotations


def check_pdf(data: bytes, policy: UploadPolicy, original_name: str) -> CheckedFile:
    """Open the PDF with qpdf, refuse it if it needs a password, and save it again without
    active content and without encryption."""
    import pikepdf

    if len(data) > policy.pdf_max_bytes:
        raise ValidationError(
            _("A PDF may be at most %(size)s; this one has %(actual)s.")
            % {"size": human_size(policy.pdf_max_bytes), "actual": human_size(len(data))},
            code="too_large",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # qpdf's notes about repaired damage
            with pikepdf.open(io.BytesIO(data)) as pdf:
                if len(pdf.pages) == 0:
                    raise ValueError("no pages")
                if _object_count(pdf) > MAX_PDF_OBJECTS:
                    raise _too_complex()
                _strip_active_content(pdf)
                buffer = io.BytesIO()
                # encryption=False: an owner password (restricted printing or copying) is
                # dropped, so the stored copy opens and prints everywhere.
                pdf.save(buffer, encryption=False)
    except ValidationError:
        raise
    except pikepdf.PasswordError:
        raise ValidationError(
            _(
                "The PDF needs a password to open; please upload a copy that opens without "
                "a password."
            ),
            code="encrypted",
        ) from None
    except Exception:  # qpdf raises many kinds of errors on broken files
        logger.info("refused a PDF that cannot be read", exc_info=True)
        raise ValidationError(
            _("The PDF is damaged and cannot be opened."), code="broken"
        ) from None
    return CheckedFile(buffer.getvalue(), "pdf", original_name)


def check_upload(uploaded, policy: UploadPolicy) -> CheckedFile:
    """Validate an uploaded file against ``policy`` by its content; raise ValidationError."""
    original_name = PurePath(getattr(uploaded, "name", "") or "upload").name[:200]
    data = _read(uploaded)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = sniff(data[:64])
    if kind == "pdf" and policy.accept_pdf:
        return check_pdf(data, policy, original_name)
    if kind in IMAGE_KINDS and policy.accept_images:
        return check_image(data, kind, policy, original_name)
    if kind == "zip" and policy.accept_office:
        from .documents import check_office

        return check_office(data, policy, original_name)
    raise ValidationError(
        _("This file type is not accepted. Allowed: %(allowed)s.") % {"allowed": policy.describe()},
        code="type",
    )
