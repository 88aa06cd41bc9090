"""What a return and a refusal tell the applicant (issue 16): the materials to replace are on
the list, the sections and the submit step; a refusal is worded as one in the message, the
SMS and the timeline."""

import pytest
from django.urls import reverse

from accounts.roles import RoleContext
from applications import workflow
from applications.models import Application
from titleportal.models import Message
from titleportal.sms import FileSMSBackend

from .conftest import complete_recognition, start, submitted

pytestmark = pytest.mark.django_db

FILES = "身份证扫描件（反面不清晰）"


@pytest.fixture
def sms_outbox(settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "outbox.log"
    return FileSMSBackend(settings.SMS_OUTBOX)


def _unit_context(application, demo):
    return RoleContext(workflow.acting_level(application).role, demo.unit)


def test_materials_to_replace_are_shown_on_the_list_the_sections_and_the_submit_step(
    client, demo, sms_outbox, django_capture_on_commit_callbacks
):
    from reviews.services import application_return

    application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    application = Application.objects.get(pk=application.pk)
    with django_capture_on_commit_callbacks(execute=True):
        application_return(
            actor=demo.staff,
            role_context=_unit_context(application, demo),
            application=application,
            version=None,
            reason="请更换身份证扫描件。",
            sections=["basic_info"],
            files=FILES,
        )
    client.force_login(demo.applicant)
    pages = {
        "list": reverse("applications:list", args=["recognition"]),
        "section": reverse("applications:section", args=[application.pk, "basic_info"]),
        "materials": reverse("applications:section", args=[application.pk, "materials"]),
        "submit": reverse("applications:submit", args=[application.pk]),
        "detail": reverse("applications:detail", args=[application.pk]),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert "需更换的材料" in html and FILES in html, name
    message = Message.objects.get(recipient=demo.applicant, event="application.returned")
    assert FILES in message.body
    assert FILES in sms_outbox.messages()[-1][2]


def test_a_refusal_is_worded_as_a_refusal_in_the_message_the_sms_and_the_timeline(
    client, demo, sms_outbox, django_capture_on_commit_callbacks
):
    from reviews.services import application_reject

    application = submitted(complete_recognition(start(demo.applicant, demo=demo)))
    application = Application.objects.get(pk=application.pk)
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(
            actor=demo.staff,
            role_context=_unit_context(application, demo),
            application=application,
            version=None,
            reason="不符合申报条件",
        )
    message = Message.objects.get(recipient=demo.applicant, event="application.rejected")
    assert "审核不通过" in message.title
    assert message.body == "审核不通过原因：不符合申报条件"
    sms = sms_outbox.messages()[-1][2]
    assert "审核不通过原因：不符合申报条件" in sms and "退回" not in sms
    client.force_login(demo.applicant)
    progress = client.get(reverse("applications:progress", args=[application.pk])).content
    assert "审核不通过原因：不符合申报条件" in progress.decode()
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "审核不通过的原因" in detail and "退回原因" not in detail
