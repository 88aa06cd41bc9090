"""The admin speaks Chinese also for the models of the task backend, MFA and OAuth, and
numbers records under 编号 rather than "PK"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _text(page: str) -> str:
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_app_list_names_third_party_apps_and_models_in_chinese(admin_client, demo):
    text = _text(admin_client.get(reverse("admin:index")).content.decode())
    for english in ("Tasks Database Backend", "Task Results", "Authenticators", "Access tokens"):
        assert english not in text, english
    for chinese in ("后台任务", "任务结果", "身份验证器", "访问令牌", "OAuth 客户端应用"):
        assert chinese in text, chinese
    # Our own applications keep their name.
    assert "申报" in text


@pytest.mark.parametrize(
    ("url", "headings"),
    [
        ("admin:mfa_authenticator_changelist", ["类型", "创建时间", "最近使用时间"]),
        ("admin:django_tasks_database_dbtaskresult_changelist", ["任务名称", "入队时间", "优先级"]),
        ("admin:applications_application_changelist", ["编号"]),
        ("admin:titleportal_delivery_changelist", ["编号"]),
    ],
)
def test_list_headings_are_chinese(admin_client, demo, url, headings):
    from allauth.mfa.models import Authenticator
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from applications.models import Kind
    from tests.factories import ApplicationFactory

    ApplicationFactory(unit=demo.unit, office=demo.office, kind=Kind.RECOGNITION)
    Authenticator.objects.create(user=demo.applicant, type="totp", data={})
    DBTaskResult.objects.create(
        task_path="titleportal.notifications.deliver",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )
    text = _text(admin_client.get(reverse(url)).content.decode())
    assert not re.search(r"\bPK\b", text)
    for word in ("Type", "Created at", "Last used at", "Task name", "Enqueued at", "Priority"):
        assert word not in text, word
    for heading in headings:
        assert heading in text, heading


@pytest.mark.parametrize(
    "app_label", ["oauth2_provider", "django_tasks_database", "registries", "units"]
)
def test_an_apps_own_page_opens_with_its_chinese_name(admin_client, demo, app_label):
    response = admin_client.get(reverse("admin:app_list", args=[app_label]))
    assert response.status_code == 200
    assert "administration" not in _text(response.content.decode())


@pytest.mark.parametrize(
    ("url", "english"),
    [
        (
            "admin:mfa_authenticator_changelist",
            ["Authenticators", "By type", "By created at", "By last used at"],
        ),
        ("admin:mfa_authenticator_add", ["Authenticator", "Type", "Data", "User", "Created at"]),
        ("admin:django_tasks_database_dbtaskresult_changelist", ["Tasks Database", "Task Results"]),
        ("admin:titleportal_fullidview_changelist", ["Filter by"]),
    ],
)
def test_breadcrumbs_filters_and_form_labels_of_the_task_and_mfa_pages_are_chinese(
    admin_client, demo, url, english
):
    text = _text(admin_client.get(reverse(url)).content.decode())
    for word in english:
        assert word not in text, word
    if "mfa" in url:
        assert "身份验证器" in text and "多因素认证" in text
    if "dbtaskresult" in url:
        assert "后台任务" in text and "任务结果" in text
