"""报表下载 of an applicant: their own applications with the printable 申报表 and, once
submitted, the 评审表; someone else's application answers 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Status

pytestmark = pytest.mark.django_db


def test_the_applicant_finds_the_forms_of_each_application(client, demo, make_application):
    submitted = make_application(applicant=demo.applicant)
    draft = make_application(applicant=demo.applicant, status=Status.DRAFT, kind="reconfirmation")
    make_application(applicant=demo.applicant2)
    client.force_login(demo.applicant)

    page = client.get(reverse("reviews:my_reports"))

    assert page.status_code == 200
    content = page.content.decode()
    assert [app.pk for app in page.context["applications"]] == sorted(
        [submitted.pk, draft.pk], reverse=True
    )
    for app in (submitted, draft):
        assert reverse("applications:print", args=[app.pk]) in content
        assert reverse("applications:pdf", args=[app.pk]) in content
    assert reverse("reviews:my_evaluation_form", args=[submitted.pk]) in content
    assert reverse("reviews:my_evaluation_form", args=[draft.pk]) not in content
    assert "报表下载" in content and "评审表（PDF）" in content


@pytest.mark.pdf
def test_the_evaluation_form_is_a_pdf_of_the_own_submitted_application(
    client, demo, make_application
):
    mine = make_application(applicant=demo.applicant)
    client.force_login(demo.applicant)

    response = client.get(reverse("reviews:my_evaluation_form", args=[mine.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:5]
        == b"%PDF-"
    )


def test_someone_elses_or_a_draft_evaluation_form_is_404(client, demo, make_application):
    theirs = make_application(applicant=demo.applicant2)
    draft = make_application(applicant=demo.applicant, status=Status.DRAFT)
    client.force_login(demo.applicant)

    for app in (theirs, draft):
        url = reverse("reviews:my_evaluation_form", args=[app.pk])
        assert client.get(url).status_code == 404


def test_the_list_costs_the_same_queries_at_one_and_many_applications(
    client, demo, make_application
):
    client.force_login(demo.applicant)
    make_application(applicant=demo.applicant)
    client.get(reverse("reviews:my_reports"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reviews:my_reports"))
    for kind in ("reconfirmation", "replacement", "transfer"):
        make_application(applicant=demo.applicant, kind=kind, status=Status.DRAFT)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reviews:my_reports"))
    assert len(few) == len(many)
