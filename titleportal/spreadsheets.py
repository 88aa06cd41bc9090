"""Text cells of the .xlsx files the portal writes and reads.

A cell whose text starts with = + - @ (or a tab or carriage return) is read by spreadsheet
programs as a formula, so a name such as ``=HYPERLINK(...)`` typed into a form would run when
an officer opens the export. Such text is written with a leading apostrophe, which shows it
as the text it is; reading an imported file takes that apostrophe off again.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """``value`` as an export writes it: text that could start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def read_text_cell(value) -> str:
    """The text of an imported cell: stripped, and the apostrophe of ``text_cell`` taken off."""
    text = "" if value is None else str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
