"""Files of the demo's notices and 下载专区, made when the demo is seeded (nothing binary is
kept in the repository): a one-page PDF with the document's title and lines of text, and
.xlsx forms with their column headings. Each passes the upload checks like a real upload."""

import io
from types import SimpleNamespace


def _font(size: int):
    from PIL import ImageFont

    from titleportal.pdf import _font_file

    found = _font_file("Noto Sans CJK SC", "Regular")
    if found is None:
        return ImageFont.load_default()
    return ImageFont.truetype(found[0], size, index=found[1])


def text_pdf(title: str, lines: list[str]) -> bytes:
    """An A4 page (150 dpi) with ``title`` and ``lines``, as a PDF."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    draw.text((620, 160), title, font=_font(44), fill="black", anchor="mm")
    body = _font(28)
    y = 280
    for line in lines:
        draw.text((140, y), line, font=body, fill="black")
        y += 56
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def form_xlsx(title: str, headings: list[str], rows: int = 10) -> bytes:
    """A sheet with ``title`` on top, the column ``headings`` and empty rows with borders."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "表格"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headings))
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    thin = Side(style="thin")
    for column, heading in enumerate(headings, start=1):
        cell = sheet.cell(row=2, column=column, value=heading)
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(heading) * 2 + 4)
        for row in range(2, rows + 3):
            sheet.cell(row=row, column=column).border = Border(thin, thin, thin, thin)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def publish(record, content: bytes, name: str) -> None:
    """Check ``content`` as an upload of policy DOCUMENT and store it in ``record`` (a
    NoticeAttachment or Download, saved by the caller)."""
    import uuid

    from django.core.files.base import ContentFile

    from titleportal.uploads import DOCUMENT, check_upload

    checked = check_upload(SimpleNamespace(name=name, **_reader(content)), DOCUMENT)
    record.original_name = checked.original_name
    record.content_kind = checked.kind
    record.size = len(checked.content)
    record.file.save(uuid.uuid4().hex + checked.extension, ContentFile(checked.content), save=False)


def _reader(content: bytes) -> dict:
    stream = io.BytesIO(content)
    return {"read": stream.read, "seek": stream.seek}
