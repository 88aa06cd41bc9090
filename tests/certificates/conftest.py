import pytest

from accounts.roles import Role, RoleContext

from .factories import ApprovedApplicationFactory


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
