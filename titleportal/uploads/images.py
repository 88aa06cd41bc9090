"""Uploads: images, normalised within a bounded cost."""

import io
import math
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# --- images -----------------------------------------------------------------------------
# JPEG quality: the first try, and the lowest the quality search goes to.
from .checks import CheckedFile, UploadPolicy, human_size

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
