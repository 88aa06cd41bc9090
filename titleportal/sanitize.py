"""Rich text is sanitised with nh3 on save and again on output."""

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ol",
    "ul",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_TAG_RE = re.compile(r"<[^>]*>")
# Block boundaries read as a break between words; inline tags (<b>职称</b>评审) join text.
_BLOCK_TAG_RE = re.compile(r"</?(?:p|br|li|ol|ul|h[1-6]|blockquote)\b[^>]*>", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")


def sanitize_html(value: str) -> str:
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def visible_text(value: str) -> str:
    """The characters a reader sees: tags dropped, entities decoded, each whitespace run one space."""
    text = _BLOCK_TAG_RE.sub(" ", sanitize_html(value))
    text = html.unescape(_TAG_RE.sub("", text))
    return _SPACE_RE.sub(" ", text).strip()


def visible_length(value: str) -> int:
    return len(visible_text(value))


SAFE_URL_SCHEMES = ("http", "https", "mailto")


def safe_url(value: str) -> str:
    """A stored link for an href: kept when it is http(s), mailto or a path of this site.

    URL fields are validated on save, but a link from an older row, the admin or a script
    could still say javascript: or data:, which would run when clicked.
    """
    from urllib.parse import urlsplit

    text = (value or "").strip()
    # Browsers drop tabs and newlines inside a scheme ("java\tscript:"); so does the check.
    squashed = "".join(ch for ch in text if ch > " ")
    if not squashed:
        return ""
    if squashed.startswith("/") and not squashed.startswith(("//", "/\\")):
        return text
    try:
        scheme = urlsplit(squashed).scheme.lower()
    except ValueError:
        return ""
    return text if scheme in SAFE_URL_SCHEMES else ""
