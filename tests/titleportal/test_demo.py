import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import available_role_contexts
from tests.clock import beijing
from titleportal.demo import DEMO_PASSWORD, PEOPLE
from units.models import ReviewSession

pytestmark = pytest.mark.dates


@pytest.mark.django_db
class TestDemoData:
    def test_every_demo_person_exists_with_their_identifiers(self, demo):
        for spec in PEOPLE:
            user = User.objects.get(id_number=spec.id_number)
            assert (user.full_name, user.phone, user.email) == (
                spec.name,
                "+86" + spec.phone,
                spec.email,
            )
            assert user.check_password(DEMO_PASSWORD)

    def test_roles_of_the_demo_accounts(self, demo):
        def roles(user):
            return [(c.role, str(c.organisation or "")) for c in available_role_contexts(user)]

        assert roles(demo.applicant) == [(Role.APPLICANT, "")]
        assert (Role.UNIT_STAFF, "南宁蓝海工程有限公司") in roles(demo.staff)
        assert (Role.UNIT_STAFF, "钦州海湾科技有限公司") in roles(demo.staff2)
        assert (Role.DEPARTMENT_STAFF, "钦州市工业和信息化局") in roles(demo.dept_staff)
        assert (Role.OFFICE_STAFF, "广西流动人员职称改革办公室") in roles(demo.office_staff)
        assert (Role.COMMITTEE_STAFF, "工程系列广西区人才服务办公室中级评审会") in roles(
            demo.committee_staff
        )
        assert roles(demo.unit_account) == [(Role.UNIT_ACCOUNT, "南宁蓝海工程有限公司")]
        assert demo.admin.is_superuser

    def test_applicants_belong_to_the_first_unit(self, demo):
        assert demo.applicant.affiliation.unit == demo.unit
        assert demo.applicant2.affiliation.unit == demo.unit

    def test_committee_has_an_open_session_this_year(self, demo):
        session = ReviewSession.objects.get(committee=demo.committee)
        assert session.is_open()

    def test_unit_account_signs_in_with_its_uscc(self, demo):
        assert (
            authenticate(username="91450100MA5L3B2C1F", password=DEMO_PASSWORD) == demo.unit_account
        )

    def test_seeding_twice_creates_nothing_new(self, reference_data):
        call_command("seed_demo", verbosity=0)
        counts = {model: model.objects.count() for model in (User, ReviewSession)}
        call_command("seed_demo", verbosity=0)
        assert counts == {model: model.objects.count() for model in (User, ReviewSession)}


def _demo_dates_are_meaningful():
    """An open session, a closed one, and a void notice in publicity, as of the clock."""
    from applications.models import VoidNotice
    from titleportal.demo import COMMITTEE

    today = timezone.localdate()
    sessions = ReviewSession.objects.filter(committee__name=COMMITTEE)
    current = sessions.get(year=today.year)
    assert current.is_open() and current.opens_on <= today <= current.applicant_first_deadline
    closed = sessions.get(year=today.year - 1)
    assert not closed.is_open() and closed.intake_closed_at is not None
    assert closed.results_publicity_ends_on < today
    in_publicity = [notice for notice in VoidNotice.objects.all() if not notice.is_over()]
    assert in_publicity and all(notice.starts_on <= today for notice in in_publicity)


@pytest.mark.django_db
class TestDemoDatesFollowToday:
    def test_a_fresh_demo_has_an_open_and_a_closed_session_and_a_publicity(self, reference_data):
        call_command("seed_demo", verbosity=0)
        _demo_dates_are_meaningful()

    @pytest.mark.parametrize("days_later", [45, 120, 400])
    def test_seeding_again_later_keeps_them(self, reference_data, time_machine, days_later):
        call_command("seed_demo", verbosity=0)
        time_machine.move_to(beijing(timezone.localdate() + datetime.timedelta(days=days_later)))
        call_command("seed_demo", verbosity=0)
        _demo_dates_are_meaningful()
