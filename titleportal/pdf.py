"""Every PDF of the portal (certificate, 评审表, 公示表, printable application) comes from here.

``render_pdf`` renders a template that extends ``print/base.html`` and hands it to WeasyPrint
with three guarantees:

- **Nothing is fetched from elsewhere.** WeasyPrint would otherwise load any ``src``, ``href``
  or CSS ``url()`` in the page: ``http://169.254.169.254/…`` from the server, or
  ``file:///etc/passwd``, if a stored text ever reached the markup unescaped. The fetcher here
  answers only ``data:`` URIs, the portal's own static files (read from disk, never over the
  network) and the private files the caller passes by name; it refuses everything else.
- **The CJK font is embedded, cut down to the document's characters.** WeasyPrint alone embeds
  the part of the system's Noto CJK font the document uses but keeps glyph ids, which leaves
  ~150 KB even for a few words (a 评审表: 350 KB); the font is cut down first (HarfBuzz, a few
  milliseconds): ~20 KB for a certificate, 90 KB for a 评审表.
- **WeasyPrint is imported inside the function**, never at start-up (ruff TID253 fails a
  module-level import anywhere): commands and the task worker do not load it unless they make
  a PDF. An app server's workers load it as they start (``load_libraries``).
"""

import contextlib
import functools
import html
import importlib
import logging
import mimetypes
import posixpath
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

PRINT_FONT = "Noto Serif CJK SC"
# The cut-down copy gets a name of its own, so fontconfig does not pick the full font instead;
# print/base.html lists it first, then the installed families (the same font first).
PRINT_FONT_FAMILY = "Noto Serif CJK SC Print"
# Characters that CSS may print without their being in the page (page counters, separators).
ALWAYS_IN_FONT = "".join(chr(code) for code in range(0x20, 0x7F))
# Private files passed to render_pdf are referred to as pdf-file:<name> (context "pdf_files").
FILE_SCHEME = "pdf-file:"

logger = logging.getLogger(__name__)


class RefusedResource(ValueError):
    """A URL the PDF may not load. WeasyPrint logs it and leaves the image or style out."""


def load_libraries() -> None:
    """Import WeasyPrint and pyHanko and render one line, as an app server's worker starts
    (titleportal.wsgi, PDF_LIBRARIES_AT_START): otherwise the first PDF each worker makes
    waits for the imports, the libraries' loading and fontconfig's font list, about 2 s in
    all against 0.15 s for a certificate afterwards. A failure here is logged; the worker
    starts anyway and the PDF pages report their own errors."""
    try:
        from weasyprint import HTML

        for module in ("pyhanko.pdf_utils.incremental_writer", "pyhanko.sign.signers"):
            importlib.import_module(module)

        HTML(string=f'<p style="font-family: {PRINT_FONT}">职称</p>').write_pdf()
    except Exception:
        logger.warning("the PDF libraries could not be loaded at start", exc_info=True)


def pdf_response(content: bytes, filename: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def render_pdf(
    template: str,
    context: dict,
    *,
    request=None,
    files: Mapping[str, object] | None = None,
    language: str | None = None,
    identifier: bytes | None = None,
) -> bytes:
    """The PDF of ``template`` rendered with ``context``.

    ``files`` maps names to private files (a FieldFile, a File or bytes) the page shows; the
    template finds their addresses in ``pdf_files`` (``<img src="{{ pdf_files.photo }}">``),
    and a file that is missing or unreadable has none. ``request`` only sets the address that
    relative links resolve against; ``language`` forces the language of the document;
    ``identifier`` fixes the PDF's identifier, so the same data gives the same file.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    attached = {name: found for name, file in (files or {}).items() if (found := _read(file))}
    context = {**context, "pdf_files": {name: FILE_SCHEME + name for name in attached}}
    if language:
        with translation.override(language):
            page = render_to_string(template, context)
    else:
        page = render_to_string(template, context)
    base_url = _base_url(request)
    font_css, font_files = compact_fonts(page)
    fetcher = _fetcher_class()(base_url=base_url, files={**attached, **font_files})
    font_config = FontConfiguration()
    fonts = [CSS(string=font_css, url_fetcher=fetcher, font_config=font_config)]
    return HTML(string=page, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=fonts,
        font_config=font_config,
        uncompressed_pdf=False,
        custom_metadata=False,
        pdf_identifier=identifier,
    )


# --- what the PDF may load -------------------------------------------------------------------


def _base_url(request) -> str:
    """Where relative links point: this portal (links in a PDF are clicked outside of it)."""
    if request is not None:
        return request.build_absolute_uri("/")
    return (getattr(settings, "PORTAL_BASE_URL", "") or "http://localhost").rstrip("/") + "/"


def _read(file) -> tuple[bytes, str] | None:
    """The content and type of a passed file, or None when there is none or it cannot be read."""
    if not file:
        return None
    if isinstance(file, (bytes, bytearray)):
        # Raster images are recognised by their content; the type matters for SVG only.
        return bytes(file), "application/octet-stream"
    try:
        with file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None
    name = getattr(file, "name", "") or ""
    return content, mimetypes.guess_type(name)[0] or "application/octet-stream"


@functools.cache
def _static_roots() -> tuple[Path, ...]:
    from django.contrib.staticfiles import finders

    roots = [settings.STATIC_ROOT] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        roots += [root for _prefix, root in getattr(finder, "locations", ())]
        roots += [storage.location for storage in getattr(finder, "storages", {}).values()]
    return tuple(Path(root).resolve() for root in roots)


def _static_file(name: str) -> Path | None:
    """The file of a static path ("applications/print.css"), only inside the static roots."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    name = posixpath.normpath(name)
    if name.startswith(("/", "..")) or "\\" in name or "\x00" in name or name == ".":
        return None
    candidates = []
    # Collected (in production hashed) names live under STATIC_ROOT, the others in the finders.
    with contextlib.suppress(NotImplementedError, SuspiciousFileOperation, ValueError):
        candidates.append(staticfiles_storage.path(name))
    with contextlib.suppress(SuspiciousFileOperation, ValueError):
        candidates.append(finders.find(name))
    roots = _static_roots()
    for candidate in filter(None, candidates):
        path = Path(candidate).resolve()
        if path.is_file() and any(path.is_relative_to(root) for root in roots):
            return path
    return None


def resolve_resource(url: str, *, base_url: str, files: Mapping[str, tuple[bytes, str]]):
    """(content, type) for a URL the page may load, else RefusedResource.

    ``data:`` URIs are decoded by WeasyPrint itself and never reach this function.
    """
    if url.startswith(FILE_SCHEME):
        found = files.get(unquote(url.removeprefix(FILE_SCHEME)))
        if found is not None:
            return found
        raise RefusedResource(f"no such file was passed to the PDF: {url[:100]}")
    static_prefix = urljoin(base_url, settings.STATIC_URL)
    parts = urlsplit(url)
    prefix = urlsplit(static_prefix)
    if (
        parts.scheme in ("http", "https")
        and (parts.scheme, parts.netloc) == (prefix.scheme, prefix.netloc)
        and parts.path.startswith(prefix.path)
    ):
        path = _static_file(unquote(parts.path.removeprefix(prefix.path)))
        if path is not None:
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return path.read_bytes(), content_type
    raise RefusedResource(f"not a static file of the portal: {url[:100]}")


@functools.cache
def _tls_context():
    import ssl

    return ssl.create_default_context()


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedURLFetcher(URLFetcher):
        """WeasyPrint's fetcher cut down to data: URIs; the rest is looked up, never fetched."""

        def __init__(self, *, base_url, files):
            # Nothing goes over the network, but urllib's HTTPS handler builds a TLS context
            # (reading the CA store, ~30 ms) unless it is given one: one per process.
            super().__init__(
                allowed_protocols={"data"}, allow_redirects=False, ssl_context=_tls_context()
            )
            self.base_url = base_url
            self.files = files

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            # A refusal is logged by WeasyPrint ("Failed to load image at …: RefusedResource").
            content, content_type = resolve_resource(url, base_url=self.base_url, files=self.files)
            return URLFetcherResponse(url, content, headers={"Content-Type": content_type})

    return RestrictedURLFetcher


# --- the embedded font -----------------------------------------------------------------------


@functools.cache
def _font_file(family: str, style: str) -> tuple[str, int] | None:
    """The file and collection index fontconfig picks for ``family`` (None if not installed)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        found = subprocess.run(  # noqa: S603 - fixed program, the family is our constant
            [fc_match, "-f", "%{file}\n%{index}\n%{family}", f"{family}:style={style}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) < 3 or family not in found[2]:
        return None
    return found[0], int(found[1] or 0)


@functools.cache
def _font_face(path: str, index: int):
    """The HarfBuzz face of a font file (memory-mapped, read once per process)."""
    import uharfbuzz

    return uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path), index)


def compact_fonts(page: str) -> tuple[str, dict[str, tuple[bytes, str]]]:
    """@font-face rules with the CJK font cut down to the characters of ``page``, and the fonts.

    The rules load the fonts as files passed to the PDF (``pdf-file:print-font-normal``): parsing
    them inline as base64 took longer than cutting them. HarfBuzz cuts the font (a few
    milliseconds, where fontTools took two to three seconds for the 26 MB collection); layout
    features and hinting are left out, as a certificate needs neither. Without the font
    installed there are no rules, and WeasyPrint falls back to whatever fontconfig finds for the
    families of print/base.html.
    """
    import uharfbuzz

    codepoints = set(map(ord, page + html.unescape(page) + ALWAYS_IN_FONT))
    rules, files = [], {}
    for weight, style in (("normal", "Regular"), ("bold", "Bold")):
        found = _font_file(PRINT_FONT, style)
        if found is None:
            continue
        wanted = uharfbuzz.SubsetInput()
        wanted.unicode_set.update(codepoints)
        wanted.layout_feature_tag_set.clear()
        wanted.flags = (
            uharfbuzz.SubsetFlags.NO_HINTING
            | uharfbuzz.SubsetFlags.DESUBROUTINIZE
            | uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
        )
        font = uharfbuzz.subset(_font_face(*found), wanted)
        if font is None:
            continue
        name = f"print-font-{weight}"
        files[name] = (font.blob.data, "font/otf")
        rules.append(
            f'@font-face {{ font-family: "{PRINT_FONT_FAMILY}"; font-weight: {weight}; '
            f'src: url("{FILE_SCHEME}{name}"); }}'
        )
    return "\n".join(rules), files
