"""What a reviewing organisation sees is read from the organisations each application reached
(``ApplicationReach``): kept by the acts, filled for existing applications by the migration,
and the queue's deep pages follow a cursor through all of it without gaps or repeats."""

import datetime
import importlib

import pytest
from django.db import connection
from django.utils import timezone

from applications import workflow
from applications.models import Application, ApplicationReach, Kind, Status
from reviews import selectors, services
from tests.factories import PersonFactory
from titleportal import paging

pytestmark = [pytest.mark.django_db]

ROLES = ["staff", "dept_staff", "office_staff", "committee_staff"]


def _visible(context) -> set[int]:
    return set(workflow.visible_to(context).values_list("pk", flat=True))


def _spread(make_application, demo) -> list[Application]:
    """Applications at every level and decided ones, several submitted at the same instant
    (the cursor's tie on the time is broken by the id)."""
    made = []
    for trait in ("at_unit", "at_department", "at_office", "at_committee"):
        # A competent department is on the route of the second unit's applications only.
        unit = demo.unit2 if trait == "at_department" else demo.unit
        for _ in range(3):
            kwargs = {trait: True} if trait != "at_unit" else {}
            made.append(make_application(applicant=PersonFactory(unit=unit), unit=unit, **kwargs))
    made.append(
        make_application(
            applicant=PersonFactory(unit=demo.unit), kind=Kind.EVALUATION, status=Status.APPROVED
        )
    )
    same = timezone.now() - datetime.timedelta(days=3)
    Application.objects.filter(pk__in=[app.pk for app in made[::2]]).update(last_submitted_at=same)
    return made


def test_each_level_sees_what_reached_it(demo, make_application, contexts):
    at_unit = make_application(applicant=demo.applicant)
    at_office = make_application(applicant=PersonFactory(unit=demo.unit), at_office=True)

    assert {at_unit.pk, at_office.pk} <= _visible(contexts["staff"])
    assert at_office.pk in _visible(contexts["office_staff"])
    assert at_unit.pk not in _visible(contexts["office_staff"])
    assert not {at_unit.pk, at_office.pk} & _visible(contexts["committee_staff"])


def test_forwarding_lets_the_next_level_see_it_from_then_on(demo, make_application, contexts):
    application = make_application(
        applicant=demo.applicant, kind=Kind.EVALUATION, status=Status.OFFICE_REVIEW
    )
    assert application.pk not in _visible(contexts["committee_staff"])

    services.application_forward(
        actor=demo.office_staff,
        role_context=contexts["office_staff"],
        application=application,
        version=None,
    )
    assert application.pk in _visible(contexts["committee_staff"])
    services.application_return(
        actor=demo.committee_staff,
        role_context=contexts["committee_staff"],
        application=Application.objects.get(pk=application.pk),
        version=None,
        reason="请补充材料",
    )

    # Returned to the applicant: the committee still sees what it returned.
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED
    assert application.pk in _visible(contexts["committee_staff"])
    steps = set(application.steps.values_list("organisation_type", flat=True))
    assert ApplicationReach.objects.filter(application=application).count() == len(steps)


def test_the_migration_fills_what_the_steps_reached(demo, make_application, contexts):
    _spread(make_application, demo)
    before = {key: _visible(contexts[key]) for key in ROLES}
    ApplicationReach.objects.all().delete()
    assert not any(_visible(contexts[key]) for key in ROLES)

    migration = importlib.import_module("applications.migrations.0010_organisations_reached")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert {key: _visible(contexts[key]) for key in ROLES} == before


@pytest.mark.parametrize("key", ["staff", "office_staff", "committee_staff"])
def test_the_cursor_walks_every_visible_application_once_in_order(
    key, demo, make_application, contexts, monkeypatch
):
    monkeypatch.setattr(paging, "NUMBERED_PAGES", 1)
    _spread(make_application, demo)
    filters = {"status": "all"}
    queryset = selectors.queue_rows(selectors.filter_applications(contexts[key], filters))
    expected = list(queryset.values_list("pk", flat=True))
    assert len(expected) >= 4

    page = paging.window(queryset, {}, per_page=3, keyset=selectors.keyset_of(filters))
    walked = [app.pk for app in page.object_list]
    while page.next_cursor:
        page = paging.window(
            queryset, {"after": page.next_cursor}, per_page=3, keyset=selectors.keyset_of(filters)
        )
        assert page.number is None
        walked += [app.pk for app in page.object_list]

    assert walked == expected


def test_an_evaluation_reaches_each_organisation_of_its_route_once(demo, make_application):
    application = make_application(
        kind=Kind.EVALUATION, at_committee=True, applicant=PersonFactory(unit=demo.unit)
    )
    route = {(step.organisation_type, step.organisation_id) for step in application.steps.all()}
    reached = ApplicationReach.objects.filter(application=application)

    assert ("committee", demo.committee.pk) in route and ("office", demo.office.pk) in route
    assert set(reached.values_list("organisation_type", "organisation_id")) == route
    assert reached.count() == len(route)
