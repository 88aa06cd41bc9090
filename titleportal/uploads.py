"""Uploads: type checked by content, images normalised, PDFs parsed, files kept private.

* ``UploadPolicy`` says what a field accepts (JPEG scans ≤ 1 MB, ID photos ≤ 500 KB, PDFs ≤
  30 MB, …). Images of any common type (JPEG, PNG, HEIC, WebP) are decoded, turned upright,
  stripped of EXIF and re-encoded as JPEG within the size limit, instead of sending people to
  an image editor. The re-encoding also defeats polyglot files.
* A file that passed its checks is stashed (``StashedUpload``) and its token travels with the
  form, so a form that fails on another field keeps the upload.
* Stored names are random; the original name is kept only as display text.
"""

import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC photos from phones
    import pillow_heif

    pillow_heif.register_heif_opener()
except ImportError:  # pragma: no cover - optional at run time
    pillow_heif = None

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


def _encode_jpeg(image: Image.Image, max_bytes: int) -> bytes:
    """Smallest acceptable quality first at full size, then smaller sizes."""
    current = image
    for _attempt in range(12):
        for quality in (90, 82, 74, 66, 58):
            buffer = io.BytesIO()
            current.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
            if buffer.tell() <= max_bytes:
                return buffer.getvalue()
        width, height = current.size
        current = current.resize(
            (max(1, int(width * 0.8)), max(1, int(height * 0.8))), Image.LANCZOS
        )
    raise ValidationError(_("The image cannot be reduced to the size limit."), code="too_large")


def check_image(data: bytes, kind: str, policy: UploadPolicy, original_name: str) -> CheckedFile:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has too many pixels; please upload a smaller picture."), code="bomb"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image is damaged and cannot be opened."), code="broken"
        ) from None
    image = ImageOps.exif_transpose(image)
    image.thumbnail((policy.image_max_side, policy.image_max_side), Image.LANCZOS)
    if policy.keep_png:
        if kind != "png":
            raise ValidationError(
                _("Upload a PNG image with a transparent background."), code="type"
            )
        buffer = io.BytesIO()
        image.convert("RGBA").save(buffer, "PNG", optimize=True)
        if buffer.tell() > policy.image_max_bytes:
            raise ValidationError(
                _("The image is larger than %(size)s.")
                % {"size": human_size(policy.image_max_bytes)},
                code="too_large",
            )
        return CheckedFile(buffer.getvalue(), "png", original_name, converted=False)
    if image.mode in ("RGBA", "LA", "P"):
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


def check_pdf(data: bytes, policy: UploadPolicy, original_name: str) -> CheckedFile:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if len(data) > policy.pdf_max_bytes:
        raise ValidationError(
            _("A PDF may be at most %(size)s; this one has %(actual)s.")
            % {"size": human_size(policy.pdf_max_bytes), "actual": human_size(len(data))},
            code="too_large",
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password-protected; please upload it without a password."),
                code="encrypted",
            )
        if len(reader.pages) == 0:
            raise PdfReadError("no pages")
        reader.pages[0].mediabox  # noqa: B018 - parses the first page
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on broken files
        raise ValidationError(
            _("The PDF is damaged and cannot be opened."), code="broken"
        ) from None
    return CheckedFile(data, "pdf", original_name)


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


def random_name(prefix: str, extension: str) -> str:
    now = timezone.now()
    return f"{prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


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
