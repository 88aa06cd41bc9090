import pytest

from accounts.roles import Role, RoleContext
from tests.factories import ApprovedApplicationFactory


@pytest.fixture
def office_context(demo):
    """孙八 acting for 广西流动人员职称改革办公室."""
    return RoleContext(Role.OFFICE_STAFF, demo.office)


@pytest.fixture
def other_office_context(demo):
    """Staff of 钦州市职改办: another office."""
    return RoleContext(Role.OFFICE_STAFF, demo.office_qz)


@pytest.fixture
def approved(demo):
    """Make an approved application of 广西流动人员职称改革办公室 (张三's unless told)."""

    def make(**kwargs):
        kwargs.setdefault("applicant", demo.applicant)
        kwargs.setdefault("office", demo.office)
        return ApprovedApplicationFactory(**kwargs)

    return make


@pytest.fixture
def qz_staff(demo):
    """Staff of 钦州市职改办, another office than 孙八's."""
    from tests.factories import PersonFactory
    from units.models import Membership

    person = PersonFactory(full_name="吴十")
    Membership.objects.create(
        person=person, role=Role.OFFICE_STAFF, office=demo.office_qz, is_enabled=True
    )
    return person


@pytest.fixture
def sign_in(client):
    """Sign the test client in as ``user``, acting as the role ``key`` (RoleContext.key)."""
    from accounts.middleware import SESSION_KEY

    def login(user, key: str | None = None):
        client.force_login(user)
        if key:
            session = client.session
            session[SESSION_KEY] = key
            session.save()
        return client

    return login
