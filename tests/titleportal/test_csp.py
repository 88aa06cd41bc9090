"""Content-Security-Policy: the markup and scripts the portal ships need nothing the policy
forbids. A static scan of our own templates and JavaScript, and the effective policy.

The policy allows scripts from our origin plus nonce-carrying inline scripts, and styles from
our origin only, so an inline event handler, a javascript: URL, a style="" attribute or a
<style> block would be blocked in the browser (and the feature behind it silently broken).
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.csp import CSP

BASE_DIR = Path(settings.BASE_DIR).resolve()

# Nonce spellings a template may use: the csp context processor's variable, or Django's tag.
NONCE = re.compile(r"""\bnonce=["']\{\{\s*csp_nonce\s*\}\}["']|\{%\s*csp_nonce_attr\s*%\}""")
EVENT_HANDLER = re.compile(r"""<[a-zA-Z][^>]*?\son[a-z]+\s*=""", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle\s*=""", re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_TAG = re.compile(r"<style\b([^>]*)>", re.I)
# <script> types a browser does not execute (data blocks, e.g. json_script).
DATA_SCRIPT_TYPE = re.compile(r"""\btype=["'](?:application/(?:ld\+)?json|text/template)["']""")

# Templates rendered only into PDFs by WeasyPrint (which applies no CSP and fetches nothing),
# never served to a browser: their <style> blocks carry @page rules and template blocks.
PDF_ONLY_TEMPLATES = {
    "print/base.html": "titleportal/pdf.py",
    "reviews/pdf/_print_base.html": "reviews/views.py",
}

# What our own JavaScript must not do: handler attributes and inline styles written as markup,
# string evaluation.
JS_FORBIDDEN = {
    "inline event handler in markup": re.compile(
        r"""<[^>]*\son[a-z]+\s*=|setAttribute\(\s*["']on"""
    ),
    "inline style attribute": re.compile(
        r"""setAttribute\(\s*["']style["']|\sstyle\s*=\s*\\?["']"""
    ),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "string evaluation": re.compile(
        r"""\beval\s*\(|\bnew\s+Function\s*\(|set(?:Timeout|Interval)\(\s*["'`]"""
    ),
}


def template_dirs() -> list[Path]:
    dirs = [Path(d).resolve() for d in settings.TEMPLATES[0]["DIRS"]]
    for config in apps.get_app_configs():
        path = Path(config.path).resolve() / "templates"
        if path.is_relative_to(BASE_DIR) and ".venv" not in path.parts and path.is_dir():
            dirs.append(path)
    return dirs


def our_templates() -> list[tuple[str, Path]]:
    found = []
    for directory in template_dirs():
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}:
                found.append((path.relative_to(directory).as_posix(), path))
    return found


def our_scripts() -> list[Path]:
    static = BASE_DIR / "static"
    return sorted(p for p in static.rglob("*") if p.suffix in {".js", ".mjs"})


TEMPLATES = our_templates()
SCRIPTS = our_scripts()


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def template_problems(name: str, text: str) -> list[str]:
    problems = []
    for pattern, what in (
        (EVENT_HANDLER, "inline event handler"),
        (JAVASCRIPT_URL, "javascript: URL"),
        (STYLE_ATTRIBUTE, 'inline style="" attribute'),
    ):
        problems += [f"{name}:{line_of(text, m.start())}: {what}" for m in pattern.finditer(text)]
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        if "src=" in attrs or DATA_SCRIPT_TYPE.search(attrs) or NONCE.search(attrs):
            continue
        problems.append(f"{name}:{line_of(text, match.start())}: inline <script> without nonce")
    if name not in PDF_ONLY_TEMPLATES:
        for match in STYLE_TAG.finditer(text):
            problems.append(f"{name}:{line_of(text, match.start())}: <style> block")
    return problems


def test_the_scan_finds_templates_of_every_app():
    names = {name for name, _ in TEMPLATES}
    assert len(TEMPLATES) > 100
    for sample in (
        "base.html",
        "applications/print/application.html",
        "reviews/reviewer/_base.html",
        "certificates/public/verify.html",
        "units/public/register.html",
        "account/login.html",
    ):
        assert sample in names
    assert len(SCRIPTS) >= 5


def test_the_scan_recognises_what_the_policy_blocks():
    """The patterns themselves: each forbidden construct is caught, the allowed ones pass."""
    bad = {
        '<button onclick="go()">': "inline event handler",
        "<a\n  class=x\n  onmouseover='x'>": "inline event handler",
        '<a href="javascript:void(0)">': "javascript: URL",
        '<div class="a" style="color: red">': "inline style",
        "<script>alert(1)</script>": "inline <script> without nonce",
        '<script nonce="abc">x</script>': "inline <script> without nonce",
        "<style>p { color: red }</style>": "<style> block",
    }
    for markup, what in bad.items():
        problems = template_problems("sample.html", markup)
        assert problems and what in problems[0], markup
    good = [
        '<script src="/static/js/portal.js"></script>',
        '<script nonce="{{ csp_nonce }}">init()</script>',
        "<script {% csp_nonce_attr %}>init()</script>",
        '<script type="application/json" id="data">{}</script>',
        '<button class="js-print" data-onclick="x" hx-on="no">',
        '<input name="online" data-style="x">',
    ]
    for markup in good:
        assert template_problems("sample.html", markup) == [], markup


def test_no_template_needs_what_the_policy_blocks():
    problems = []
    for name, path in TEMPLATES:
        problems += template_problems(name, path.read_text(encoding="utf-8"))
    assert problems == [], "\n".join(problems)


def test_style_blocks_only_in_templates_rendered_into_pdfs():
    """The print templates with <style> blocks are rendered by WeasyPrint, not served as pages:
    no view renders them (or a template extending them) into an HTML response."""
    children = {
        base: sorted(
            name
            for name, path in TEMPLATES
            if re.search(r"""\{%\s*extends\s+["']""" + re.escape(base), path.read_text("utf-8"))
        )
        for base in PDF_ONLY_TEMPLATES
    }
    sources = {
        path: path.read_text("utf-8")
        for path in BASE_DIR.glob("*/*.py")
        if path.parts[-2] not in {".venv", "node_modules", "tests"}
    }
    for base, names in children.items():
        assert names, base
        for name in [base, *names]:
            for path, source in sources.items():
                for match in re.finditer(re.escape(f'"{name}"'), source):
                    before = source[max(0, match.start() - 300) : match.start()]
                    call = re.findall(
                        r"\b(render_pdf|render_to_string|render|TemplateResponse)\(", before
                    )
                    assert call and call[-1] in {"render_pdf", "render_to_string"}, (name, path)
                    if call[-1] == "render_to_string":
                        # Only into WeasyPrint: the same function hands the HTML to HTML(...).
                        assert "HTML(string=html" in source, (name, path)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(BASE_DIR).as_posix())
def test_our_javascript_needs_nothing_the_policy_blocks(path):
    text = path.read_text(encoding="utf-8")
    problems = [
        f"{path.name}:{line_of(text, m.start())}: {what}"
        for what, pattern in JS_FORBIDDEN.items()
        for m in pattern.finditer(text)
    ]
    assert problems == []


def directive(policy: dict, name: str) -> list[str]:
    return [str(value) for value in policy.get(name, policy.get("default-src", []))]


def test_the_configured_policy_allows_no_inline_code_or_eval():
    for setting in ("SECURE_CSP", "SECURE_CSP_REPORT_ONLY"):
        policy = getattr(settings, setting, {}) or {}
        for name, values in policy.items():
            values = [str(v) for v in values]
            assert "'unsafe-inline'" not in values, (setting, name)
            assert "'unsafe-eval'" not in values, (setting, name)
            assert "'unsafe-hashes'" not in values, (setting, name)
            assert "*" not in values, (setting, name)
    policy = settings.SECURE_CSP
    assert "'self'" in directive(policy, "script-src")
    assert CSP.NONCE in policy["script-src"]
    assert directive(policy, "style-src") == ["'self'"]
    assert directive(policy, "object-src") == ["'none'"]
    assert directive(policy, "frame-ancestors") == ["'none'"]
    assert directive(policy, "base-uri") == ["'self'"]
    assert directive(policy, "form-action") == ["'self'"]


@pytest.mark.django_db
def test_pages_carry_the_policy_with_a_fresh_nonce(client):
    """The header a browser receives: no unsafe sources, no inline styles, no framing."""
    headers = [client.get(url).headers for url in ("/", "/accounts/login/", "/", "/admin/login/")]
    for header in headers:
        policy = header["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self';" in policy + ";"
        assert "frame-ancestors 'none'" in policy
