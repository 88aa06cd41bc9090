"""Property-based tests of the identifier validators: any input gives a clean answer."""

import datetime
import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from titleportal import validators

REGIONS = ["110101", "310104", "440305", "450102", "450702", "510107", "650102"]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Digits of other scripts that look like digits to str.isdigit() or \d.
OTHER_DIGITS = ["٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹", "०१२३४५६७८९", "০১২৩৪৫৬৭৮৯"]
FULL_WIDTH = "０１２３４５６７８９"


@st.composite
def resident_ids(draw):
    region = draw(st.sampled_from(REGIONS))
    born = draw(
        st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2008, 12, 31))
    )
    sequence = draw(st.integers(min_value=0, max_value=999))
    body = f"{region}{born:%Y%m%d}{sequence:03d}"
    # stdnum's calc_check_digit takes the full number and ignores its last character.
    return body + ric.calc_check_digit(body + "0")


@st.composite
def usccs(draw):
    body = draw(st.sampled_from("19")) + draw(st.sampled_from("1239"))
    body += draw(st.sampled_from(REGIONS))
    body += "".join(draw(st.lists(st.sampled_from(USCC_CHARS), min_size=9, max_size=9)))
    return body + uscc.calc_check_digit(body)


def _answer(validator, value):
    """True if valid, False if refused with a ValidationError in Chinese; anything else is
    a bug."""
    try:
        validator(value)
    except ValidationError as error:
        assert error.messages and all(CJK.search(message) for message in error.messages)
        return False
    return True


@settings(max_examples=300)
@given(st.text(max_size=40))
@example("")
@example("45010219900101123")  # 17 characters
@example("45010219900231123X")  # 31 February
@example("\x00" * 18)
def test_any_text_is_answered_as_a_resident_id(text):
    _answer(validators.validate_resident_id, text)


@settings(max_examples=300)
@given(resident_ids())
def test_generated_resident_ids_are_valid_and_derive_birth_and_gender(number):
    assert _answer(validators.validate_resident_id, number)
    assert _answer(validators.validate_resident_id, number.lower())
    assert validators.birth_date_from_resident_id(number).strftime("%Y%m%d") == number[6:14]
    assert validators.gender_from_resident_id(number) == ("M" if int(number[16]) % 2 else "F")


def _with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("450107198501011235", "西乡塘区 created in 2004, holder born 1985"),
        ("310115198001011238", "浦东新区 created in 1992, holder born 1980"),
        (_with_check_digit("13050519750101123"), "任泽区 created in 2020, holder born 1975"),
        (_with_check_digit("11010319650301123"), "崇文区, abolished in 2010"),
        (_with_check_digit("13050219800101123"), "桥东区 renamed 襄都区 in 2020, born 1980"),
        (_with_check_digit("65220119580101123"), "哈密市 (old code), abolished in 2016"),
        (_with_check_digit("11010519480101123"), "朝阳区, holder born 1948"),
        (_with_check_digit("45010219320101123"), "兴宁区, holder born 1932"),
    ],
)
def test_ids_real_people_hold_are_valid(number, why):
    """An ID is issued or re-issued with the district code in force at that time, so the code
    need only exist or have existed; the birth year does not matter."""
    assert _answer(validators.validate_resident_id, number), why


@pytest.mark.parametrize(
    "body",
    [
        "99999919800101123",  # no such region, ever
        "45990019800101123",  # no such county in 广西
        "45010718991231123",  # born before 1900
        "45010719850230123",  # 30 February
    ],
)
def test_ids_with_an_unknown_region_or_an_impossible_birth_date_are_refused(body):
    assert not _answer(validators.validate_resident_id, _with_check_digit(body))


@pytest.mark.dates
def test_an_id_born_after_today_is_refused_and_one_born_today_is_valid():
    from django.utils import timezone

    today = timezone.localdate()
    assert _answer(validators.validate_resident_id, _with_check_digit(f"450107{today:%Y%m%d}123"))
    tomorrow = today + datetime.timedelta(days=1)
    assert not _answer(
        validators.validate_resident_id, _with_check_digit(f"450107{tomorrow:%Y%m%d}123")
    )


@settings(max_examples=300)
@given(resident_ids(), st.integers(min_value=0, max_value=16), st.sampled_from("0123456789"))
def test_changing_one_digit_is_caught(number, position, digit):
    changed = number[:position] + digit + number[position + 1 :]
    if changed != number:
        assert not _answer(validators.validate_resident_id, changed)


@settings(max_examples=300)
@given(st.text(max_size=40))
@example("91450100MA5L3B2C1G")
def test_any_text_is_answered_as_a_uscc(text):
    _answer(validators.validate_uscc, text)


@settings(max_examples=200)
@given(usccs())
def test_generated_usccs_are_valid(code):
    assert _answer(validators.validate_uscc, code)
    assert _answer(validators.validate_uscc, code.lower())


@settings(max_examples=300)
@given(st.text(max_size=30))
@example("+86 138-0000-0001")
def test_any_text_is_answered_as_a_mobile_number(text):
    if _answer(validators.validate_mobile, text):
        number = validators.normalize_mobile(text)
        # Stored in E.164: "+" and at most 15 ASCII digits.
        assert number.startswith("+") and number[1:].isascii() and number[1:].isdigit()
        assert len(number) <= 16


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mainland_mobile_numbers_are_valid(number):
    assert _answer(validators.validate_mobile, number)


@given(st.one_of(st.none(), st.text(max_size=30)))
def test_masking_never_fails_and_hides_the_middle(value):
    masked = validators.mask_resident_id(value)
    if value and len(value) == 18:
        assert masked[6:14] == "********" and masked[:6] == value[:6]
    validators.mask_mobile(value)
    validators.mask_email(value)
    name = validators.mask_name(value)
    if value:
        assert "*" in name


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("450102199001011232", "校验位"),
        ("4501021990010112", "18位"),
        ("45010219901301123" + ric.calc_check_digit("450102199013011230"), "无效"),
    ],
)
def test_resident_id_messages_are_chinese_and_specific(value, message):
    with pytest.raises(ValidationError) as error:
        validators.validate_resident_id(value)
    assert message in error.value.messages[0]


# --- mutations of valid values are refused --------------------------------------------------


def _in_other_digits(text, digits):
    return text.translate(str.maketrans("0123456789", digits))


@settings(max_examples=200)
@given(resident_ids(), st.sampled_from(OTHER_DIGITS), st.integers(min_value=0, max_value=17))
def test_a_resident_id_with_another_script_digit_is_refused(number, digits, position):
    changed = (
        number[:position] + _in_other_digits(number[position], digits) + number[position + 1 :]
    )
    if changed != number:
        assert not _answer(validators.validate_resident_id, changed)


@settings(max_examples=200)
@given(usccs(), st.integers(min_value=0, max_value=17), st.sampled_from(USCC_CHARS + "IOSVZ"))
def test_changing_one_uscc_character_is_caught(code, position, char):
    changed = code[:position] + char + code[position + 1 :]
    if changed != code:
        assert not _answer(validators.validate_uscc, changed)


@settings(max_examples=200)
@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(OTHER_DIGITS),
    st.integers(min_value=0, max_value=10),
)
def test_a_mobile_number_with_another_script_digit_is_refused(number, digits, position):
    changed = (
        number[:position] + _in_other_digits(number[position], digits) + number[position + 1 :]
    )
    assert not _answer(validators.validate_mobile, changed)


@settings(max_examples=100)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(["", "0", "12"]))
def test_a_mobile_number_of_another_length_is_refused(number, extra):
    assert not _answer(
        validators.validate_mobile, number[:-1] + extra if extra != "0" else number + extra
    )


@pytest.mark.parametrize("value", ["1٣800000001", "１３８００００００００１", "2380000000１"])
def test_odd_mobile_numbers_are_refused(value):
    assert not _answer(validators.validate_mobile, value)


@settings(max_examples=100)
@given(resident_ids(), usccs(), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_full_width_input_is_accepted_and_kept_in_ascii(number, code, mobile):
    full_width = str.maketrans(
        "0123456789ABCDEFGHJKLMNPQRTUWXY", FULL_WIDTH + "ＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ"
    )
    for validator, normalize, value in (
        (validators.validate_resident_id, validators.normalize_resident_id, number),
        (validators.validate_uscc, validators.normalize_uscc, code),
        (validators.validate_mobile, validators.normalize_mobile, mobile),
    ):
        typed = value.translate(full_width)
        assert _answer(validator, typed)
        expected = "+86" + value if normalize is validators.normalize_mobile else value
        assert normalize(typed) == expected


# --- dates ----------------------------------------------------------------------------------


def _date_field():
    """The date field of the portal's forms (applications.forms.DATE_WIDGET, ISO input)."""
    from applications.forms import DATE_WIDGET

    return forms.DateField(widget=DATE_WIDGET)


@settings(max_examples=200)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_generated_dates_are_read_back(day):
    assert _date_field().clean(day.isoformat()) == day


@settings(max_examples=200)
@given(
    st.integers(min_value=1900, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=29, max_value=40),
)
def test_days_past_the_end_of_a_month_are_refused(year, month, day):
    text = f"{year}-{month:02d}-{day:02d}"
    try:
        expected = datetime.date(year, month, day)
    except ValueError:
        assert not _answer(_date_field().clean, text)
    else:
        assert _date_field().clean(text) == expected


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=30), st.sampled_from(["2026-１-01", "٢٠٢٦-٠١-٠١", "\x00"])))
def test_any_text_is_answered_as_a_date(text):
    _answer(_date_field().clean, text)


def test_an_end_date_before_the_start_is_refused_in_chinese():
    from applications.forms import RowFormMixin

    class Rows(RowFormMixin, forms.Form):
        started_on = _date_field()
        ended_on = _date_field()

    from django.test import RequestFactory

    data = {"started_on": "2020-05-01", "ended_on": "2020-04-30"}
    form = Rows(data, request=RequestFactory().post("/", data))
    assert not form.is_valid()
    assert CJK.search(form.errors["ended_on"][0])
