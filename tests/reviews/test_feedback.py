"""意见建议: a signed-in person writes to an office; the office answers; the answer arrives in
我的消息 (seed 004, 投诉反馈). Offices see only what was addressed to them."""

import pytest
from django.urls import reverse

from accounts.roles import Role, RoleContext
from reviews import services
from reviews.models import Feedback
from tests.refusals import refused
from titleportal.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_context(demo):
    return RoleContext(Role.OFFICE_STAFF, demo.office)


def test_a_complaint_about_an_application_goes_to_its_office(demo, make_application):
    application = make_application(applicant=demo.applicant, at_office=True)

    feedback = services.feedback_send(
        actor=demo.applicant,
        kind=Feedback.Kind.COMPLAINT,
        title="审核太慢",
        body="已提交一个月仍未审核。",
        application=application,
    )

    assert feedback.office == demo.office
    # 孙八 is told in 我的消息, with a link to the feedback.
    message = Message.objects.get(recipient=demo.office_staff, event="feedback.sent")
    assert message.link == reverse("reviews:office_feedback_detail", args=[feedback.pk])


def test_nobody_writes_about_someone_elses_application(demo, make_application):
    application = make_application(applicant=demo.applicant2)

    with refused("forbidden"):
        services.feedback_send(
            actor=demo.applicant, kind="complaint", title="x", body="y", application=application
        )


def test_feedback_about_the_portal_needs_an_office(demo):
    with refused("required"):
        services.feedback_send(actor=demo.applicant, kind="suggestion", title="x", body="y")


def test_the_office_answer_reaches_the_sender_in_my_messages(demo, office_context):
    feedback = services.feedback_send(
        actor=demo.applicant,
        kind="suggestion",
        title="建议",
        body="增加夜间模式",
        office=demo.office,
    )

    services.feedback_answer(
        actor=demo.office_staff,
        role_context=office_context,
        feedback_id=feedback.pk,
        answer="感谢建议，已列入计划。",
    )

    feedback.refresh_from_db()
    assert feedback.is_answered and feedback.answered_by == demo.office_staff
    message = Message.objects.get(recipient=demo.applicant, event="feedback.answered")
    assert message.body == "感谢建议，已列入计划。"
    assert message.link == reverse("reviews:feedback_detail", args=[feedback.pk])
    with refused("answered"):
        services.feedback_answer(
            actor=demo.office_staff,
            role_context=office_context,
            feedback_id=feedback.pk,
            answer="again",
        )


def test_another_office_cannot_answer(demo):
    feedback = services.feedback_send(
        actor=demo.applicant, kind="suggestion", title="建议", body="内容", office=demo.office
    )
    from units.models import Membership

    Membership.objects.create(
        person=demo.staff, role=Role.OFFICE_STAFF, office=demo.office_qz, is_enabled=True
    )

    with refused("not_found"):
        services.feedback_answer(
            actor=demo.staff,
            role_context=RoleContext(Role.OFFICE_STAFF, demo.office_qz),
            feedback_id=feedback.pk,
            answer="答复",
        )


def test_office_staff_do_not_answer_their_own_feedback(demo, office_context):
    feedback = services.feedback_send(
        actor=demo.office_staff, kind="suggestion", title="建议", body="内容", office=demo.office
    )

    with refused("own"):
        services.feedback_answer(
            actor=demo.office_staff,
            role_context=office_context,
            feedback_id=feedback.pk,
            answer="答复",
        )


def test_pages_send_answer_and_show_the_answer(client_as, demo, keys):
    client = client_as(demo.applicant, "applicant:")
    response = client.post(
        reverse("reviews:feedback_new"),
        {
            "kind": "complaint",
            "office": demo.office.pk,
            "title": "页面打不开",
            "body": "证书页空白",
        },
    )
    feedback = Feedback.objects.get(sender=demo.applicant)
    assert response.status_code == 302

    client = client_as(demo.office_staff, keys["office_staff"])
    assert "页面打不开" in client.get(reverse("reviews:office_feedback")).content.decode()
    client.post(
        reverse("reviews:office_feedback_detail", args=[feedback.pk]), {"answer": "已修复。"}
    )

    client = client_as(demo.applicant, "applicant:")
    assert (
        "已修复。"
        in client.get(reverse("reviews:feedback_detail", args=[feedback.pk])).content.decode()
    )
    assert "页面打不开" in client.get(reverse("messages")).content.decode()


def test_a_form_without_office_keeps_what_was_typed(client_as, demo):
    client = client_as(demo.applicant, "applicant:")

    response = client.post(
        reverse("reviews:feedback_new"),
        {"kind": "complaint", "title": "我的标题", "body": "正文内容"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "我的标题" in page and "正文内容" in page
    assert "请选择" in page  # the office field's message
    assert not Feedback.objects.exists()


def test_the_office_list_holds_only_feedback_for_that_office(client_as, demo, keys):
    Feedback.objects.create(
        sender=demo.applicant, office=demo.office_qz, title="钦州的事", body="x"
    )
    Feedback.objects.create(sender=demo.applicant, office=demo.office, title="区里的事", body="x")

    page = (
        client_as(demo.office_staff, keys["office_staff"])
        .get(reverse("reviews:office_feedback"))
        .content.decode()
    )

    assert "区里的事" in page and "钦州的事" not in page
