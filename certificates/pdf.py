"""The certificate PDF: rendered with WeasyPrint on demand, cached in private storage.

The PDF depends only on the certificate's data, the photo, the office's seal and the public
address the QR code points to, and is signed with the office's signing certificate
(certificates.signing); a fingerprint of those and of that certificate decides whether the
cached file is still right. Photo and seal are scaled down before embedding so the file stays small; rendering
(what may be loaded, the embedded CJK font) is titleportal.pdf's.
"""

import hashlib
import io
import json
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from titleportal.pdf import render_pdf

from . import signing
from .models import Certificate

# Bump when the template or the rendering changes, so cached PDFs are rendered again.
LAYOUT_VERSION = "2"
PHOTO_SIZE = (330, 462)  # 2-inch ID photo proportions (35 × 49 mm)
PHOTO_MAX_BYTES = 60 * 1024
SEAL_MAX_SIDE = 360


def public_base_url(request=None) -> str:
    """Where the QR code points: PORTAL_BASE_URL when set, else the address of this request."""
    base = getattr(settings, "PORTAL_BASE_URL", "")
    if base:
        return base.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return "http://localhost:8000"


def verification_url(certificate: Certificate, request=None) -> str:
    return public_base_url(request) + reverse(
        "certificates:verify_code", kwargs={"code": certificate.verification_code}
    )


def _read(field_file) -> bytes | None:
    if not field_file:
        return None
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def _photo_jpeg(data: bytes | None) -> bytes | None:
    if not data:
        return None
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, ValueError, SyntaxError):
        return None
    image = ImageOps.fit(image, PHOTO_SIZE, Image.LANCZOS, centering=(0.5, 0.35))
    # The photo's share of the 200 KB budget, whatever the camera made of it.
    for quality in (82, 70, 58, 46, 34, 22):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= PHOTO_MAX_BYTES:
            break
    return buffer.getvalue()


def _seal_png(data: bytes | None) -> bytes | None:
    if not data:
        return None
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data)).convert("RGBA")
    except (OSError, ValueError, SyntaxError):
        return None
    image.thumbnail((SEAL_MAX_SIDE, SEAL_MAX_SIDE), Image.LANCZOS)
    buffer = io.BytesIO()
    # A seal is one or two colours: a palette keeps it sharp and small.
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _qr_svg(url: str) -> str:
    import segno

    # Quiet zone kept (border=2) so phone cameras find the code on the printed page.
    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, omitsize=True)


def _sources(certificate: Certificate):
    application = certificate.application
    photo = application.certificate_photo() if application is not None else None
    return _read(photo), _read(certificate.office.seal_image)


def _signer_fingerprint(certificate: Certificate) -> str:
    key = signing.office_key(certificate.office)
    return key.fingerprint() if key else ""


def fingerprint(certificate: Certificate, *, url: str, photo: bytes | None, seal: bytes | None):
    data = {
        "layout": LAYOUT_VERSION,
        "fields": [
            certificate.number,
            certificate.holder_name,
            certificate.holder_id_number,
            str(certificate.qualification_label),
            certificate.specialty_name,
            certificate.issuing_body,
            certificate.committee_name,
            certificate.approved_on.isoformat(),
            certificate.verification_code,
            certificate.status,
            certificate.replaces_number,
        ],
        "url": url,
        "photo": hashlib.sha256(photo).hexdigest() if photo else "",
        "seal": hashlib.sha256(seal).hexdigest() if seal else "",
        # A new (or first) signing certificate of the office signs the PDF again.
        "signer": _signer_fingerprint(certificate),
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def render_certificate_pdf(certificate: Certificate, *, url: str, photo=None, seal=None) -> bytes:
    holder = certificate.holder
    context = {
        "certificate": certificate,
        "gender": holder.get_gender_display() if holder.gender else "",
        "birth_date": holder.birth_date,
        "qr_svg": _qr_svg(url),
        "verification_url": url,
    }
    return render_pdf(
        "certificates/print/certificate.html",
        context,
        files={"photo": _photo_jpeg(photo), "seal": _seal_png(seal)},
        # A certificate is an official Chinese document, whatever language the viewer uses.
        language="zh-hans",
        # Fixed identifiers: the same data always gives the same document.
        identifier=certificate.verification_code.encode(),
    )


def certificate_pdf(certificate: Certificate, *, request=None):
    """The stored PDF of a valid issued certificate (a FieldFile), rendered if stale."""
    url = verification_url(certificate, request)
    photo, seal = _sources(certificate)
    wanted = fingerprint(certificate, url=url, photo=photo, seal=seal)
    if certificate.pdf and certificate.pdf_fingerprint == wanted:
        return certificate.pdf
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.pdf and locked.pdf_fingerprint == wanted:
            return locked.pdf
        content = render_certificate_pdf(certificate, url=url, photo=photo, seal=seal)
        content = signing.sign(content, office=certificate.office)
        old_name = locked.pdf.name if locked.pdf else ""
        locked.pdf.save(f"{certificate.verification_code}.pdf", ContentFile(content), save=False)
        locked.pdf_fingerprint = wanted
        locked.save(update_fields=["pdf", "pdf_fingerprint"])
        if old_name and old_name != locked.pdf.name:
            transaction.on_commit(partial(locked.pdf.storage.delete, old_name))
    certificate.pdf, certificate.pdf_fingerprint = locked.pdf, wanted
    return locked.pdf
