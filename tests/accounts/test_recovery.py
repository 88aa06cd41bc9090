"""Password recovery tells nothing: the same answer for a registered and an unknown number,
address or ID number, for a right and a wrong security question, and when the SMS gateway or
the mail server is down; the security answer is hashed in every case."""

import pytest
from django.core import mail
from django.urls import reverse

from .conftest import CAPTCHA, comparable, last_code, sms_count

pytestmark = pytest.mark.django_db

REGISTERED_PHONE = "13800000001"  # 张三
UNKNOWN_PHONE = "13812340001"  # no account; masked the same: 138****0001
SMS_REQUEST = reverse("accounts:password_reset_sms")
SMS_CODE = reverse("accounts:password_reset_sms_code")
EMAIL_REQUEST = reverse("account_reset_password")
EMAIL_CODE = reverse("account_confirm_password_reset_code")
QUESTION = reverse("accounts:password_reset_question")


def _sms_answer(client, phone):
    """What someone asking for a code to ``phone`` sees: the answer to the form, the page it
    leads to, and the answer to 请求新验证码 there."""
    posted = client.post(SMS_REQUEST, {"phone": phone, **CAPTCHA})
    shown = client.get(SMS_CODE)
    resent = client.post(SMS_CODE, {"action": "resend"}, follow=True)
    return posted, shown, resent


def _same(first, second, *typed):
    assert first.status_code == second.status_code
    assert first.get("Location") == second.get("Location")
    assert comparable(first, *typed[:1]) == comparable(second, *typed[1:2])


class TestBySMS:
    @pytest.fixture(autouse=True)
    def _no_cool_down(self, settings):
        settings.SMS_RESEND_COOLDOWN = 0

    def test_registered_and_unknown_numbers_get_the_same_pages(self, client, demo):
        before = sms_count(REGISTERED_PHONE), sms_count(UNKNOWN_PHONE)
        registered = _sms_answer(client, REGISTERED_PHONE)
        client.logout()
        unknown = _sms_answer(client, UNKNOWN_PHONE)
        for first, second in zip(registered, unknown, strict=True):
            _same(first, second)
        assert registered[0]["Location"] == SMS_CODE
        assert "如果" in registered[1].content.decode()  # says "if it is registered"
        # Only the registered number received codes (the first one and the new one).
        assert (sms_count(REGISTERED_PHONE), sms_count(UNKNOWN_PHONE)) == (
            before[0] + 2,
            before[1],
        )

    def test_the_request_queues_the_sms_and_the_worker_sends_it(self, client, demo, settings):
        """A slow gateway cannot tell registered numbers apart by the time the answer takes:
        the request does the same for both (count the limits, queue one task) and the task
        worker talks to the gateway, sending only to the registered number."""
        from django.tasks import default_task_backend

        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        sent = {phone: sms_count(phone) for phone in (REGISTERED_PHONE, UNKNOWN_PHONE)}
        queued = {}
        for phone in (REGISTERED_PHONE, UNKNOWN_PHONE):
            default_task_backend.clear()
            client.logout()
            _sms_answer(client, phone)  # the request and 请求新验证码
            assert sms_count(phone) == sent[phone]  # nothing went out during the requests
            queued[phone] = list(default_task_backend.results)
        calls = {
            phone: [(r.task.name, len(r.args), sorted(r.kwargs)) for r in results]
            for phone, results in queued.items()
        }
        assert calls[REGISTERED_PHONE] == calls[UNKNOWN_PHONE] == [("send_code_sms", 3, [])] * 2
        for results in queued.values():  # the worker
            for result in results:
                result.task.call(*result.args, **result.kwargs)
        assert sms_count(REGISTERED_PHONE) == sent[REGISTERED_PHONE] + 2
        assert sms_count(UNKNOWN_PHONE) == sent[UNKNOWN_PHONE]

    def test_a_queue_that_is_down_gives_the_same_pages(self, client, demo, settings):
        settings.TASKS = {"default": {"BACKEND": "tests.sms_backends.DownTaskBackend"}}
        registered = _sms_answer(client, REGISTERED_PHONE)
        client.logout()
        unknown = _sms_answer(client, UNKNOWN_PHONE)
        for first, second in zip(registered, unknown, strict=True):
            _same(first, second)
        assert registered[0]["Location"] == SMS_CODE

    def test_a_gateway_that_is_down_gives_the_same_pages_as_one_that_works(
        self, client, demo, settings
    ):
        working = _sms_answer(client, REGISTERED_PHONE)
        client.logout()
        settings.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
        down = _sms_answer(client, REGISTERED_PHONE)
        for first, second in zip(working, down, strict=True):
            _same(first, second)
        # Down for an unknown number too: nothing differs from the registered one.
        client.logout()
        unknown = _sms_answer(client, UNKNOWN_PHONE)
        for first, second in zip(down, unknown, strict=True):
            _same(first, second)

    def test_the_code_still_works_once_the_gateway_is_back(self, client, demo, settings):
        settings.SMS_BACKEND = "tests.sms_backends.FailingSMSBackend"
        client.post(SMS_REQUEST, {"phone": REGISTERED_PHONE, **CAPTCHA})
        settings.SMS_BACKEND = "titleportal.sms.FileSMSBackend"
        client.post(SMS_CODE, {"action": "resend"})
        response = client.post(SMS_CODE, {"code": last_code(REGISTERED_PHONE)})
        assert response["Location"] == reverse("accounts:password_reset_new")


class TestByEmail:
    def _answer(self, client, email):
        posted = client.post(EMAIL_REQUEST, {"email": email, **CAPTCHA})
        return posted, client.get(EMAIL_CODE)

    def test_registered_and_unknown_addresses_get_the_same_pages(self, client, demo):
        registered = self._answer(client, "applicant@example.com")
        client.logout()
        unknown = self._answer(client, "nobody@example.com")
        for first, second in zip(registered, unknown, strict=True):
            _same(first, second, "applicant@example.com", "nobody@example.com")
        assert registered[0]["Location"] == EMAIL_CODE
        # Each address got a mail: the code, or the notice that it has no account.
        assert [message.to for message in mail.outbox] == [
            ["applicant@example.com"],
            ["nobody@example.com"],
        ]

    def test_a_mail_server_that_is_down_gives_the_same_pages(self, client, demo, settings):
        working = self._answer(client, "applicant@example.com")
        client.logout()
        settings.MAILERS = {"default": {"BACKEND": "tests.email_backends.FailingEmailBackend"}}
        down = self._answer(client, "applicant@example.com")
        for first, second in zip(working, down, strict=True):
            _same(first, second)
        client.logout()
        unknown = self._answer(client, "nobody@example.com")
        for first, second in zip(down, unknown, strict=True):
            _same(first, second, "applicant@example.com", "nobody@example.com")


class TestBySecurityQuestion:
    ZHANG = "450102199001011231"  # 张三: birthplace, 南宁
    UNKNOWN = "440301199001013459"  # no account

    def _post(self, client, **changes):
        data = {
            "id_number": self.ZHANG,
            "security_question": "birthplace",
            "security_answer": "南宁",
            **CAPTCHA,
            **changes,
        }
        client.logout()
        return client.post(QUESTION, data)

    @pytest.mark.parametrize(
        "typed",
        [
            {"security_answer": "北京"},
            {"security_question": "mother_name"},
            {"security_question": "mother_name", "security_answer": "北京"},
        ],
    )
    def test_an_unknown_id_number_gets_the_page_of_a_wrong_answer(self, client, demo, typed):
        registered = self._post(client, **typed, id_number=self.ZHANG)
        unknown = self._post(client, **typed, id_number=self.UNKNOWN)
        _same(registered, unknown, self.ZHANG, self.UNKNOWN)
        assert "身份证号、密保问题或答案不正确" in unknown.content.decode()

    def test_a_wrong_question_and_a_wrong_answer_say_the_same(self, client, demo):
        errors = [
            self._post(client, **typed).context["form"].non_field_errors()
            for typed in ({"security_answer": "北京"}, {"security_question": "mother_name"})
        ]
        assert errors[0] == errors[1]

    def test_the_answer_is_hashed_in_every_case(self, client, demo, counting_hasher):
        from accounts.models import User

        no_answer = User.objects.create_user(
            id_number="11010519491231002X", full_name="陈明", security_question="birthplace"
        )
        cases = {
            "right answer": {},
            "wrong answer": {"security_answer": "北京"},
            "wrong question": {"security_question": "mother_name"},
            "unknown ID number": {"id_number": self.UNKNOWN},
            "account without an answer": {"id_number": no_answer.id_number},
        }
        calls = {}
        for name, changes in cases.items():
            counting_hasher.calls = 0
            self._post(client, **changes)
            calls[name] = counting_hasher.calls
        assert set(calls.values()) == {1}, calls
