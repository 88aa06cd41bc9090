"""The benchmark's generated database is one the portal could have made: every reference
holds, people have valid numbers, and each reviewing organisation of the demo finds
applications in its queue."""

import pytest
from django.db import connection

from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import workflow
from applications.models import Application, Status
from reviews import selectors
from titleportal.validators import is_id_number, is_mobile

from .generate import generate

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ORPHANS = """
SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, ra.attname
FROM pg_constraint c
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
"""


def test_generated_rows_keep_every_reference(postgres, demo):
    figures = generate(600, log=lambda *_: None, vacuum=False)
    assert figures["rows"]["applications_application"] == 600
    broken = []
    with connection.cursor() as cursor:
        cursor.execute(ORPHANS)
        for table, column, target, key in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM {table} x WHERE x."{column}" IS NOT NULL '  # noqa: S608
                f'AND NOT EXISTS (SELECT 1 FROM {target} y WHERE y."{key}" = x."{column}")'
            )
            if cursor.fetchone()[0]:
                broken.append(f"{table}.{column}")
    assert broken == []
    waiting = Application.objects.filter(status__in=[Status.UNIT_REVIEW, Status.OFFICE_REVIEW])
    assert all(
        a.current_step.application_id == a.pk for a in waiting.select_related("current_step")
    )
    # Each waits at its current step's organisation, as workflow.wait_at keeps it.
    assert all(
        (a.waiting_type, a.waiting_id)
        == (a.current_step.organisation_type, a.current_step.organisation_id)
        for a in waiting.select_related("current_step")
    )


def test_generated_people_have_valid_numbers(postgres, demo):
    generate(300, log=lambda *_: None, vacuum=False)
    people = User.objects.filter(email__endswith="@bench.example.com")
    assert people.count() == 200
    assert all(is_id_number(p.id_number) and is_mobile(p.phone) for p in people)


def test_each_reviewing_organisation_finds_applications(postgres, demo):
    generate(2000, log=lambda *_: None, vacuum=False)
    for role, organisation, person in (
        (Role.UNIT_STAFF, demo.unit, demo.staff),
        (Role.DEPARTMENT_STAFF, demo.department, demo.dept_staff),
        (Role.OFFICE_STAFF, demo.office, demo.office_staff),
        (Role.COMMITTEE_STAFF, demo.committee, demo.committee_staff),
    ):
        context = RoleContext(role, organisation, person)
        assert selectors.filter_applications(context, {"status": "all"}).exists(), role
    unit = RoleContext(Role.UNIT_STAFF, demo.unit, demo.staff)
    assert workflow.waiting_for(unit).exists()
