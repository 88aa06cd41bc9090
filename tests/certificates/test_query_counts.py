"""The public certificate query costs the same whatever the number of certificates."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services
from tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db]


def _issue(demo, office_context, approved, **kwargs):
    return services.certificate_issue(
        actor=demo.office_staff, role_context=office_context, application_id=approved(**kwargs).pk
    )


def test_the_public_query_does_not_grow_with_the_certificates(
    client, demo, office_context, approved, django_assert_num_queries
):
    issued = _issue(demo, office_context, approved)
    form = {"number": issued.number, "holder_name": "张三", "captcha_0": "x", "captcha_1": "PASSED"}
    by_code = reverse("certificates:verify_code", args=[issued.verification_code])
    with CaptureQueriesContext(connection) as post_queries:
        assert client.post(reverse("certificates:verify"), form).status_code == 200
    with CaptureQueriesContext(connection) as code_queries:
        assert client.get(by_code).status_code == 200
    for _ in range(15):
        _issue(demo, office_context, approved, applicant=PersonFactory(unit=demo.unit))
    with django_assert_num_queries(len(post_queries)):
        assert client.post(reverse("certificates:verify"), form).status_code == 200
    with django_assert_num_queries(len(code_queries)):
        assert client.get(by_code).status_code == 200
