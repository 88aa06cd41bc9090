"""Staff on a new device type an SMS code before their sign-in completes (seed 003 §4)."""

import pytest
from django.urls import reverse

from accounts.models import KnownDevice

from .conftest import last_code, login_data, sms_count

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
CHECK = reverse("accounts:device_check")
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


@pytest.fixture
def device_check(settings):
    settings.STAFF_DEVICE_REMEMBER_DAYS = 30
    settings.SMS_RESEND_COOLDOWN = 0  # several sign-ins of one person within a minute
    return settings


def _sign_in(client, person, demo, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(LOGIN, login_data(person.id_number, demo.password), **headers)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_on_a_new_device_types_an_sms_code_first(client, demo, device_check):
    response = _sign_in(client, demo.staff, demo)
    assert response.status_code == 302 and response["Location"] == CHECK
    assert not _signed_in(client)
    page = client.get(CHECK, HTTP_USER_AGENT=BROWSER).content.decode()
    assert "新设备" in page and "138****0003" in page
    wrong = client.post(CHECK, {"code": "000000", "remember": "on"}, HTTP_USER_AGENT=BROWSER)
    assert wrong.status_code == 200 and not _signed_in(client)
    code = last_code(demo.staff.phone)
    done = client.post(CHECK, {"code": code, "remember": "on"}, HTTP_USER_AGENT=BROWSER)
    assert done.status_code == 302 and _signed_in(client)
    assert "tp_device" in done.cookies
    device = KnownDevice.objects.get(user=demo.staff)
    assert device.label == "Chrome · Windows" and device.networks == ["127.0.0.0/24"]


def _verified(client, person, demo, remember=True, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    _sign_in(client, person, demo, **headers)
    data = {"code": last_code(person.phone)}
    if remember:
        data["remember"] = "on"
    client.post(CHECK, data, **headers)
    assert _signed_in(client)
    client.post(reverse("account_logout"))
    assert not _signed_in(client)


def test_a_remembered_device_is_not_asked_again_but_a_newer_browser_version_is_the_same(
    client, demo, device_check
):
    _verified(client, demo.staff, demo)
    sent = sms_count(demo.staff.phone)
    newer = BROWSER.replace("Chrome/120.0", "Chrome/131.0")
    response = _sign_in(client, demo.staff, demo, HTTP_USER_AGENT=newer)
    assert response["Location"] != CHECK and _signed_in(client)
    assert sms_count(demo.staff.phone) == sent


def _same_browser(client):
    """A new client with the device cookie of ``client`` (the same browser, a new session)."""
    fresh = type(client)()
    fresh.cookies["tp_device"] = client.cookies["tp_device"].value
    return fresh


def test_another_browser_network_or_an_unticked_box_asks_again(client, demo, device_check):
    _verified(client, demo.staff, demo)
    assert _sign_in(_same_browser(client), demo.staff, demo)["Location"] != CHECK
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    assert (
        _sign_in(_same_browser(client), demo.staff, demo, HTTP_USER_AGENT=firefox)["Location"]
        == CHECK
    )
    assert (
        _sign_in(_same_browser(client), demo.staff, demo, REMOTE_ADDR="203.0.113.7")["Location"]
        == CHECK
    )
    other = type(client)()
    _verified(other, demo.staff2, demo, remember=False)
    assert _sign_in(other, demo.staff2, demo)["Location"] == CHECK


def test_a_remembered_device_expires(client, demo, device_check, time_machine):
    import datetime

    from django.utils import timezone

    _verified(client, demo.staff, demo)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=31))
    assert _sign_in(client, demo.staff, demo)["Location"] == CHECK


def test_applicants_and_the_unit_account_are_not_asked(client, demo, device_check):
    response = _sign_in(client, demo.applicant, demo)
    assert response["Location"] != CHECK and _signed_in(client)


def test_off_when_the_setting_is_zero(client, demo, settings):
    settings.STAFF_DEVICE_REMEMBER_DAYS = 0
    assert _sign_in(client, demo.office_staff, demo)["Location"] != CHECK
    assert _signed_in(client)


def test_staff_without_a_mobile_number_are_told_why(client, demo, device_check):
    type(demo.committee_staff).objects.filter(pk=demo.committee_staff.pk).update(phone=None)
    response = _sign_in(client, demo.committee_staff, demo)
    assert response["Location"] == LOGIN and not _signed_in(client)
    page = client.get(LOGIN).content.decode()
    assert "没有手机号码" in page


def test_an_sms_gateway_that_is_down_gets_a_clear_answer(client, demo, device_check):
    device_check.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
    response = _sign_in(client, demo.dept_staff, demo)
    assert response["Location"] == LOGIN and not _signed_in(client)
    assert "短信" in client.get(LOGIN).content.decode()


def test_the_check_page_without_a_sign_in_goes_back_to_it(client, db):
    assert client.get(CHECK)["Location"] == LOGIN


def test_the_person_lists_and_forgets_devices(client, demo, device_check):
    _verified(client, demo.staff, demo)
    _sign_in(client, demo.staff, demo)
    page = client.get(reverse("accounts:devices"), HTTP_USER_AGENT=BROWSER).content.decode()
    device = KnownDevice.objects.get(user=demo.staff)
    assert "Chrome · Windows" in page and "本设备" in page
    other = KnownDevice.objects.create(
        user=demo.staff2,
        token_hash="x",
        browser="b",
        label="赵六的电脑",
        expires_at=device.expires_at,
    )
    assert client.post(reverse("accounts:device_forget", args=[other.pk])).status_code == 404
    client.post(reverse("accounts:device_forget", args=[device.pk]))
    assert not KnownDevice.objects.filter(user=demo.staff).exists()
    assert KnownDevice.objects.filter(pk=other.pk).exists()
    client.post(reverse("account_logout"))
    assert _sign_in(client, demo.staff, demo)["Location"] == CHECK
