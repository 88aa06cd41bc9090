import pytest

from accounts.roles import Role, RoleContext
from tests.factories import ApplicationFactory
from units.models import ReviewSession


@pytest.fixture
def session(demo):
    return ReviewSession.objects.get(committee=demo.committee)


@pytest.fixture
def contexts(demo):
    """Role contexts of the demo reviewers."""
    return {
        "staff": RoleContext(Role.UNIT_STAFF, demo.unit),
        "staff2": RoleContext(Role.UNIT_STAFF, demo.unit2),
        "dept_staff": RoleContext(Role.DEPARTMENT_STAFF, demo.department),
        "office_staff": RoleContext(Role.OFFICE_STAFF, demo.office),
        "committee_staff": RoleContext(Role.COMMITTEE_STAFF, demo.committee),
    }


@pytest.fixture
def make_application(demo, session):
    """An application of the demo world: unit 1 (or 2) → office 广西… → the demo committee."""

    def make(**kwargs):
        kwargs.setdefault("unit", demo.unit)
        kwargs.setdefault("office", demo.office)
        decided_by_committee = kwargs.get("not_passed") or kwargs.get("status") == "not_passed"
        if decided_by_committee:
            kwargs.setdefault("kind", "evaluation")
        if kwargs.get("kind") == "evaluation" or kwargs.get("at_committee") or decided_by_committee:
            kwargs.setdefault("committee", demo.committee)
            kwargs.setdefault("review_session", session)
        return ApplicationFactory(**kwargs)

    return make


@pytest.fixture
def client_as(client):
    """The test client signed in as ``user`` acting in the role ``key`` ("unit_staff:3")."""

    def sign_in(user, key: str | None = None):
        client.force_login(user)
        if key:
            session = client.session
            session["acting_as"] = key
            session.save()
        return client

    return sign_in


@pytest.fixture
def keys(demo):
    return {
        "staff": f"unit_staff:{demo.unit.pk}",
        "staff2": f"unit_staff:{demo.unit2.pk}",
        "dept_staff": f"department_staff:{demo.department.pk}",
        "office_staff": f"office_staff:{demo.office.pk}",
        "committee_staff": f"committee_staff:{demo.committee.pk}",
    }
