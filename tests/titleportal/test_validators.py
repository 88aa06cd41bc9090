"""Property-based tests of the identifier validators: any input gives a clean answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from titleportal import validators

REGIONS = ["110101", "310104", "440305", "450102", "450702", "510107", "650102"]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@st.composite
def resident_ids(draw):
    region = draw(st.sampled_from(REGIONS))
    # stdnum also checks that the county existed in the birth year; these all did by 2000.
    born = draw(
        st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2008, 12, 31))
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
    """True if valid, False if refused with a ValidationError; anything else is a bug."""
    try:
        validator(value)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
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
        assert len(number) == 11 and number.startswith("1") and number.isdigit()


@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True))
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
