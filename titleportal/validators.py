"""Validators for Chinese identifiers, shared by every form that takes them.

The checks themselves come from python-stdnum (GB 11643 resident ID, GB 32100 USCC); these
wrappers only normalise the input and phrase the error for the person typing it.
"""

import datetime
import json
import re
import unicodedata
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric, uscc

# ASCII only: \d would also match other scripts' digits such as "١٣٨".
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}\Z")
ROW_ID_RE = re.compile(r"[0-9]{1,18}")


def is_row_id(value) -> bool:
    """Whether ``value`` can be the id of a row: ASCII digits that a 64-bit column holds.

    str.isdigit() is not enough: it accepts '²' (which int() refuses) and other scripts'
    digits such as '١٢٣' (which int() reads, so a unit could be chosen in Arabic digits).
    """
    return bool(ROW_ID_RE.fullmatch(str(value)))


def _half_width(value) -> str:
    """Full-width letters and digits (typed with a Chinese input method) as ASCII; other
    scripts' digits stay as they are, and are refused by the checks."""
    return unicodedata.normalize("NFKC", str(value or ""))


def normalize_resident_id(value: str) -> str:
    return _half_width(value).strip().replace(" ", "").upper()


@cache
def _current_region_codes() -> frozenset[str]:
    """Codes of today's GB/T 2260 data (the npm package the regions are loaded from): it
    may know districts created after python-stdnum's table was compiled."""
    from reference.loaders import regions_file

    path = regions_file()
    if not path.exists():
        return frozenset()
    codes: set[str] = set()
    nodes = json.loads(path.read_text(encoding="utf-8"))
    while nodes:
        node = nodes.pop()
        codes.add(node["code"])
        nodes.extend(node.get("children", []))
    return frozenset(codes)


def region_code_known(code: str) -> bool:
    """Whether a six-digit address code exists or ever existed (GB/T 2260).

    python-stdnum's table records each county with the years it was in use; an ID number is
    issued or re-issued with the code in force at that time, not at the birth date, so a code
    created after the birth year is valid as long as it exists or existed at all.
    """
    recorded = any("county" in props for _part, props in numdb.get("cn/loc").info(code))
    return recorded or code in _current_region_codes()


def validate_resident_id(value: str) -> None:
    """GB 11643: 17 digits and a check character, a real birth date, a known region code.

    python-stdnum's ``ric.validate`` also requires the district to have existed in the birth
    year, which refuses real people (450107 西乡塘区 was created in 2004; those born there in
    1985 hold IDs with it), so the checks are put together here from its parts.
    """
    number = normalize_resident_id(value)
    if len(number) != 18:
        raise ValidationError(_("A resident ID number has 18 characters."), code="length")
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise ValidationError(
            _("This is not a valid resident ID number (region or birth date is wrong)."),
            code="invalid",
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit of this resident ID number is wrong; please check it."),
            code="checksum",
        )
    try:
        born = ric.get_birth_date(number)
    except ric.ValidationError:
        born = None
    if (
        born is None
        or born < datetime.date(1900, 1, 1)
        or born > timezone.localdate()
        or not region_code_known(number[:6])
    ):
        raise ValidationError(
            _("This is not a valid resident ID number (region or birth date is wrong)."),
            code="invalid",
        )


def gender_from_resident_id(value: str) -> str:
    """'M' or 'F' from the 17th digit (odd for men)."""
    return "M" if int(normalize_resident_id(value)[16]) % 2 else "F"


def birth_date_from_resident_id(value: str):
    return ric.get_birth_date(normalize_resident_id(value))


def normalize_mobile(value: str) -> str:
    number = re.sub(r"[\s-]", "", _half_width(value))
    if number.startswith("+86"):
        number = number[3:]
    return number


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(
            _("Enter an 11-digit mainland mobile number starting with 1."), code="mobile"
        )


def normalize_uscc(value: str) -> str:
    return _half_width(value).strip().replace(" ", "").upper()


def validate_uscc(value: str) -> None:
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    try:
        uscc.validate(code)
    except uscc.InvalidChecksum:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."),
            code="checksum",
        ) from None
    except uscc.ValidationError:
        raise ValidationError(
            _("This is not a valid unified social credit code."), code="invalid"
        ) from None


def mask_resident_id(value: str | None) -> str:
    """450102199001011231 -> 450102********1231: region and last four stay readable."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:]


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return value or ""
    name, domain = value.split("@", 1)
    return (name[:1] + "***" + name[-1:] if len(name) > 1 else name + "***") + "@" + domain


def mask_name(value: str | None) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧**娜: one character hidden at least."""
    if not value:
        return ""
    if len(value) <= 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]
