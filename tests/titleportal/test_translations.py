"""Every source string has a Chinese translation, and the committed .mo matches the .po.

Extraction needs GNU gettext (xgettext/msgfmt); without it these tests are skipped locally,
and CI installs it.
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
LOCALE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
GETTEXT = shutil.which("msgfmt") and shutil.which("xgettext")
COPIED = [
    "manage.py",
    "titleportal",
    "accounts",
    "units",
    "applications",
    "reviews",
    "certificates",
    "payments",
    "templates",
    "locale",
]


def _entries(po_text: str):
    """(msgid, msgstrs, fuzzy) for each entry of a .po file, header excluded."""
    entries = []
    for block in re.split(r"\n\s*\n", po_text):
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*fuzzy", block, re.M) is not None
        msgid = "".join(
            re.findall(r'^(?:msgid|msgid_plural)?\s*"(.*)"$', block.split("msgstr")[0], re.M)
        )
        strs = re.findall(r'^msgstr(?:\[\d\])?\s+"(.*)"((?:\n".*")*)', block, re.M)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strs]
        if msgid:
            entries.append((msgid, values, fuzzy))
    return entries


def test_po_file_is_complete():
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    untranslated = [msgid for msgid, values, _ in _entries(po) if not all(values)]
    fuzzy = [msgid for msgid, _, is_fuzzy in _entries(po) if is_fuzzy]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_compiled_catalog_contains_every_translation():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    po = (LOCALE / "django.po").read_text(encoding="utf-8")
    for msgid, values, _ in _entries(po):
        if len(values) == 1:
            expected = values[0].encode().decode("unicode_escape").encode("latin-1").decode()
            assert (
                catalog.gettext(msgid.encode().decode("unicode_escape").encode("latin-1").decode())
                == expected
            ), msgid


@pytest.mark.skipif(not GETTEXT, reason="GNU gettext is not installed (apt-get install gettext)")
def test_every_source_string_is_in_the_catalog(tmp_path):
    """Extract the strings again into a copy of the sources; no new msgid may appear."""
    for name in COPIED:
        source = BASE_DIR / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    env_python = sys.executable
    subprocess.run(
        [
            env_python,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-i",
            "node_modules/*",
            "-i",
            ".venv/*",
            "-i",
            "var/*",
            "-i",
            "tests/*",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "DJANGO_SETTINGS_MODULE": "titleportal.settings",
            "DEBUG": "1",
            "VAR_DIR": str(tmp_path / "var"),
            "NODE_MODULES": str(BASE_DIR / "node_modules"),
            "PATH": "/usr/bin:/bin:/usr/local/bin",
        },
    )
    fresh = _entries(
        (tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    )
    missing = [msgid for msgid, values, fuzzy in fresh if not all(values) or fuzzy]
    assert not missing, f"strings without a Chinese translation (run make messages): {missing[:30]}"
