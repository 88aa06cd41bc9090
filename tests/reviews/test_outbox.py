"""Messages from organisations: staff write to the applicants of chosen applications in their
scope; the applicants read them in 我的消息 (seed 004 §2.5: 答辩消息)."""

import pytest
from django.urls import reverse

from accounts.roles import Role, RoleContext
from reviews import services
from reviews.models import OrganisationMessage
from tests.refusals import refused
from titleportal.models import Delivery, Message

pytestmark = pytest.mark.django_db


def test_a_committee_sends_a_defence_notice_to_its_applicants(demo, make_application, contexts):
    first = make_application(applicant=demo.applicant, at_committee=True)
    second = make_application(applicant=demo.applicant2, at_committee=True)

    sent = services.organisation_message_send(
        actor=demo.committee_staff,
        role_context=contexts["committee_staff"],
        application_ids=[first.pk, second.pk],
        kind=OrganisationMessage.Kind.DEFENCE,
        title="答辩通知",
        body="12月10日上午9时，区人才服务办公室三楼，请携带身份证原件。",
        by_sms=True,
    )

    assert sent.recipients.count() == 2
    inbox = Message.objects.get(recipient=demo.applicant, event="organisation.message")
    assert "答辩通知" in inbox.title and demo.committee.name in inbox.title
    assert "身份证原件" in inbox.body
    # One SMS per recipient, queued with a status the committee can follow.
    assert (
        Delivery.objects.filter(
            message__in=[r.inbox_message for r in sent.recipients.all()], channel="sms"
        ).count()
        == 2
    )


def test_applications_outside_the_scope_are_refused(demo, make_application, contexts):
    elsewhere = make_application(applicant=demo.applicant, unit=demo.unit2)

    with refused("not_found"):
        services.organisation_message_send(
            actor=demo.staff,
            role_context=contexts["staff"],
            application_ids=[elsewhere.pk],
            kind="general",
            title="通知",
            body="内容",
        )
    assert not Message.objects.filter(event="organisation.message").exists()


def test_a_disabled_member_cannot_send(demo, make_application, contexts):
    application = make_application(applicant=demo.applicant)
    demo.staff.memberships.filter(unit=demo.unit).update(is_enabled=False)

    with refused("forbidden"):
        services.organisation_message_send(
            actor=demo.staff,
            role_context=contexts["staff"],
            application_ids=[application.pk],
            kind="general",
            title="通知",
            body="内容",
        )


def test_nothing_chosen_is_refused(demo, contexts):
    with refused("required"):
        services.organisation_message_send(
            actor=demo.staff,
            role_context=contexts["staff"],
            application_ids=[],
            kind="general",
            title="通知",
            body="内容",
        )


def test_one_message_per_applicant_even_with_two_applications(demo, make_application, contexts):
    first = make_application(applicant=demo.applicant)
    second = make_application(applicant=demo.applicant, kind="reconfirmation")

    sent = services.organisation_message_send(
        actor=demo.staff,
        role_context=contexts["staff"],
        application_ids=[first.pk, second.pk],
        kind="general",
        title="通知",
        body="内容",
    )

    assert sent.recipients.count() == 1


def test_the_unit_sends_from_its_page_and_zhang_reads_it(client_as, demo, make_application, keys):
    application = make_application(applicant=demo.applicant)
    client = client_as(demo.staff, keys["staff"])
    page = client.get(reverse("reviews:outbox_new")).content.decode()
    assert demo.applicant.full_name in page

    response = client.post(
        reverse("reviews:outbox_new"),
        {
            "applications": [application.pk],
            "kind": "general",
            "title": "请补交材料",
            "body": "周五前",
        },
    )
    sent = OrganisationMessage.objects.get()
    assert response.status_code == 302
    assert "请补交材料" in client.get(reverse("reviews:outbox")).content.decode()
    assert (
        demo.applicant.full_name
        in client.get(reverse("reviews:outbox_detail", args=[sent.pk])).content.decode()
    )

    reader = client_as(demo.applicant, "applicant:")
    assert "请补交材料" in reader.get(reverse("messages")).content.decode()


def test_a_message_without_choice_keeps_the_text(client_as, demo, keys):
    client = client_as(demo.staff, keys["staff"])

    response = client.post(
        reverse("reviews:outbox_new"), {"kind": "general", "title": "我的标题", "body": "我的正文"}
    )

    page = response.content.decode()
    assert response.status_code == 200 and "我的标题" in page and "我的正文" in page
    assert "请选择" in page


def test_another_organisation_does_not_see_the_message(client_as, demo, make_application, keys):
    application = make_application(applicant=demo.applicant)
    sent = services.organisation_message_send(
        actor=demo.staff,
        role_context=RoleContext(Role.UNIT_STAFF, demo.unit),
        application_ids=[application.pk],
        kind="general",
        title="南宁蓝海的通知",
        body="内容",
    )

    client = client_as(demo.staff2, keys["staff2"])
    assert client.get(reverse("reviews:outbox_detail", args=[sent.pk])).status_code == 404
    assert "南宁蓝海的通知" not in client.get(reverse("reviews:outbox")).content.decode()
