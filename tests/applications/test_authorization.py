"""李四 (and everyone else outside the scope) cannot open, download from or change 张三's
application: every URL of the applications app, by GET and by POST."""

import datetime

import pytest
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from applications import services
from applications.models import Application, Attachment, Status
from tests.factories import move_to

from .conftest import APPLICANT, complete_recognition, start, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhangs(demo):
    """张三's recognition with a work-history row and uploaded files."""
    application = complete_recognition(start(demo.applicant, demo=demo))
    row = services.save_row(
        actor=demo.applicant,
        role_context=APPLICANT,
        application=application,
        key="work_history",
        data={"started_on": datetime.date(2012, 7, 1), "employer": "南宁蓝海", "content": "设计"},
    )
    return application, Attachment.objects.filter(application=application).first(), row


def urls_of(application, attachment, row):
    pk = application.pk
    return [
        reverse("applications:open", args=[pk]),
        reverse("applications:section", args=[pk, "basic_info"]),
        reverse("applications:section", args=[pk, "application_info"]),
        reverse("applications:section", args=[pk, "work_summary"]),
        reverse("applications:section", args=[pk, "materials"]),
        reverse("applications:row_new", args=[pk, "work_history"]),
        reverse("applications:row_edit", args=[pk, "work_history", row.pk]),
        reverse("applications:row_delete", args=[pk, "work_history", row.pk]),
        reverse("applications:row_move", args=[pk, "work_history", row.pk]),
        reverse("applications:row_order", args=[pk, "work_history"]),
        reverse("applications:material_upload", args=[pk, "materials", "diploma"]),
        reverse("applications:attachment", args=[pk, attachment.pk]),
        reverse("applications:attachment_delete", args=[pk, attachment.pk]),
        reverse("applications:file", args=[pk, "basic_info", "photo"]),
        reverse("applications:submit", args=[pk]),
        reverse("applications:withdraw", args=[pk]),
        reverse("applications:discard", args=[pk]),
        reverse("applications:route", args=[pk]),
        reverse("applications:detail", args=[pk]),
        reverse("applications:progress", args=[pk]),
        reverse("applications:print", args=[pk]),
        reverse("applications:pdf", args=[pk]),
        reverse("applications:save_to_profile", args=[pk, "work_history"]),
    ]


POST_ONLY = {
    "row_delete",
    "row_move",
    "row_order",
    "material_upload",
    "attachment_delete",
    "save_to_profile",
}


def refused_get(url) -> int:
    """POST-only URLs answer any GET with 405 before looking anything up; others 404."""
    from django.urls import resolve

    return 405 if resolve(url).url_name in POST_ONLY else 404


def act_as(client, user, role=""):
    client.force_login(user)
    if role:
        session = client.session
        session[SESSION_KEY] = role
        session.save()


def test_every_url_is_covered():
    """A new URL of the app must be added to this matrix."""
    from applications import urls

    names = {p.name for p in urls.urlpatterns}
    covered = {
        "open",
        "section",
        "row_new",
        "row_edit",
        "row_delete",
        "row_move",
        "row_order",
        "material_upload",
        "attachment",
        "attachment_delete",
        "file",
        "submit",
        "withdraw",
        "discard",
        "route",
        "detail",
        "progress",
        "print",
        "pdf",
        "save_to_profile",
        # not about one application:
        "list",
        "start",
        "void_notices",
        # the signed-in person's own profile (tests/applications/test_profile.py):
        "profile",
        "profile_photo",
        "profile_section",
        "profile_row_new",
        "profile_row_edit",
        "profile_row_delete",
    }
    assert names == covered


class TestAnotherApplicant:
    def test_li_si_gets_404_on_every_url_by_get_and_post(self, client, demo, zhangs):
        application, attachment, row = zhangs
        act_as(client, demo.applicant2)
        for url in urls_of(application, attachment, row):
            assert client.get(url).status_code == refused_get(url), url
            assert client.post(url, {"promise": "accepted", "ids": ["1"]}).status_code == 404, url
        application.refresh_from_db()
        assert application.status == Status.DRAFT
        assert Attachment.objects.filter(pk=attachment.pk).exists()

    def test_li_si_cannot_see_it_after_submission_either(self, client, demo, zhangs):
        application, attachment, row = zhangs
        submitted(application)
        act_as(client, demo.applicant2)
        for url in urls_of(application, attachment, row):
            assert client.get(url).status_code == refused_get(url), url
            assert client.post(url).status_code == 404, url
        assert Application.objects.get(pk=application.pk).status == Status.UNIT_REVIEW

    def test_li_si_lists_only_his_own(self, client, demo, zhangs):
        act_as(client, demo.applicant2)
        page = client.get(reverse("applications:list", args=["recognition"])).content.decode()
        assert f"#{zhangs[0].pk} " not in page

    def test_anonymous_is_sent_to_sign_in(self, client, zhangs):
        application, attachment, row = zhangs
        for url in urls_of(application, attachment, row):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


class TestReviewers:
    def test_unit_staff_sees_a_submitted_application_of_the_unit_only(self, client, demo, zhangs):
        application, attachment, _row = zhangs
        act_as(client, demo.staff, f"unit_staff:{demo.unit.pk}")
        detail = reverse("applications:detail", args=[application.pk])
        download = reverse("applications:attachment", args=[application.pk, attachment.pk])
        assert client.get(detail).status_code == 404  # a draft is the applicant's own
        submitted(application)
        assert client.get(detail).status_code == 200
        assert client.get(download).status_code == 200
        # ...but cannot change it: the applicant's pages answer 403 to a reviewer role.
        assert (
            client.post(reverse("applications:withdraw", args=[application.pk])).status_code == 403
        )
        act_as(client, demo.staff2, f"unit_staff:{demo.unit2.pk}")
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404

    def test_office_staff_see_it_once_it_reached_the_office(self, client, demo, zhangs):
        application, _attachment, _row = zhangs
        submitted(application)
        act_as(client, demo.office_staff, f"office_staff:{demo.office.pk}")
        detail = reverse("applications:detail", args=[application.pk])
        assert client.get(detail).status_code == 404
        move_to(application, Status.OFFICE_REVIEW)
        assert client.get(detail).status_code == 200
        act_as(client, demo.dept_staff, f"department_staff:{demo.department.pk}")
        assert client.get(detail).status_code == 404
