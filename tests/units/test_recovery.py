"""A unit's password recovery through a staff member tells nothing about the staff member's ID
number: a right and a wrong number get the same pages, and so does an SMS gateway that is
down; only the right number receives a code that works."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import comparable, last_code, sms_count
from units.models import Membership

from .conftest import CAPTCHA

pytestmark = pytest.mark.django_db

STAFF_PHONE = "13800000003"  # 王五
WANG_ID = "450103198803152345"
NOT_WANG_ID = "450102199001011231"  # 张三's number, not 王五's


@pytest.fixture(autouse=True)
def _no_cool_down(settings):
    settings.SMS_RESEND_COOLDOWN = 0


def _answer(client, demo, id_number):
    """What someone sees who chose the unit and 王五 and typed ``id_number``: the answer to
    step 2, the code page, and the answer to 请求新验证码 there."""
    client.logout()
    response = client.post(
        reverse("units:recover"), {"unit": demo.unit.pk, "uscc": demo.unit.uscc, **CAPTCHA}
    )
    assert response["Location"] == reverse("units:recover_staff")
    membership = Membership.objects.get(person=demo.staff, unit=demo.unit)
    posted = client.post(
        reverse("units:recover_staff"), {"staff": membership.pk, "id_number": id_number}
    )
    shown = client.get(reverse("units:recover_code"))
    resent = client.post(reverse("units:recover_code"), {"action": "resend"}, follow=True)
    return posted, shown, resent


def _same(first, second):
    for a, b in zip(first, second, strict=True):
        assert a.status_code == b.status_code
        assert a.get("Location") == b.get("Location")
        assert comparable(a) == comparable(b)


def test_a_wrong_id_number_gets_the_pages_of_the_right_one(client, demo):
    right = _answer(client, demo, WANG_ID)
    assert right[0]["Location"] == reverse("units:recover_code")
    sent = sms_count(STAFF_PHONE)
    wrong = _answer(client, demo, NOT_WANG_ID)
    _same(right, wrong)
    assert "138****0003" in right[1].content.decode()
    assert sms_count(STAFF_PHONE) == sent  # no code went to 王五 for the wrong number


def test_right_and_wrong_id_numbers_queue_the_same_task_and_only_the_right_one_sends(
    client, demo, settings
):
    """The gateway is not called in the request (its time would tell the right number from a
    wrong one): both queue one task per code; the worker sends only for the right one."""
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    sent = sms_count(STAFF_PHONE)
    queued = {}
    for id_number in (WANG_ID, NOT_WANG_ID):
        default_task_backend.clear()
        _answer(client, demo, id_number)
        assert sms_count(STAFF_PHONE) == sent
        queued[id_number] = list(default_task_backend.results)
    shapes = {
        key: [(r.task.name, len(r.args), r.args[1]) for r in results]
        for key, results in queued.items()
    }
    assert shapes[WANG_ID] == shapes[NOT_WANG_ID] == [("send_code_sms", 3, "+8613800000003")] * 2
    for result in queued[NOT_WANG_ID]:
        assert result.task.call(*result.args) == "nobody"
    assert sms_count(STAFF_PHONE) == sent
    for result in queued[WANG_ID]:
        assert result.task.call(*result.args) == "sent"
    assert sms_count(STAFF_PHONE) == sent + 2


def test_no_code_works_after_a_wrong_id_number(client, demo):
    _answer(client, demo, NOT_WANG_ID)
    for code in ("000000", "123456"):
        html = client.post(reverse("units:recover_code"), {"code": code}).content.decode()
        assert "验证码错误" in html
    assert client.get(reverse("units:recover_password"))["Location"] == reverse("units:recover")


def test_a_gateway_that_is_down_gives_the_same_pages(client, demo, settings):
    working = _answer(client, demo, WANG_ID)
    settings.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
    down = _answer(client, demo, WANG_ID)
    _same(working, down)
    _same(down, _answer(client, demo, NOT_WANG_ID))
    # Back up: a new code arrives and works.
    settings.SMS_BACKEND = "titleportal.sms.FileSMSBackend"
    _answer(client, demo, WANG_ID)
    response = client.post(reverse("units:recover_code"), {"code": last_code(STAFF_PHONE)})
    assert response["Location"] == reverse("units:recover_password")


def test_staff_without_a_mobile_number_are_not_offered(client, demo):
    demo.staff.phone = None
    demo.staff.save()
    client.post(reverse("units:recover"), {"unit": demo.unit.pk, "uscc": demo.unit.uscc, **CAPTCHA})
    html = client.get(reverse("units:recover_staff")).content.decode()
    assert "王*" not in html and "0771-5505013" in html
