"""Every kind of identity document and phone number (issue 16): formats, check characters,
registration, sign-in and recovery with the number, and phones in E.164."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from tests.accounts.conftest import CAPTCHA, last_code
from titleportal import validators
from titleportal.validators import IdType

HK_RESIDENCE = "810000199001011230"
MACAO_RESIDENCE = "820000200002290048"
TAIWAN_RESIDENCE = "830000198512310020"
PERMANENT_2023 = "911840198001010013"
PERMANENT_2017 = "USA118001010019"

VALID = [
    (IdType.RESIDENT_ID, "11010519491231002X"),
    (IdType.RESIDENT_ID, "11010519491231002x"),
    (IdType.HK_MACAO_RESIDENCE, HK_RESIDENCE),
    (IdType.HK_MACAO_RESIDENCE, MACAO_RESIDENCE),
    (IdType.TAIWAN_RESIDENCE, TAIWAN_RESIDENCE),
    (IdType.HK_MACAO_PERMIT, "H12345678"),
    (IdType.HK_MACAO_PERMIT, "M1234567890"),
    (IdType.HK_MACAO_PERMIT, "h 1234 5678"),
    (IdType.TAIWAN_PERMIT, "12345678"),
    (IdType.FOREIGN_PERMANENT, PERMANENT_2017),
    (IdType.FOREIGN_PERMANENT, PERMANENT_2023),
    (IdType.PASSPORT, "E12345678"),
    (IdType.PASSPORT, "K1234567"),
]

INVALID = [
    (IdType.RESIDENT_ID, "110105194912310021", "checksum"),
    (IdType.RESIDENT_ID, HK_RESIDENCE, "residence_permit"),
    (IdType.HK_MACAO_RESIDENCE, "810000199001011231", "checksum"),
    (IdType.HK_MACAO_RESIDENCE, TAIWAN_RESIDENCE, "prefix"),
    (IdType.HK_MACAO_RESIDENCE, "8100001990010112", "length"),
    (IdType.HK_MACAO_RESIDENCE, "810000199013011238", "birth"),
    (IdType.TAIWAN_RESIDENCE, HK_RESIDENCE, "prefix"),
    (IdType.TAIWAN_RESIDENCE, "830000198512310021", "checksum"),
    (IdType.HK_MACAO_PERMIT, "H1234567", "invalid"),
    (IdType.HK_MACAO_PERMIT, "A12345678", "invalid"),
    (IdType.HK_MACAO_PERMIT, "H123456789", "invalid"),
    (IdType.TAIWAN_PERMIT, "1234567", "invalid"),
    (IdType.TAIWAN_PERMIT, "T1234567", "invalid"),
    (IdType.FOREIGN_PERMANENT, "USA118001010018", "checksum"),
    (IdType.FOREIGN_PERMANENT, "USA118013010019", "birth"),
    (IdType.FOREIGN_PERMANENT, "US1118001010019", "invalid"),
    (IdType.FOREIGN_PERMANENT, "911840198001010012", "checksum"),
    (IdType.FOREIGN_PERMANENT, "11010519491231002X", "invalid"),
    (IdType.PASSPORT, "E12", "invalid"),
    (IdType.PASSPORT, "E1234567890123456789", "invalid"),
    (IdType.PASSPORT, "E1234_678", "invalid"),
]


@pytest.mark.parametrize(("id_type", "number"), VALID)
def test_each_document_accepts_its_own_format(id_type, number):
    validators.validate_id_number(id_type, number)


@pytest.mark.parametrize(("id_type", "number", "code"), INVALID)
def test_each_document_refuses_a_wrong_number_with_its_reason(id_type, number, code):
    with pytest.raises(ValidationError) as refused:
        validators.validate_id_number(id_type, number)
    assert refused.value.code == code


def test_birth_date_and_gender_come_from_numbers_that_carry_them(db):
    hk = User.objects.create_user(
        id_type=IdType.HK_MACAO_RESIDENCE, id_number=HK_RESIDENCE, full_name="陈港生"
    )
    assert (hk.username, str(hk.birth_date), hk.gender) == (HK_RESIDENCE, "1990-01-01", "M")
    permit = User.objects.create_user(
        id_type=IdType.HK_MACAO_PERMIT, id_number="h1234 5678", full_name="陈港生"
    )
    assert (permit.id_number, permit.birth_date, permit.gender) == ("H12345678", None, "")


def test_the_same_number_may_belong_to_documents_of_two_types_but_not_twice_to_one(db):
    from django.db import IntegrityError, transaction

    User.objects.create_user(id_type=IdType.HK_MACAO_PERMIT, id_number="H12345678")
    passport = User.objects.create_user(id_type=IdType.PASSPORT, id_number="H12345678")
    assert passport.username == "passport:H12345678"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            username="other", kind=User.Kind.UNIT, id_type=IdType.PASSPORT, id_number="H12345678"
        )


PHONES_VALID = [
    ("13800138000", "+8613800138000"),
    ("+86 138-0013-8000", "+8613800138000"),
    ("+852 9123 4567", "+85291234567"),
    ("00852 9123 4567", "+85291234567"),
    ("+853 6612 3456", "+85366123456"),
    ("+886 912 345 678", "+886912345678"),
    ("+44 7400 123456", "+447400123456"),
]
PHONES_INVALID = ["12345678901", "1380013800", "+852 2123 4567", "+886 2 2345 6789", "9123 4567"]


@pytest.mark.parametrize(("typed", "stored"), PHONES_VALID)
def test_mobile_numbers_of_everywhere_are_stored_in_e164(typed, stored):
    validators.validate_mobile(typed)
    assert validators.normalize_mobile(typed) == stored


@pytest.mark.parametrize("typed", PHONES_INVALID)
def test_landlines_and_numbers_without_a_country_code_are_refused(typed):
    with pytest.raises(ValidationError):
        validators.validate_mobile(typed)


def test_masks_keep_mainland_numbers_familiar_and_hide_short_documents():
    assert validators.mask_mobile("+8613800138000") == "138****8000"
    assert validators.mask_mobile("+85291234567") == "+852 91****67"
    assert validators.mask_resident_id("H12345678") == "H1*****78"
    assert validators.mask_resident_id("12345678") == "12****78"


def test_data_migration_stores_existing_mainland_phones_in_e164(db):
    migration = importlib.import_module(
        "accounts.migrations.0002_id_document_types_and_e164_phones"
    )
    old = User.objects.create_user(id_number="11010519491231002X", phone="13800138000")
    User.objects.filter(pk=old.pk).update(phone="13800138000")  # as stored before
    migration.to_e164(django_apps, None)
    old.refresh_from_db()
    assert old.phone == "+8613800138000"
    migration.from_e164(django_apps, None)
    old.refresh_from_db()
    assert old.phone == "13800138000"


@pytest.fixture
def hk_signup(signup_data):
    return {
        **signup_data,
        "full_name": "陈港生",
        "id_type": IdType.HK_MACAO_RESIDENCE,
        "username": HK_RESIDENCE,
        "phone": "+852 9123 4567",
        "email": "chan@example.com",
    }


class TestRegistrationAndSignIn:
    url = reverse("account_signup")

    def test_a_hong_kong_resident_registers_with_a_residence_permit_and_a_852_phone(
        self, client, reference_data, hk_signup
    ):
        response = client.post(self.url, hk_signup)
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == reverse("account_verify_phone")
        user = User.objects.get(id_number=HK_RESIDENCE)
        assert (user.id_type, user.phone) == (IdType.HK_MACAO_RESIDENCE, "+85291234567")
        client.post(reverse("account_verify_phone"), {"code": last_code("+85291234567")})
        user.refresh_from_db()
        assert user.phone_verified

    def test_a_number_wrong_for_the_chosen_type_is_explained_and_kept(
        self, client, reference_data, hk_signup
    ):
        response = client.post(self.url, {**hk_signup, "id_type": IdType.TAIWAN_RESIDENCE})
        html = response.content.decode()
        assert response.status_code == 200
        assert "830000" in html and HK_RESIDENCE in html
        assert not User.objects.filter(id_number=HK_RESIDENCE).exists()

    def test_the_same_document_cannot_register_twice(self, client, reference_data, hk_signup):
        User.objects.create_user(id_type=IdType.HK_MACAO_RESIDENCE, id_number=HK_RESIDENCE)
        response = client.post(self.url, hk_signup)
        assert response.status_code == 200
        assert "该证件号码已注册" in response.content.decode()

    @pytest.mark.parametrize(
        ("id_type", "number", "typed"),
        [
            (IdType.HK_MACAO_RESIDENCE, HK_RESIDENCE, HK_RESIDENCE),
            (IdType.HK_MACAO_PERMIT, "H12345678", "h1234 5678"),
            (IdType.TAIWAN_PERMIT, "12345678", "12345678"),
            (IdType.FOREIGN_PERMANENT, PERMANENT_2017, PERMANENT_2017.lower()),
            (IdType.PASSPORT, "E12345678", "E12345678"),
        ],
    )
    def test_sign_in_with_the_document_number(self, client, db, id_type, number, typed):
        User.objects.create_user(id_type=id_type, id_number=number, password="Shenbao#2026ok")
        response = client.post(
            reverse("account_login"), {"login": typed, "password": "Shenbao#2026ok", **CAPTCHA}
        )
        assert response.status_code == 302, response.content.decode()[:500]
        assert client.session.get("_auth_user_id")

    def test_two_documents_with_one_number_each_sign_in_with_their_own_password(self, client, db):
        User.objects.create_user(
            id_type=IdType.HK_MACAO_PERMIT, id_number="H12345678", password="Permit#2026ok"
        )
        passport = User.objects.create_user(
            id_type=IdType.PASSPORT, id_number="H12345678", password="Passport#2026ok"
        )
        client.post(
            reverse("account_login"),
            {"login": "H12345678", "password": "Passport#2026ok", **CAPTCHA},
        )
        assert client.session.get("_auth_user_id") == str(passport.pk)

    def test_sign_in_with_a_852_phone(self, client, db):
        User.objects.create_user(
            id_type=IdType.HK_MACAO_RESIDENCE,
            id_number=HK_RESIDENCE,
            phone="+85291234567",
            password="Shenbao#2026ok",
        )
        response = client.post(
            reverse("account_login"),
            {"login": "+852 9123 4567", "password": "Shenbao#2026ok", **CAPTCHA},
        )
        assert response.status_code == 302
