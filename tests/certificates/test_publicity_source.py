"""The end of a session's results publicity has one source: the session. Changing it in admin
changes what the applications show and what the office's certification gate uses."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role, RoleContext
from certificates.services import certificate_issue
from tests.factories.certificates import ApprovedApplicationFactory
from tests.refusals import refused
from units.models import ReviewSession


def _admin_post_data(session, demo, **changes) -> dict:
    """The admin change form of ``session`` as the browser would post it, with ``changes``."""
    admin = site._registry[ReviewSession]
    request = RequestFactory().get("/")
    request.user = demo.admin
    form = admin.get_form(request, session)(instance=session)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
            continue
        if hasattr(value, "isoformat") and isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), f"{local:%H:%M:%S}"
            continue
        data[name] = getattr(value, "pk", value)
    data.update(changes)
    return data


@pytest.fixture
def publicised(demo):
    """An evaluation of the demo committee's session whose results publicity ended yesterday."""
    session = ReviewSession.objects.filter(committee=demo.committee).first()
    ended = timezone.localdate() - datetime.timedelta(days=1)
    session.results_published_at = timezone.now() - datetime.timedelta(days=10)
    session.results_publicity_ends_on = ended
    session.save()
    application = ApprovedApplicationFactory(
        evaluation=True,
        applicant=demo.applicant,
        office=demo.office,
        committee=demo.committee,
        review_session=session,
        results_publicity_ends_on=ended,
    )
    return session, application


def test_a_later_end_set_in_admin_holds_the_certificate_back(client, demo, publicised):
    session, application = publicised
    later = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(demo.admin)
    response = client.post(
        reverse("admin:units_reviewsession_change", args=[session.pk]),
        _admin_post_data(session, demo, results_publicity_ends_on=later.isoformat()),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application.refresh_from_db()
    assert application.results_publicity_ends_on == later
    with refused("publicity", match="公示期尚未结束"):
        certificate_issue(
            actor=demo.office_staff,
            role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
            application_id=application.pk,
        )


def test_the_gate_reads_the_sessions_date_even_where_a_copy_is_stale(demo, publicised):
    session, application = publicised
    session.results_publicity_ends_on = timezone.localdate() + datetime.timedelta(days=3)
    session.save()  # changed outside admin: the application's copy is now stale
    with refused("publicity", match="公示期尚未结束"):
        certificate_issue(
            actor=demo.office_staff,
            role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
            application_id=application.pk,
        )
    session.results_publicity_ends_on = timezone.localdate() - datetime.timedelta(days=2)
    session.save()
    certificate = certificate_issue(
        actor=demo.office_staff,
        role_context=RoleContext(Role.OFFICE_STAFF, demo.office),
        application_id=application.pk,
    )
    assert certificate.holder == demo.applicant
