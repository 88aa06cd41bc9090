"""Fixtures for the unit pages: a valid registration and the sign-in posts of a unit."""

import pytest

from accounts.middleware import SESSION_KEY
from accounts.roles import Role

CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}
NEW_USCC = "91450103J2K0XTF8H8"
UNIT_PASSWORD = "Danwei#2026pass"


@pytest.fixture
def registration_data():
    return {
        "uscc": NEW_USCC.lower(),
        "name": "南宁青秀建设工程有限公司",
        "legal_representative": "黄建",
        "industry": "E",
        "province": "450000",
        "city": "450100",
        "county": "450103",
        "address": "南宁市青秀区民族大道 100 号",
        "unit_type": "private_enterprise",
        "department": "",
        "contact_name": "韦小宁",
        "contact_phone": "0771-5501234",
        "password1": UNIT_PASSWORD,
        "password2": UNIT_PASSWORD,
        **CAPTCHA,
    }


@pytest.fixture
def unit_client(client, demo):
    """A client signed in as the demo unit account."""
    client.force_login(demo.unit_account)
    return client


@pytest.fixture
def office_client(client, demo):
    client.force_login(demo.office_staff)
    session = client.session
    session[SESSION_KEY] = f"{Role.OFFICE_STAFF}:{demo.office.pk}"
    session.save()
    return client
