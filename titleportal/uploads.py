"""Uploads: type checked by content, images normalised, PDFs made inert, files kept private.

* ``UploadPolicy`` says what a field accepts (JPEG scans ≤ 1 MB, ID photos ≤ 500 KB, PDFs ≤
  30 MB, …). Images of any common type (JPEG, PNG, HEIC, WebP) are decoded, turned upright,
  stripped of EXIF and re-encoded as JPEG within the size limit, instead of sending people to
  an image editor. The re-encoding also defeats polyglot files. Its cost is bounded: images
  above ``MAX_IMAGE_PIXELS`` are refused before they are decoded, JPEGs are decoded at a
  reduced scale when that still covers the size cap, and at most ``MAX_ENCODES`` encodes are
  spent on one upload.
* PDFs are opened with pikepdf (qpdf) and saved again without active content: scripts, open
  and additional actions, actions other than in-document links (launch, URI, form submit /
  import / reset, …), embedded files and attachment annotations, multimedia, XFA. A PDF that
  opens without a password but carries an owner password (printing or copying restricted) is
  stored decrypted, so reviewers can read and print it; one that needs a password to open is
  refused.
* Each person may upload so many files an hour and a day (``UPLOAD_LIMIT_PER_HOUR`` /
  ``UPLOAD_LIMIT_PER_DAY``, counted with allauth's rate limits like sign-in): a refused upload
  is a message beside the field and the rest of the form is kept.
* A file that passed its checks is stashed (``StashedUpload``) and its token travels with the
  form, so a form that fails on another field keeps the upload.
* Stored names are random; the original name is kept only as display text.
"""

import io
import logging
import math
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .files import random_name

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

    @property
    def accept_attribute(self) -> str:
        parts = []
        if self.accept_images:
            parts.append("image/png" if self.keep_png else "image/*,.heic,.heif")
        if self.accept_pdf:
            parts.append("application/pdf")
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
        return "；".join(parts)


SCAN = UploadPolicy("scan")
PHOTO = UploadPolicy("photo", image_max_bytes=500 * KB, image_max_side=1000)
PDF = UploadPolicy("pdf", accept_images=False, accept_pdf=True)
SCAN_OR_PDF = UploadPolicy("scan_or_pdf", accept_pdf=True)
SEAL = UploadPolicy("seal", image_max_bytes=1 * MB, image_max_side=1200, keep_png=True)


@dataclass
class CheckedFile:
    content: bytes
    kind: str  # "jpeg", "png" or "pdf"
    original_name: str
    converted: bool = False

    @property
    def extension(self) -> str:
        return {"jpeg": ".jpg", "png": ".png", "pdf": ".pdf"}[self.kind]

    @property
    def content_type(self) -> str:
        return {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}[self.kind]


# --- images -----------------------------------------------------------------------------

# JPEG quality: the first try, and the lowest the quality search goes to.
JPEG_QUALITY_START = 85
JPEG_QUALITY_FLOOR = 50
# Encodes one upload may cost at most: the first try, a binary search of the quality (after
# scaling down to a pixel count that should fit) and one last, smaller, try.
QUALITY_SEARCH_STEPS = 3
MAX_ENCODES = 1 + QUALITY_SEARCH_STEPS + 1
# Rough JPEG behaviour (measured on noise, photos and flat graphics): at quality ~70 a file
# is 0.6-0.75 of its size at 85, and a scaled-down picture needs up to 1.5 times more bytes
# per pixel than the large one had.
MID_QUALITY_SIZE_RATIO = 0.72
DOWNSCALE_MARGIN = 0.8


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    """The one place an image is encoded (what the encode budget counts)."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _encode_jpeg_at(image: Image.Image, quality: int) -> bytes:
    return encode(image, "JPEG", quality=quality, optimize=True, progressive=True)


def _scaled(image: Image.Image, area_factor: float) -> Image.Image:
    side = math.sqrt(max(area_factor, 0.0))
    width, height = image.size
    return image.resize(
        (max(1, int(width * side)), max(1, int(height * side))), Image.Resampling.LANCZOS
    )


def _encode_jpeg(image: Image.Image, max_bytes: int) -> bytes:
    """The best JPEG of ``image`` within ``max_bytes``, in at most ``MAX_ENCODES`` encodes.

    Most pictures fit at the first try. Otherwise the picture is first scaled down to the
    pixel count that should fit at a middle quality (from the size of the first try), and a
    short binary search finds the highest quality that fits; if even the lowest quality tried
    is too big, one last try at the floor quality on a picture scaled to fit with a margin.
    """
    content = _encode_jpeg_at(image, JPEG_QUALITY_START)
    if len(content) <= max_bytes:
        return content
    low, high = JPEG_QUALITY_FLOOR, JPEG_QUALITY_START - 1
    expected = len(content) * MID_QUALITY_SIZE_RATIO
    if expected > max_bytes:
        image = _scaled(image, max_bytes / expected * DOWNSCALE_MARGIN)
        high = JPEG_QUALITY_START
    best = None
    smallest = len(content)
    for _step in range(QUALITY_SEARCH_STEPS):
        if low > high:
            break
        quality = (low + high + 1) // 2
        content = _encode_jpeg_at(image, quality)
        if len(content) <= max_bytes:
            best, low = content, quality + 1
        else:
            smallest, high = len(content), quality - 1
    if best is not None:
        return best
    content = _encode_jpeg_at(
        _scaled(image, max_bytes / smallest * DOWNSCALE_MARGIN), JPEG_QUALITY_FLOOR
    )
    if len(content) <= max_bytes:
        return content
    raise ValidationError(_("The image cannot be reduced to the size limit."), code="too_large")


def _refuse_bomb():
    return ValidationError(
        _("The image has too many pixels; please upload a smaller picture."), code="bomb"
    )


def _decode(data: bytes, max_side: int) -> Image.Image:
    """The picture, decoded at the smallest scale that still covers ``max_side``; pictures
    of more than ``MAX_IMAGE_PIXELS`` are refused from their header, before decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > Image.MAX_IMAGE_PIXELS:
                    raise _refuse_bomb()
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format == "JPEG":
                # libjpeg decodes at 1/2, 1/4 or 1/8 scale directly: a 40-megapixel photo
                # costs a fraction of the time and memory of a full decode.
                image.draft(None, (max_side, max_side))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse_bomb() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image is damaged and cannot be opened."), code="broken"
        ) from None
    return image


def check_image(data: bytes, kind: str, policy: UploadPolicy, original_name: str) -> CheckedFile:
    image = _decode(data, policy.image_max_side)
    # Scaled down before it is turned upright: the box is square, and turning a small
    # picture is cheap.
    image.thumbnail((policy.image_max_side, policy.image_max_side), Image.Resampling.LANCZOS)
    image = ImageOps.exif_transpose(image)
    if policy.keep_png:
        if kind != "png":
            raise ValidationError(
                _("Upload a PNG image with a transparent background."), code="type"
            )
        content = encode(image.convert("RGBA"), "PNG", optimize=True)
        if len(content) > policy.image_max_bytes:
            raise ValidationError(
                _("The image is larger than %(size)s.")
                % {"size": human_size(policy.image_max_bytes)},
                code="too_large",
            )
        return CheckedFile(content, "png", original_name, converted=False)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    content = _encode_jpeg(image, policy.image_max_bytes)
    # Every image is re-encoded (EXIF removed); "converted" tells the person when the format
    # or size they sent was changed.
    converted = kind != "jpeg" or len(data) > policy.image_max_bytes
    return CheckedFile(content, "jpeg", original_name, converted=converted)


# --- PDFs ---------------------------------------------------------------------------------

# Actions a stored PDF keeps: going to a place inside the document (links, bookmarks).
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
    raise ValidationError(
        _("This file type is not accepted. Allowed: %(allowed)s.") % {"allowed": policy.describe()},
        code="type",
    )


# --- stashing between form submissions ------------------------------------------------------


def stash(checked: CheckedFile, *, request) -> "StashedUpload":  # noqa: F821
    from .models import StashedUpload

    owner = request.user if request.user.is_authenticated else None
    if owner is None and not request.session.session_key:
        request.session.save()
    record = StashedUpload(
        owner=owner,
        session_key="" if owner else request.session.session_key,
        kind=checked.kind,
        original_name=checked.original_name,
        size=len(checked.content),
        converted=checked.converted,
    )
    record.file.save(
        random_name("stash", checked.extension), ContentFile(checked.content), save=False
    )
    record.save()
    return record


def find_stash(token: str, *, request):
    from .models import StashedUpload

    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    stashed = StashedUpload.objects.filter(token=token).first()
    if stashed is None:
        return None
    if stashed.owner_id:
        return (
            stashed
            if request.user.is_authenticated and stashed.owner_id == request.user.pk
            else None
        )
    return (
        stashed
        if stashed.session_key and stashed.session_key == request.session.session_key
        else None
    )


class StashedFileInput(forms.Widget):
    """A file input with the token of an already accepted file beside it."""

    template_name = "titleportal/widgets/stashed_file_input.html"
    needs_multipart_form = True

    def __init__(self, policy: UploadPolicy, attrs=None):
        super().__init__(attrs)
        self.policy = policy

    def value_from_datadict(self, data, files, name):
        return files.get(name), data.get(f"{name}__token", "")

    def value_omitted_from_data(self, data, files, name):
        return name not in files and f"{name}__token" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        token = value[1] if isinstance(value, tuple) else ""
        stashed = None
        if token:
            from .models import StashedUpload

            try:
                stashed = StashedUpload.objects.filter(token=uuid.UUID(str(token))).first()
            except ValueError:  # a token made up by the sender: show no file
                stashed = None
        if stashed or (value and not isinstance(value, tuple)):
            # A file is already there: choosing another one is optional.
            context["widget"]["attrs"].pop("required", None)
        context["widget"].update(
            {
                "token": str(stashed.token) if stashed else "",
                "stashed": stashed,
                "current": value if value and not isinstance(value, tuple) else None,
                "accept": self.policy.accept_attribute,
                "policy_text": self.policy.describe(),
            }
        )
        return context


def may_upload(request) -> bool:
    """Whether the person (a signed-in account, else the client address) still has uploads
    left this hour and today; each call counts one."""
    from allauth.core import ratelimit

    if request is None:
        return True
    signed_in = request.user.is_authenticated
    try:
        return ratelimit.consume(
            request,
            action="upload" if signed_in else "upload_anonymous",
            user=request.user if signed_in else None,
        )
    except Exception:  # the shared cache is down: the person's upload goes on all the same
        logger.warning("upload rate limit unavailable", exc_info=True)
        return True


def upload_limit_error() -> ValidationError:
    return ValidationError(
        _(
            "You have uploaded too many files: at most %(hour)s an hour and %(day)s a day. "
            "Please try again later; what you entered on this page is kept."
        )
        % {"hour": settings.UPLOAD_LIMIT_PER_HOUR, "day": settings.UPLOAD_LIMIT_PER_DAY},
        code="rate_limited",
    )


class PrivateUploadField(forms.Field):
    """Accepts a new file (checked by ``policy``) or the token of a file stashed earlier.

    ``clean`` returns a ``StashedUpload`` (new or earlier file), or None when nothing was sent
    and the field is optional or already has a stored file. Forms using it must inherit
    ``StashingFormMixin`` (which gives the field the request).
    """

    def __init__(self, *, policy: UploadPolicy, **kwargs):
        self.policy = policy
        self.request = None
        self.has_stored_file = False
        kwargs.setdefault("widget", StashedFileInput(policy))
        super().__init__(**kwargs)

    def bound_data(self, data, initial):
        if isinstance(data, tuple) and (data[0] or data[1]):
            return data
        return initial

    def clean(self, value):
        uploaded, token = value if isinstance(value, tuple) else (value, "")
        if uploaded:
            # Counted before the file is read: checking and normalising is the costly part.
            if not may_upload(self.request):
                raise upload_limit_error()
            checked = check_upload(uploaded, self.policy)
            return stash(checked, request=self.request)
        if token:
            stashed = find_stash(token, request=self.request)
            if stashed is None:
                raise ValidationError(
                    _("The earlier upload has expired; please choose the file again.")
                )
            return stashed
        if self.required and not self.has_stored_file:
            raise ValidationError(self.error_messages["required"], code="required")
        return None

    def has_changed(self, initial, data):
        return isinstance(data, tuple) and bool(data[0] or data[1])


class StashingFormMixin:
    """Give upload fields the request, and keep accepted files when the form fails elsewhere."""

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        for name, field in self.fields.items():
            if isinstance(field, PrivateUploadField):
                field.request = request
                field.has_stored_file = bool(self.initial.get(name))

    def _post_clean(self):
        super()._post_clean()
        if self.errors and self.is_bound:
            data = self.data.copy()
            for name, field in self.fields.items():
                value = self.cleaned_data.get(name)
                if isinstance(field, PrivateUploadField) and value is not None:
                    data[f"{self.add_prefix(name)}__token"] = str(value.token)
            self.data = data
