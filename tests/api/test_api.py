"""The integration API as a client system uses it: a token from the token endpoint, then the
endpoints of its scopes, for its office only; every call logged."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiCall
from api.scopes import APPLICATIONS, FEED, VERIFY
from applications.models import Status
from certificates.models import CertificateLookup

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"api_v1:{name}", kwargs=kwargs)


def verify(client, headers, number, name):
    return client.post(
        url("certificate_verify"),
        {"number": number, "holder_name": name},
        content_type="application/json",
        **headers,
    )


# --- tokens -----------------------------------------------------------------------------------


def test_token_endpoint_gives_a_bearer_token_with_the_clients_scopes(register, get_token):
    api_client, secret = register(scopes=[VERIFY, FEED])
    response = get_token(api_client, secret)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert set(body["scope"].split()) == {VERIFY, FEED}


def test_a_scope_not_registered_for_the_client_gets_no_token(register, get_token):
    api_client, secret = register(scopes=[VERIFY])
    response = get_token(api_client, secret, scope=APPLICATIONS)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_wrong_secret_gets_no_token(register, get_token):
    api_client, _secret = register()
    assert get_token(api_client, "not-the-secret").status_code == 401


def test_no_token_is_401_in_chinese(client):
    response = client.get(url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"))
    assert response.status_code == 401
    assert response.json()["detail"] == "需要有效的访问令牌。"
    assert response["WWW-Authenticate"] == "Bearer"


# --- certificate verification -----------------------------------------------------------------


def test_verify_by_number_and_name_answers_as_the_public_page(client, register, bearer, issue):
    certificate = issue()
    api_client, secret = register(scopes=[VERIFY])
    headers = bearer(api_client, secret)
    response = verify(client, headers, certificate.number.lower(), certificate.holder_name)
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["number"] == certificate.number
    assert result["status"] == "valid" and result["status_label"] == "有效"
    assert result["holder_name"] != certificate.holder_name  # partly hidden, as on the page
    assert result["holder_name"][0] == certificate.holder_name[0]
    assert result["approving_authority"] == certificate.issuing_body
    # The public page shows the same result for the same number and name.
    page = client.get(
        reverse("certificates:verify_code", kwargs={"code": certificate.verification_code})
    )
    assert result["holder_name"] in page.content.decode()
    assert CertificateLookup.objects.filter(certificate=certificate, via="api").count() == 1
    call = ApiCall.objects.get(operation="certificates.verify")
    assert (call.client, call.scope, call.target, call.status) == (
        api_client,
        VERIFY,
        f"certificate:{certificate.pk}",
        200,
    )


def test_verify_with_a_wrong_name_finds_nothing(client, register, bearer, issue):
    certificate = issue()
    api_client, secret = register(scopes=[VERIFY])
    response = verify(client, bearer(api_client, secret), certificate.number, "别人")
    assert response.status_code == 200 and response.json()["results"] == []


def test_verify_by_code_of_another_offices_certificate(client, register, bearer, issue, demo):
    """Verification is the public check: any office's certificate, void ones marked void."""
    certificate = issue(office=demo.office_qz)
    api_client, secret = register(scopes=[VERIFY])
    headers = bearer(api_client, secret)
    response = client.get(
        url("certificate_by_code", verification_code=certificate.verification_code), **headers
    )
    assert response.status_code == 200
    assert response.json()["number"] == certificate.number
    missing = client.get(
        url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"), **headers
    )
    assert missing.status_code == 404 and missing.json()["detail"] == "未找到。"


def test_a_token_without_the_scope_is_refused_403_in_chinese(client, register, bearer, demo):
    api_client, secret = register(scopes=[FEED])
    response = verify(client, bearer(api_client, secret), "X", "张三")
    assert response.status_code == 403
    assert response.json()["detail"] == "此客户端无权使用该权限范围。"
    assert ApiCall.objects.get().status == 403


def test_bad_input_is_422_with_a_chinese_message(client, register, bearer):
    api_client, secret = register(scopes=[VERIFY])
    response = client.post(
        url("certificate_verify"), {"number": "X"}, content_type="application/json",
        **bearer(api_client, secret),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数有误。"


# --- applications -----------------------------------------------------------------------------


def test_application_status_of_the_clients_office(client, register, bearer, issue):
    certificate = issue()
    api_client, secret = register(scopes=[APPLICATIONS])
    response = client.get(
        url("application_status", application_id=certificate.application_id),
        **bearer(api_client, secret),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.CERTIFIED and body["status_label"] == "已发证"
    assert body["certificate_number"] == certificate.number
    assert ApiCall.objects.get().target == f"application:{certificate.application_id}"


def test_another_offices_application_answers_as_a_missing_one(client, register, bearer, demo):
    from tests.factories import ApprovedApplicationFactory

    other = ApprovedApplicationFactory(office=demo.office_qz, applicant=demo.applicant)
    api_client, secret = register(scopes=[APPLICATIONS])
    headers = bearer(api_client, secret)
    response = client.get(url("application_status", application_id=other.pk), **headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到。"
    call = ApiCall.objects.get()
    assert (call.target, call.status) == (f"application:{other.pk}", 404)
    # The client of that office does see it.
    qz_client, qz_secret = register(office=demo.office_qz, scopes=[APPLICATIONS], name="钦州")
    response = client.get(
        url("application_status", application_id=other.pk), **bearer(qz_client, qz_secret)
    )
    assert response.status_code == 200 and response.json()["status"] == Status.APPROVED


# --- the feed ---------------------------------------------------------------------------------


def test_feed_pages_through_the_offices_certificates_and_results(
    client, register, bearer, issue, demo
):
    from applications import actionlog
    from tests.factories import ApprovedApplicationFactory

    start = timezone.now() - datetime.timedelta(hours=1)
    mine = [issue() for _ in range(3)]
    issue(office=demo.office_qz)  # another office's: never in this client's feed
    publicised = ApprovedApplicationFactory(office=demo.office, applicant=demo.applicant2)
    actionlog.record(
        subject=publicised,
        action="application.results_publicised",
        actor=demo.committee_staff,
        role_context=None,
        from_status=publicised.status,
        to_status=publicised.status,
        data={"ends_on": "2026-12-20"},
    )
    api_client, secret = register(scopes=[FEED])
    headers = bearer(api_client, secret)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"since": start.isoformat(), "limit": 2}
        if cursor:
            params["cursor"] = cursor
        response = client.get(url("feed"), params, **headers)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert pages == 2
    numbers = [item["certificate_number"] for item in seen if item["type"] == "certificate.issued"]
    assert numbers == [c.number for c in mine]
    [result] = [item for item in seen if item["type"] == "results.published"]
    assert result["application_id"] == publicised.pk
    assert result["results_publicity_ends_on"] == "2026-12-20"
    # Nothing in a period before any of it.
    empty = client.get(
        url("feed"),
        {"since": (start - datetime.timedelta(days=2)).isoformat(), "until": start.isoformat()},
        **headers,
    )
    assert empty.json() == {"items": [], "next_cursor": None}


def test_a_forged_cursor_is_400(client, register, bearer):
    api_client, secret = register(scopes=[FEED])
    response = client.get(
        url("feed"), {"since": "2026-01-01T00:00:00+08:00", "cursor": "bm9wZQ"},
        **bearer(api_client, secret),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == "游标无效。"


# --- revocation, rotation, limits ---------------------------------------------------------------


def test_a_revoked_client_is_refused_and_gets_no_new_token(
    client, register, bearer, get_token, demo
):
    api_client, secret = register(scopes=[VERIFY])
    headers = bearer(api_client, secret)
    services.client_revoke(actor=demo.admin, client=api_client)
    response = client.get(
        url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"), **headers
    )
    assert response.status_code == 401
    assert get_token(api_client, secret).status_code == 401


def test_a_rotated_secret_replaces_the_old_one(client, register, bearer, get_token, demo):
    api_client, old = register(scopes=[VERIFY])
    headers = bearer(api_client, old)
    new = services.client_rotate_secret(actor=demo.admin, client=api_client)
    assert get_token(api_client, old).status_code == 401
    assert (
        client.get(url("certificate_by_code", verification_code="X"), **headers).status_code == 401
    )
    assert get_token(api_client, new).status_code == 200


def test_the_rate_limit_per_client_answers_429(client, register, bearer, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api_client": "3/m/key"}
    api_client, secret = register(scopes=[VERIFY])
    other, other_secret = register(scopes=[VERIFY], name="另一个系统")
    headers = bearer(api_client, secret)
    answers = [
        client.get(
            url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"), **headers
        ).status_code
        for _ in range(4)
    ]
    assert answers == [404, 404, 404, 429]
    response = client.get(
        url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"), **headers
    )
    assert response.json()["detail"] == "此客户端请求过于频繁，请稍后再试。"
    # Another client has its own count.
    response = client.get(
        url("certificate_by_code", verification_code="ABCDEFGHJKMNPQRS"),
        **bearer(other, other_secret),
    )
    assert response.status_code == 404
    assert ApiCall.objects.filter(client=api_client, status=429).count() == 2


# --- documentation ----------------------------------------------------------------------------


def test_the_openapi_document_and_docs_page_are_served(client):
    document = client.get(url("openapi-json"))
    assert document.status_code == 200
    spec = document.json()
    assert spec["info"]["title"] == "Title Portal API"
    assert {
        "/api/v1/certificates/verify",
        "/api/v1/applications/{application_id}",
        "/api/v1/feed",
    } <= set(spec["paths"])
    assert client.get(url("openapi-view")).status_code == 200


@override_settings(ACCOUNT_RATE_LIMITS={})
def test_a_client_registered_in_admin_shows_its_secret_once(admin_client, demo):
    from api.models import ApiClient

    response = admin_client.post(
        reverse("admin:api_apiclient_add"),
        {"name": "用人单位核验", "office": demo.office.pk, "scope_choices": [VERIFY]},
        follow=True,
    )
    assert response.status_code == 200
    created = ApiClient.objects.get(name="用人单位核验")
    assert created.scope_list == [VERIFY]
    text = response.content.decode()
    assert created.client_id in text and "client_secret" in text
