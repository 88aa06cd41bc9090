"""Real files for upload tests: images of several types and sizes, PDFs good and bad."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(
    fmt="JPEG", size=(800, 600), *, noise=False, mode="RGB", color=(200, 60, 60), **save
):
    image = Image.new(mode, size, color if mode == "RGB" else (*color, 0))
    if noise:
        # Random pixels do not compress: a large, realistic phone photo.
        rng = random.Random(42)
        image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(name="scan.jpg", **kwargs):
    return upload(name, image_bytes("JPEG", **kwargs), "image/jpeg")


def png(name="photo.png", **kwargs):
    return upload(name, image_bytes("PNG", **kwargs), "image/png")


def heic(name="IMG_0001.HEIC", **kwargs):
    return upload(name, image_bytes("HEIF", **kwargs), "image/heic")


def pdf_bytes(pages=1, text="职称申报材料", *, encrypt=False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    if encrypt:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf(name="materials.pdf", **kwargs):
    return upload(name, pdf_bytes(**kwargs), "application/pdf")
