"""Signing in by resident ID number finds the account by an exact match on an indexed column
(no case-insensitive scan of every account)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_for_login
from tests.accounts.conftest import login_data

pytestmark = pytest.mark.django_db

CASE_INSENSITIVE = re.compile(r'UPPER\(\s*"accounts_user"|"accounts_user"\."username" LIKE', re.I)


@pytest.fixture
def chen(reference_data):
    return User.objects.create_user(
        id_number="11010519491231002x", full_name="陈明", password="Shenbao#2026ok"
    )


def test_the_id_number_is_stored_with_an_upper_case_x(chen):
    chen.refresh_from_db()
    assert chen.id_number == chen.username == "11010519491231002X"
    assert user_for_login("11010519491231002x") == chen
    assert user_for_login(" 11010519491231002X ") == chen


@pytest.mark.parametrize("password", ["Shenbao#2026ok", "wrong-password"])
def test_sign_in_by_id_number_never_scans_case_insensitively(client, chen, password):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("account_login"), login_data("11010519491231002x", password))
    assert response.status_code == (302 if password.startswith("S") else 200)
    looked_up = [q["sql"] for q in queries if "accounts_user" in q["sql"]]
    assert looked_up
    assert not [sql for sql in looked_up if CASE_INSENSITIVE.search(sql)]


def test_an_administrators_name_is_matched_as_it_was_created(db):
    admin = User.objects.create_superuser("Admin.Li", password="Portal#2026demo")
    assert user_for_login("Admin.Li") == admin
