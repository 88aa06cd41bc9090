"""The pages about a person's own applications read them through the one rule
(``workflow.visible_to`` of the applicant role), so each lists the person's and nobody else's."""

import pytest

from accounts.roles import Role, RoleContext
from applications import workflow
from applications.selectors import applications_of, current_applications_of
from certificates.selectors import applications_awaiting_delivery
from reviews.selectors import (
    applications_to_write_about,
    own_applications_for_print,
    own_submitted_application,
)

from .conftest import complete_recognition, start, submitted

pytestmark = pytest.mark.django_db


def test_own_applications_are_the_applicant_roles_visible_ones(demo):
    mine = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    draft = start(demo.applicant, demo=demo, year=mine.year - 1)
    theirs = submitted(complete_recognition(start(demo.applicant2, demo=demo)))

    visible = set(workflow.visible_to(RoleContext(Role.APPLICANT, user=demo.applicant)))
    assert set(workflow.own_applications(demo.applicant)) == visible == {mine, draft}
    for listed in (
        applications_of(demo.applicant, mine.kind),
        current_applications_of(demo.applicant),
        own_applications_for_print(demo.applicant),
        applications_to_write_about(demo.applicant),
    ):
        assert theirs not in set(listed) and mine in set(listed)
    assert own_submitted_application(demo.applicant, mine.pk) == mine
    assert list(applications_awaiting_delivery(demo.applicant2)) == []


def test_an_applicant_context_without_its_user_sees_nothing(demo):
    start(demo.applicant, demo=demo)
    assert not workflow.visible_to(RoleContext(Role.APPLICANT)).exists()
