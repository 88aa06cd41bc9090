"""An act locks the application again: the person and the title catalogue the caller already
loaded are kept on the locked row instead of being read again, one query apiece; the
organisations are read afresh, so a deadline that closed since the page was loaded refuses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application, Status
from reviews import services
from tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db]

HELD = ("applicant", "unit", "office", "level", "series", "qualification")


def _tables_read(queries) -> set[str]:
    return {
        sql.split('FROM "', 1)[1].split('"', 1)[0]
        for sql in (query["sql"] for query in queries.captured_queries)
        if sql.startswith("SELECT") and 'FROM "' in sql
    }


def test_an_act_reads_again_nothing_the_caller_holds(demo, make_application, contexts):
    application = make_application(applicant=PersonFactory(unit=demo.unit), at_office=True)
    held = Application.objects.select_related(*HELD).get(pk=application.pk)
    with CaptureQueriesContext(connection) as queries:
        approved = services.application_approve(
            actor=demo.office_staff,
            role_context=contexts["office_staff"],
            application=held,
            version=None,
        )
    assert approved.status == Status.APPROVED
    assert not {"reference_level", "reference_series", "reference_qualification"} & _tables_read(
        queries
    )
