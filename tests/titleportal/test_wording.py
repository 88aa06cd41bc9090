"""One wording for one thing across the interface."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _interface_files():
    for pattern in ("*/locale/zh_Hans/LC_MESSAGES/django.po", "locale/zh_Hans/LC_MESSAGES/*.po"):
        yield from ROOT.glob(pattern)
    for pattern in ("templates/**/*.html", "*/templates/**/*.html"):
        yield from ROOT.glob(pattern)


def test_the_unit_key_is_called_by_one_name():
    """The seeds say 单位秘钥 and 机构秘钥 for the same key: the portal says 单位秘钥."""
    files = list(_interface_files())
    assert len(files) > 20
    offenders = [str(path.relative_to(ROOT)) for path in files if "机构秘钥" in path.read_text()]
    assert offenders == []
