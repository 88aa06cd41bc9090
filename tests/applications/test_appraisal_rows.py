"""An appraisal year is entered once per application: a second row of the same year is
refused next to the year field, with what was typed kept; the database holds the rule too."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from applications.models import Appraisal, Kind

from .conftest import start

pytestmark = pytest.mark.django_db


def _post(client, application, row=None, **data):
    args = [application.pk, "appraisals"] + ([row] if row else [])
    name = "applications:row_edit" if row else "applications:row_new"
    return client.post(reverse(name, args=args), data)


def test_a_second_row_of_the_same_year_is_refused_next_to_the_field(client, demo, session):
    client.force_login(demo.applicant)
    application = start(demo.applicant, Kind.EVALUATION, demo=demo)
    assert _post(client, application, year="2023", result="2").status_code == 302
    again = _post(client, application, year="2023", result="1")
    assert again.status_code == 200
    form = again.context["form"]
    assert form.errors["year"] == ["该年度的考核已填写，请修改原有的那一行。"]
    page = again.content.decode()
    assert "该年度的考核已填写" in page
    assert 'value="2023"' in page  # what was typed is kept
    assert Appraisal.objects.filter(application=application).count() == 1
    # Another year is fine, and a row keeps its own year when edited.
    assert _post(client, application, year="2024", result="1").status_code == 302
    first = Appraisal.objects.get(application=application, year=2023)
    assert _post(client, application, row=first.pk, year="2023", result="1").status_code == 302
    refused = _post(client, application, row=first.pk, year="2024", result="1")
    assert "year" in refused.context["form"].errors


@pytest.mark.postgres
def test_the_database_refuses_a_second_row_of_the_same_year(postgres, demo, session):
    application = start(demo.applicant, Kind.EVALUATION, demo=demo)
    Appraisal.objects.create(application=application, year=2023, result="2", sort=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appraisal.objects.create(application=application, year=2023, result="1", sort=2)
