import base64

import pytest
from django.urls import reverse

from accounts.roles import Role, RoleContext
from api import services
from api.scopes import APPLICATIONS, FEED, VERIFY
from certificates import services as certificate_services
from tests.factories import ApprovedApplicationFactory

ALL_SCOPES = [VERIFY, APPLICATIONS, FEED]


@pytest.fixture
def register(demo):
    """Register an integrating system of an office (广西流动人员职改办 unless told)."""

    def make(*, office=None, scopes=ALL_SCOPES, name="人社厅数据交换平台"):
        return services.client_register(
            actor=demo.admin, office=office or demo.office, name=name, scopes=scopes
        )

    return make


@pytest.fixture
def get_token(client):
    """A token from the token endpoint, as an integrating system asks for it."""

    def ask(api_client, secret, scope: str | None = None):
        basic = base64.b64encode(f"{api_client.client_id}:{secret}".encode()).decode()
        data = {"grant_type": "client_credentials"}
        if scope is not None:
            data["scope"] = scope
        return client.post(reverse("oauth_token"), data, HTTP_AUTHORIZATION=f"Basic {basic}")

    return ask


@pytest.fixture
def bearer(get_token):
    def token(api_client, secret, scope: str | None = None) -> dict:
        response = get_token(api_client, secret, scope)
        assert response.status_code == 200, response.content
        return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['access_token']}"}

    return token


@pytest.fixture
def issue(demo):
    """Issue the certificate of a new approved application of ``office``."""

    def make(office=None, **kwargs):
        office = office or demo.office
        kwargs.setdefault("applicant", demo.applicant)
        application = ApprovedApplicationFactory(office=office, **kwargs)
        return certificate_services.certificate_issue(
            actor=demo.office_staff,
            role_context=RoleContext(Role.OFFICE_STAFF, office),
            application_id=application.pk,
        )

    return make
