"""Validators for Chinese identifiers, shared by every form that takes them.

The checks themselves come from python-stdnum (GB 11643 resident ID, GB 32100 USCC); these
wrappers only normalise the input and phrase the error for the person typing it.
"""

import datetime
import json
import re
import unicodedata
from functools import cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
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
    """A typed phone number in E.164 (``+8613800138000``, ``+85291234567``).

    An 11-digit mainland number may be typed without ``+86``; numbers elsewhere need their
    country code (``+852``, ``00852``). What cannot be read comes back as typed (without
    spaces and dashes), for ``validate_mobile`` to refuse.
    """
    typed = re.sub(r"[\s()-]", "", _half_width(value))
    if not typed:
        return ""
    if not typed.isascii():
        return typed  # other scripts' digits (phonenumbers would read them) are refused
    if typed.startswith("00"):
        typed = "+" + typed[2:]
    try:
        number = phonenumbers.parse(typed, None if typed.startswith("+") else "CN")
    except phonenumbers.NumberParseException:
        return typed
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_contact_phone(value: str) -> str:
    """A contact telephone (landline or mobile) as typed, without spaces and dashes."""
    number = re.sub(r"[\s-]", "", _half_width(value))
    if number.startswith("+86"):
        number = number[3:]
    return number


MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def is_mobile(value: str) -> bool:
    """Whether ``value`` is a mobile number that can receive SMS: mainland (1[3-9], 11 digits),
    Hong Kong, Macao, Taiwan or abroad, as the phonenumbers metadata knows them."""
    normalized = normalize_mobile(value)
    if not normalized.startswith("+") or not normalized[1:].isascii():
        return False
    try:
        number = phonenumbers.parse(normalized, None)
    except phonenumbers.NumberParseException:
        return False
    if number.country_code == 86:
        return bool(MOBILE_RE.match(str(number.national_number)))
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in MOBILE_TYPES


def validate_mobile(value: str) -> None:
    if not is_mobile(value):
        raise ValidationError(
            _(
                "Enter an 11-digit mainland mobile number starting with 1, or a mobile number "
                "elsewhere with its country code, such as +852 9123 4567."
            ),
            code="mobile",
        )


def display_mobile(value: str | None) -> str:
    """How a stored number is shown: mainland numbers as 11 digits, others in international
    format (+852 9123 4567)."""
    if not value:
        return ""
    if value.startswith("+86"):
        return value[3:]
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- identity documents ---------------------------------------------------------------------


class IdType(models.TextChoices):
    """证件类型 (the seeds' registration and basic-information lists)."""

    RESIDENT_ID = "resident_id", _("Resident ID card")
    HK_MACAO_RESIDENCE = (
        "hk_macao_residence",
        _("Residence permit for Hong Kong and Macao residents"),
    )
    TAIWAN_RESIDENCE = "taiwan_residence", _("Residence permit for Taiwan residents")
    HK_MACAO_PERMIT = (
        "hk_macao_permit",
        _("Mainland travel permit for Hong Kong and Macao residents"),
    )
    TAIWAN_PERMIT = "taiwan_permit", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreigner's permanent residence ID card")
    PASSPORT = "passport", _("Passport")


# Types whose number carries the birth date and sex as a resident ID does (GB 11643 layout).
GB11643_TYPES = {
    IdType.RESIDENT_ID,
    IdType.HK_MACAO_RESIDENCE,
    IdType.TAIWAN_RESIDENCE,
}

HK_MACAO_PERMIT_RE = re.compile(r"^[HM](?:[0-9]{8}|[0-9]{10})\Z")
TAIWAN_PERMIT_RE = re.compile(r"^[0-9]{8}\Z")
FOREIGN_PERMANENT_2017_RE = re.compile(r"^[A-Z]{3}[0-9]{12}\Z")
FOREIGN_PERMANENT_2023_RE = re.compile(r"^9[0-9]{16}[0-9X]\Z")
PASSPORT_RE = re.compile(r"^[A-Z0-9]{5,17}\Z")

ID_NUMBER_MAX_LENGTH = 18


def normalize_id_number(value: str) -> str:
    """Any document number: half-width, upper case, without spaces, dashes and brackets
    (港澳通行证 numbers are often written H1234567(8))."""
    return re.sub(r"[\s()\-]", "", _half_width(value)).upper()


def _gb11643_number(number: str, *, prefixes: tuple[str, ...]) -> None:
    """An 18-character number built as a resident ID (region, birth date, sequence, MOD 11-2
    check character) whose first digits are one of ``prefixes``."""
    if len(number) != 18:
        raise ValidationError(_("This number has 18 characters."), code="length")
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        raise ValidationError(_("This number has 17 digits and a check character."), code="invalid")
    if not number.startswith(prefixes):
        raise ValidationError(
            _("This number starts with %(prefix)s.") % {"prefix": " / ".join(prefixes)},
            code="prefix",
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check character of this number is wrong; please check it."), code="checksum"
        )
    try:
        born = ric.get_birth_date(number)
    except ric.ValidationError:
        born = None
    if born is None or born < datetime.date(1900, 1, 1) or born > timezone.localdate():
        raise ValidationError(_("The birth date in this number is not a real date."), code="birth")


def foreign_permanent_2017_check(number: str) -> str:
    """The check digit of a 15-character permanent residence card (2017 and earlier): the
    ICAO 9303 method over the first 14 characters (letters A=10 … Z=35, weights 7, 3, 1)."""
    total = 0
    for index, char in enumerate(number[:14]):
        digit = int(char) if char.isdigit() else ord(char) - ord("A") + 10
        total += digit * (7, 3, 1)[index % 3]
    return str(total % 10)


def _validate_foreign_permanent(number: str) -> None:
    if FOREIGN_PERMANENT_2023_RE.match(number):
        _gb11643_number(number, prefixes=("9",))
        return
    if not FOREIGN_PERMANENT_2017_RE.match(number):
        raise ValidationError(
            _(
                "A permanent residence card number has 15 characters (3 letters and 12 digits) "
                "or, since 2023, 18 characters starting with 9."
            ),
            code="invalid",
        )
    try:
        datetime.datetime.strptime(number[5:11], "%y%m%d")  # noqa: DTZ007 - only a date check
    except ValueError:
        raise ValidationError(
            _("The birth date in this number is not a real date."), code="birth"
        ) from None
    if foreign_permanent_2017_check(number) != number[14]:
        raise ValidationError(
            _("The check character of this number is wrong; please check it."), code="checksum"
        )


def validate_id_number(id_type: str, value: str) -> None:
    """Check ``value`` as a number of document ``id_type``, each by its own rule."""
    number = normalize_id_number(value)
    if id_type == IdType.RESIDENT_ID:
        if number.startswith(("810000", "820000", "830000")):
            raise ValidationError(
                _(
                    "This is the number of a residence permit for Hong Kong, Macao or Taiwan "
                    "residents; choose that type of document."
                ),
                code="residence_permit",
            )
        validate_resident_id(number)
    elif id_type == IdType.HK_MACAO_RESIDENCE:
        _gb11643_number(number, prefixes=("810000", "820000"))
    elif id_type == IdType.TAIWAN_RESIDENCE:
        _gb11643_number(number, prefixes=("830000",))
    elif id_type == IdType.HK_MACAO_PERMIT:
        if not HK_MACAO_PERMIT_RE.match(number):
            raise ValidationError(
                _("A Hong Kong or Macao travel permit number is H or M and 8 or 10 digits."),
                code="invalid",
            )
    elif id_type == IdType.TAIWAN_PERMIT:
        if not TAIWAN_PERMIT_RE.match(number):
            raise ValidationError(_("A Taiwan travel permit number has 8 digits."), code="invalid")
    elif id_type == IdType.FOREIGN_PERMANENT:
        _validate_foreign_permanent(number)
    elif id_type == IdType.PASSPORT:
        if not PASSPORT_RE.match(number):
            raise ValidationError(
                _("A passport number has 5 to 17 letters and digits."), code="invalid"
            )
    else:
        raise ValidationError(_("Choose the type of identity document."), code="id_type")


def is_id_number(value: str) -> bool:
    """Whether ``value`` is a valid number of any document type (for fields that find a
    person by number alone)."""
    number = normalize_id_number(value)
    for id_type in IdType.values:
        try:
            validate_id_number(id_type, number)
        except ValidationError:
            continue
        return True
    return False


def birth_date_from_id_number(id_type: str, value: str):
    if id_type in GB11643_TYPES or (
        id_type == IdType.FOREIGN_PERMANENT and FOREIGN_PERMANENT_2023_RE.match(value)
    ):
        return ric.get_birth_date(normalize_id_number(value))
    return None


def gender_from_id_number(id_type: str, value: str) -> str:
    if birth_date_from_id_number(id_type, value) is None:
        return ""
    return gender_from_resident_id(value)


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
    if len(value) < 14:
        # Travel permits and passports: 8 to 11 characters, first two and last two shown.
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(value: str | None) -> str:
    """+8613800138000 -> 138****8000; +85291234567 -> +852 91****67."""
    if not value:
        return ""
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("+"):
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return value[:3] + "****" + value[-2:]
        national = str(number.national_number)
        return (
            f"+{number.country_code} {national[:2]}{'*' * max(2, len(national) - 4)}{national[-2:]}"
        )
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
