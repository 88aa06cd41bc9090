"""Every source string has a Chinese translation, and each compiled .mo matches its .po.

The project catalog (locale/) holds the strings of titleportal/ and templates/; each app keeps
its own catalog in <app>/locale. Extraction needs GNU gettext; without it that test is skipped
locally, and CI installs it.
"""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
APPS = [
    "reference",
    "accounts",
    "units",
    "applications",
    "reviews",
    "certificates",
    "payments",
    "registries",
    "talent",
    "api",
]
CATALOG_DIRS = [BASE_DIR, *(BASE_DIR / app for app in APPS)]
GETTEXT = shutil.which("msgfmt") and shutil.which("xgettext")
COPIED = ["manage.py", "titleportal", "templates", "locale", *APPS]
MAKEMESSAGES = ["makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"]


def po_path(directory: Path) -> Path:
    return directory / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    """Undo the C escapes of a .po string (only these four occur in our catalogs)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def _entries(po_text: str):
    """(msgid, msgstrs, fuzzy) for each entry of a .po file, header excluded.

    An entry with a context (pgettext) is keyed as gettext stores it: "context\x04msgid".
    """
    entries = []
    for block in re.split(r"\n\s*\n", po_text):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fuzzy = re.search(r"^#,.*\bfuzzy\b", block, re.M) is not None
        head = block.split("\nmsgstr")[0]
        context = ""
        if "\nmsgctxt" in "\n" + head:
            before, head = re.split(r"^msgid\s", head, maxsplit=1, flags=re.M)
            head = "msgid " + head
            context = "".join(re.findall(r'"(.*)"', before.split("msgctxt", 1)[1]))
        msgid = "".join(re.findall(r'^(?:msgid\s+)?"(.*)"$', head.split("msgid_plural")[0], re.M))
        if context and msgid:
            msgid = f"{context}\x04{msgid}"
        strs = re.findall(r'^msgstr(?:\[\d\])?\s+"(.*)"((?:\n".*")*)', block, re.M)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strs]
        if msgid:
            entries.append((_unescape(msgid), [_unescape(v) for v in values], fuzzy))
    return entries


@pytest.mark.parametrize("directory", CATALOG_DIRS, ids=lambda d: d.name)
def test_catalog_is_complete(directory):
    entries = _entries(po_path(directory).read_text(encoding="utf-8"))
    untranslated = [msgid for msgid, values, _ in entries if not all(values)]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("directory", CATALOG_DIRS, ids=lambda d: d.name)
def test_compiled_catalog_matches_the_po_file(directory):
    with po_path(directory).with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for msgid, values, _ in _entries(po_path(directory).read_text(encoding="utf-8")):
        if len(values) == 1:
            assert catalog.gettext(msgid) == values[0], msgid


@pytest.mark.skipif(not GETTEXT, reason="GNU gettext is not installed (apt-get install gettext)")
def test_every_source_string_is_in_a_catalog(tmp_path):
    """Extract the strings again into a copy of the sources: nothing may lack a translation."""
    for name in COPIED:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    env = {
        "DJANGO_SETTINGS_MODULE": "titleportal.settings",
        "DEBUG": "1",
        "VAR_DIR": str(tmp_path / "var"),
        "NODE_MODULES": str(BASE_DIR / "node_modules"),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "PYTHONPATH": str(tmp_path),
    }
    manage = str(tmp_path / "manage.py")
    ignores = [arg for app in APPS for arg in ("-i", f"{app}/*")]
    runs = [(tmp_path, [*MAKEMESSAGES, "-i", "var/*", *ignores])]
    runs += [(tmp_path / app, MAKEMESSAGES) for app in APPS]
    missing = []
    for cwd, args in runs:
        subprocess.run(
            [sys.executable, manage, *args],
            cwd=cwd,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        fresh = _entries(po_path(cwd).read_text(encoding="utf-8"))
        missing += [(cwd.name, msgid) for msgid, values, fuzzy in fresh if not all(values) or fuzzy]
    assert not missing, f"strings without a Chinese translation (run make messages): {missing[:30]}"


def test_no_msgid_is_translated_differently_in_two_catalogs():
    """Django uses the first catalog that has a msgid: the project's, then the apps' in order.
    The same English text translated differently elsewhere would silently change wording."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for directory in CATALOG_DIRS:
        for msgid, values, _fuzzy in _entries(po_path(directory).read_text(encoding="utf-8")):
            if len(values) != 1:
                continue
            if msgid in seen and seen[msgid][1] != values[0]:
                clashes.append((msgid, seen[msgid], (directory.name, values[0])))
            seen.setdefault(msgid, (directory.name, values[0]))
    assert not clashes, (
        "same msgid, different Chinese (use a distinct English text):\n"
        + "\n".join(f"{msgid!r}: {a} vs {b}" for msgid, a, b in clashes)
    )


def test_django_labels_missing_from_its_catalog_are_chinese():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "请选择"
