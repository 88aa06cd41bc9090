"""PDFs of the review workflow (公示表, 评审表 frame), rendered with WeasyPrint.

WeasyPrint is imported where it is used, not at start-up. Images are inlined as data URIs so
that rendering never fetches anything; the CJK font comes from the system (Noto CJK), and
WeasyPrint embeds the subset it uses.
"""

import base64
import mimetypes

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def image_data_uri(field_file) -> str:
    """A stored image as a data: URI, or "" when there is none or it cannot be read."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return ""
    content_type = mimetypes.guess_type(field_file.name)[0] or "image/png"
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
