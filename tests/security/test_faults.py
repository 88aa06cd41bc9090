"""Faults and concurrency: what happens when people act at once, click twice, or a step fails.

- Many threads (each with its own database connection) on one application: exactly one
  transition, one action-log row, one certificate number. Needs PostgreSQL row locks; CI runs
  these there (tests/reviews/test_concurrency.py races forward and forward-against-return).
- The same form posted twice (a double click): one row, one transition, and the second answer is
  a redirect or a page with a message, never a 500. (Payments have no orders yet, so there is no
  order form to double-post.)
- An exception late inside a transition leaves nothing half-written.
- SMS and email gateways that are down: the transition commits, the delivery is retried, an
  operator sees it in Django admin, and a later retry sends it.
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import User
from accounts.roles import Role, RoleContext
from applications import actionlog
from applications import services as application_services
from applications.models import ActionLog, Application, Status
from certificates import services as certificate_services
from certificates.models import Certificate, CertificateCounter
from reviews import services as review_services
from reviews.models import ReturnSnapshot
from tests import files
from tests.applications.conftest import complete_recognition, start
from tests.email_backends import FlakyEmailBackend
from tests.factories import ApplicationFactory, ApprovedApplicationFactory
from tests.sms_backends import FlakySMSBackend
from titleportal.errors import DomainError
from titleportal.models import Delivery, Message
from titleportal.notifications import retry_due_deliveries
from titleportal.sms import FileSMSBackend
from units.models import Affiliation, OrganisationEvent, Unit

THREADS = 8
APPLICANT = RoleContext(Role.APPLICANT)
CAPTCHA = {"captcha_0": "test", "captcha_1": "PASSED"}
# What a person and a unit type into the registration forms (sent twice by the tests below).
PERSON_REGISTRATION = {
    "full_name": "陈明",
    "username": "11010519491231002x",
    "phone": "13912345678",
    "email": "chen.ming@example.com",
    "password1": "Shenbao#2026ok",
    "password2": "Shenbao#2026ok",
    "security_question": "birthplace",
    "security_answer": "南宁",
    "accept_terms": "on",
    **CAPTCHA,
}
UNIT_REGISTRATION = {
    "uscc": "91450103j2k0xtf8h8",
    "name": "南宁青秀建设工程有限公司",
    "legal_representative": "黄建",
    "industry": "E",
    "province": "450000",
    "city": "450100",
    "county": "450103",
    "address": "南宁市青秀区民族大道 100 号",
    "unit_type": "private_enterprise",
    "department": "",
    "contact_name": "韦小宁",
    "contact_phone": "0771-5501234",
    "password1": "Danwei#2026pass",
    "password2": "Danwei#2026pass",
    **CAPTCHA,
}


def race(act, threads: int = THREADS) -> list[str]:
    """Run ``act`` in ``threads`` threads released at the same moment; each thread uses its own
    database connection and closes it. Returns "ok" or the refusal's code for each thread; any
    other exception (a deadlock, an IntegrityError) fails the test."""
    barrier = threading.Barrier(threads)

    def one(_index):
        try:
            barrier.wait(timeout=30)
            act()
            return "ok"
        except DomainError as error:
            return error.code or "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(threads)))


def at_unit(demo, **kwargs) -> Application:
    kwargs.setdefault("applicant", demo.applicant)
    return ApplicationFactory(unit=demo.unit, office=demo.office, **kwargs)


def logged(application, action: str) -> int:
    return ActionLog.objects.filter(application=application, action=action).count()


def unit_context(demo):
    return RoleContext(Role.UNIT_STAFF, demo.unit)


def office_context(demo):
    return RoleContext(Role.OFFICE_STAFF, demo.office)


# --- many threads at once (PostgreSQL) --------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestManyThreadsAtOnce:
    def test_submit(self, postgres, demo):
        draft = complete_recognition(start(demo.applicant, demo=demo))
        version = Application.objects.get(pk=draft.pk).version

        results = race(
            lambda: application_services.application_submit(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=draft,
                promise_accepted=True,
            )
        )

        assert results.count("ok") == 1, results
        app = Application.objects.get(pk=draft.pk)
        assert app.status == Status.UNIT_REVIEW
        assert app.version == version + 1
        assert logged(app, "application.submitted") == 1
        # Each member of the unit's staff got one message about it, not one per thread.
        recipients = list(
            Message.objects.filter(event="review.submitted").values_list("recipient", flat=True)
        )
        assert recipients and len(recipients) == len(set(recipients))

    def test_withdraw(self, postgres, demo):
        submitted = at_unit(demo)

        results = race(
            lambda: application_services.application_withdraw(
                actor=demo.applicant, role_context=APPLICANT, application=submitted
            )
        )

        assert results.count("ok") == 1, results
        app = Application.objects.get(pk=submitted.pk)
        assert app.status == Status.DRAFT and app.version == submitted.version + 1
        assert logged(app, "application.withdrawn") == 1

    def test_unit_returns_to_the_applicant(self, postgres, demo):
        submitted = at_unit(demo)

        results = race(
            lambda: review_services.application_return(
                actor=demo.staff,
                role_context=unit_context(demo),
                application=submitted.pk,
                version=None,
                reason="请补充学历证书。",
            )
        )

        assert results.count("ok") == 1, results
        assert set(results) == {"ok", "stale"}
        app = Application.objects.get(pk=submitted.pk)
        assert app.status == Status.RETURNED and app.version == submitted.version + 1
        assert logged(app, "application.returned") == 1
        assert ReturnSnapshot.objects.filter(application=app).count() == 1
        messages = Message.objects.filter(recipient=demo.applicant, event="application.returned")
        assert messages.count() == 1
        # One SMS and one email, sent once.
        assert Delivery.objects.filter(message__in=messages).count() == 2

    def test_office_approves(self, postgres, demo):
        waiting = at_unit(demo, status=Status.OFFICE_REVIEW)

        results = race(
            lambda: review_services.application_approve(
                actor=demo.office_staff,
                role_context=office_context(demo),
                application=waiting.pk,
                version=waiting.version,
            )
        )

        assert results.count("ok") == 1, results
        assert set(results) == {"ok", "stale"}
        app = Application.objects.get(pk=waiting.pk)
        assert app.status == Status.APPROVED and app.decided_at is not None
        assert logged(app, "application.approved") == 1
        assert Message.objects.filter(event="application.approved").count() == 1

    def test_office_issues_the_certificate(self, postgres, demo):
        approved = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)

        results = race(
            lambda: certificate_services.certificate_issue(
                actor=demo.office_staff,
                role_context=office_context(demo),
                application_id=approved.pk,
            )
        )

        assert results.count("ok") == 1, results
        assert set(results) == {"ok", "certified"}
        app = Application.objects.get(pk=approved.pk)
        assert app.status == Status.CERTIFIED
        assert logged(app, "application.certified") == 1
        certificate = Certificate.objects.get(application=app)
        assert certificate.number.endswith("-000001")
        counter = CertificateCounter.objects.get(
            office=demo.office, year=timezone.localdate().year, level=app.level
        )
        assert counter.last_number == 1  # no number spent by the threads that lost


# --- double-clicked forms ---------------------------------------------------------------------


def acting(client, user, key: str | None = None):
    client.force_login(user)
    if key:
        session = client.session
        session[SESSION_KEY] = key
        session.save()
    return client


def twice(client, url, data, *, second=None):
    """POST ``data`` twice, the way a double click sends it; returns both answers, the second
    followed to the page it lands on."""
    first = client.post(url, data)
    again = (second or client).post(url, data, follow=True)
    assert first.status_code in (200, 302), first.status_code
    assert again.status_code == 200, again.status_code
    return first, again.content.decode()


@pytest.mark.django_db
class TestDoubleClickedForms:
    def test_submit(self, client, demo):
        draft = complete_recognition(start(demo.applicant, demo=demo))
        version = Application.objects.get(pk=draft.pk).version
        url = reverse("applications:submit", args=[draft.pk])

        first, page = twice(acting(client, demo.applicant), url, {"promise": "accepted"})

        assert first.status_code == 302
        assert "该申报已报送，只能查看" in page
        app = Application.objects.get(pk=draft.pk)
        assert app.status == Status.UNIT_REVIEW and app.version == version + 1
        assert logged(app, "application.submitted") == 1

    def test_unit_forward(self, client, demo):
        app = at_unit(demo, opinions=True)
        url = reverse("reviews:forward", args=[app.pk])
        client = acting(client, demo.staff, f"unit_staff:{demo.unit.pk}")

        first, page = twice(client, url, {"version": app.version, "office": demo.office.pk})

        assert first.status_code == 302
        assert "此申报当前不在您的审核环节" in page or "已被其他人处理" in page
        app.refresh_from_db()
        assert app.status == Status.OFFICE_REVIEW and app.version == 1
        assert logged(app, "application.forwarded") == 1

    def test_certify(self, client, demo):
        approved = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
        client = acting(client, demo.office_staff, f"office_staff:{demo.office.pk}")

        first, page = twice(client, reverse("certificates:certify"), {"only": approved.pk})

        assert first.status_code == 302
        assert "证书已发放" in page
        assert Certificate.objects.filter(application=approved).count() == 1
        assert logged(approved, "application.certified") == 1

    def test_person_registration(self, client, reference_data):
        data = PERSON_REGISTRATION
        # The second click leaves before the first answer sets the session cookie.
        first, page = twice(client, reverse("account_signup"), data, second=Client())

        assert first.status_code == 302
        # The second click, with the same password, is sent to sign in.
        assert "您已用该身份证号注册，请用密码登录" in page
        assert User.objects.filter(id_number="11010519491231002X").count() == 1

    def test_unit_registration(self, client, reference_data):
        data = UNIT_REGISTRATION
        url = reverse("units:register")
        first = client.post(url, {**data, "licence": files.jpeg()})
        again = Client().post(url, {**data, "licence": files.jpeg()})

        unit = Unit.objects.get(uscc="91450103J2K0XTF8H8")
        assert first.status_code == 302
        # The second click, with the same password, is sent to the unit sign-in.
        assert again["Location"] == f"{reverse('units:login')}?unit={unit.pk}"

    def test_joining_a_unit(self, client, demo):
        client = acting(client, demo.applicant)

        first, page = twice(client, reverse("units:join"), {"key": demo.unit2.key})

        assert first.status_code == 302
        assert "钦州海湾科技有限公司" in page
        assert Affiliation.objects.filter(person=demo.applicant).count() == 1
        assert Affiliation.objects.get(person=demo.applicant).unit == demo.unit2
        joined = OrganisationEvent.objects.filter(
            action=OrganisationEvent.Action.PERSON_JOINED, subject=demo.applicant
        )
        assert joined.count() == 1


# --- an exception late inside a transition ----------------------------------------------------


class Boom(RuntimeError):
    pass


def boom(*args, **kwargs):
    raise Boom("a late step of the transition failed")


def unchanged(app: Application, before: Application) -> None:
    app.refresh_from_db()
    assert (app.status, app.version, app.unit_acted_at, app.office_id) == (
        before.status,
        before.version,
        before.unit_acted_at,
        before.office_id,
    )


@pytest.mark.django_db(transaction=True)
class TestExceptionInsideATransition:
    """Transaction=True: the service's own transaction is the outermost one, as in production."""

    def test_submit_fails_at_the_log_write(self, demo, monkeypatch):
        draft = complete_recognition(start(demo.applicant, demo=demo))
        before = Application.objects.get(pk=draft.pk)
        monkeypatch.setattr(actionlog, "record", boom)

        with pytest.raises(Boom):
            application_services.application_submit(
                actor=demo.applicant,
                role_context=APPLICANT,
                application=draft,
                promise_accepted=True,
            )

        unchanged(draft, before)
        assert draft.submitted_at is None and draft.promise_accepted_at is None
        assert logged(draft, "application.submitted") == 0
        assert not Message.objects.filter(event="review.submitted").exists()

    def test_forward_fails_at_the_reviewers_notification(self, demo, monkeypatch):
        app = at_unit(demo, opinions=True)
        before = Application.objects.get(pk=app.pk)
        messages_before = Message.objects.count()  # the demo's (staff invitations)
        monkeypatch.setattr("applications.workflow.notify_staff", boom)

        with pytest.raises(Boom):
            review_services.application_forward(
                actor=demo.staff, role_context=unit_context(demo), application=app.pk, version=0
            )

        unchanged(app, before)
        assert logged(app, "application.forwarded") == 0
        assert Message.objects.count() == messages_before

    def test_return_fails_at_the_message(self, demo, monkeypatch, settings, tmp_path):
        settings.SMS_OUTBOX = tmp_path / "outbox.log"
        app = at_unit(demo)
        before = Application.objects.get(pk=app.pk)
        monkeypatch.setattr("titleportal.notifications.notify", boom)

        with pytest.raises(Boom):
            review_services.application_return(
                actor=demo.staff,
                role_context=unit_context(demo),
                application=app.pk,
                version=0,
                reason="请补充学历证书。",
            )

        unchanged(app, before)
        assert logged(app, "application.returned") == 0
        assert not ReturnSnapshot.objects.exists()
        assert not Delivery.objects.exists()
        assert FileSMSBackend(settings.SMS_OUTBOX).messages() == []
        assert mail.outbox == []

    def test_certify_fails_after_the_number_was_drawn(self, demo, monkeypatch):
        approved = ApprovedApplicationFactory(applicant=demo.applicant, office=demo.office)
        before = Application.objects.get(pk=approved.pk)
        monkeypatch.setattr("certificates.services.issuing.notify_certificate_issued", boom)

        with pytest.raises(Boom):
            certificate_services.certificate_issue(
                actor=demo.office_staff,
                role_context=office_context(demo),
                application_id=approved.pk,
            )

        unchanged(approved, before)
        assert not Certificate.objects.exists()
        assert logged(approved, "application.certified") == 0
        counter = CertificateCounter.objects.filter(office=demo.office).first()
        assert counter is None or counter.last_number == 0

        # No number was consumed: the next issue gets the first one.
        monkeypatch.undo()
        certificate = certificate_services.certificate_issue(
            actor=demo.office_staff, role_context=office_context(demo), application_id=approved.pk
        )
        assert certificate.number.endswith("-000001")


# --- failing SMS and email gateways -----------------------------------------------------------


@pytest.fixture
def gateways_down(settings, tmp_path):
    settings.SMS_OUTBOX = tmp_path / "outbox.log"
    settings.SMS_BACKEND = "tests.sms_backends.FlakySMSBackend"
    settings.MAILERS = {"default": {"BACKEND": "tests.email_backends.FlakyEmailBackend"}}
    FlakySMSBackend.down = True
    FlakyEmailBackend.down = True
    yield FileSMSBackend(settings.SMS_OUTBOX)
    FlakySMSBackend.down = True
    FlakyEmailBackend.down = True


def admin_deliveries(client, demo, status: str) -> str:
    client.force_login(demo.admin)
    url = reverse("admin:titleportal_delivery_changelist")
    return client.get(url, {"status__exact": status}).content.decode()


@pytest.mark.django_db
class TestFailingGateways:
    def test_return_commits_and_the_messages_are_sent_on_retry(
        self, client, demo, gateways_down, django_capture_on_commit_callbacks
    ):
        app = at_unit(demo)
        client = acting(client, demo.staff, f"unit_staff:{demo.unit.pk}")

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reviews:return", args=[app.pk]),
                {"version": app.version, "target": "returned", "reason": "请补充学历证书。"},
            )

        assert response.status_code == 302
        app.refresh_from_db()
        assert app.status == Status.RETURNED
        assert logged(app, "application.returned") == 1
        message = Message.objects.get(recipient=demo.applicant, event="application.returned")
        deliveries = {d.channel: d for d in message.deliveries.all()}
        assert set(deliveries) == {"sms", "email"}
        for delivery in deliveries.values():
            assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
            assert delivery.next_attempt_at > timezone.now()
        assert "gateway timeout" in deliveries["sms"].last_error
        assert "mail server went away" in deliveries["email"].last_error

        # An operator sees both waiting in Django admin, with the reason.
        page = admin_deliveries(Client(), demo, "pending")
        assert "gateway timeout" in page and "mail server went away" in page
        assert demo.applicant.phone in page and demo.applicant.email in page

        # The gateways come back; the next retry run sends both.
        FlakySMSBackend.down = False
        FlakyEmailBackend.down = False
        assert retry_due_deliveries(timezone.now() + datetime.timedelta(hours=1)) == 2
        statuses = set(message.deliveries.values_list("status", "attempts"))
        assert statuses == {(Delivery.Status.SENT, 2)}
        sms = [text for _, phone, text in gateways_down.messages() if phone == demo.applicant.phone]
        assert len(sms) == 1 and "退回" in sms[0]
        assert [m.to for m in mail.outbox] == [[demo.applicant.email]]

    def test_given_up_deliveries_are_shown_and_an_operator_retries_them(
        self, client, demo, settings, gateways_down, django_capture_on_commit_callbacks
    ):
        settings.NOTIFICATION_MAX_ATTEMPTS = 2
        app = at_unit(demo)
        with django_capture_on_commit_callbacks(execute=True):
            review_services.application_return(
                actor=demo.staff,
                role_context=unit_context(demo),
                application=app.pk,
                version=app.version,
                reason="请补充学历证书。",
            )
        retry_due_deliveries(timezone.now() + datetime.timedelta(days=1))
        assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.FAILED}
        app.refresh_from_db()
        assert app.status == Status.RETURNED  # the act stands

        page = admin_deliveries(client, demo, "failed")
        assert "gateway timeout" in page and "mail server went away" in page

        FlakySMSBackend.down = False
        FlakyEmailBackend.down = False
        client.post(
            reverse("admin:titleportal_delivery_changelist"),
            {
                "action": "retry_now",
                "_selected_action": list(Delivery.objects.values_list("pk", flat=True)),
            },
        )
        assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
        assert len(mail.outbox) == 1


# --- double clicks that arrive at the same moment (PostgreSQL) --------------------------------


def post_at_once(url, data_for, clients, threads: int = 4) -> list[int]:
    """POST to ``url`` from ``threads`` threads at the same moment, each with its own client
    (``clients(index)``, made with ``raise_request_exception=False``: the test client's
    exception hook is shared between threads) and data (``data_for()``, fresh uploads each
    time); returns the status codes."""
    barrier = threading.Barrier(threads)

    def one(index):
        client = clients(index)
        data = data_for()
        try:
            barrier.wait(timeout=30)
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(threads)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestSimultaneousDoubleClicks:
    def test_person_registration(self, postgres, reference_data):
        data = PERSON_REGISTRATION
        codes = post_at_once(
            reverse("account_signup"),
            lambda: data,
            lambda _i: Client(raise_request_exception=False),
        )
        # One account; the other clicks (same password) are sent to sign in, or, when a
        # click is refused before the first account is visible, get the form back.
        assert set(codes) <= {200, 302} and codes.count(302) >= 1, codes
        assert User.objects.filter(id_number="11010519491231002X").count() == 1

    def test_unit_registration(self, postgres, reference_data):
        data = UNIT_REGISTRATION
        codes = post_at_once(
            reverse("units:register"),
            lambda: {**data, "licence": files.jpeg()},
            lambda _i: Client(raise_request_exception=False),
        )
        assert codes == [302, 302, 302, 302], codes  # the other clicks: to sign in
        assert Unit.objects.filter(uscc="91450103J2K0XTF8H8").count() == 1

    def test_starting_an_application(self, postgres, demo):
        from tests.applications.conftest import catalogue

        cat = catalogue(level_code="assistant")
        data = {
            "year": timezone.localdate().year,
            "series": cat.series.pk,
            "level": cat.level.pk,
            "qualification": cat.qualification.pk,
            "specialty": cat.specialty.pk,
            "office": demo.office.pk,
        }
        codes = post_at_once(
            reverse("applications:start", args=["recognition"]),
            lambda: data,
            lambda _i: acting(Client(raise_request_exception=False), demo.applicant),
        )
        assert 500 not in codes, codes
        created = Application.objects.filter(applicant=demo.applicant, kind="recognition")
        assert created.count() == 1
        assert logged(created.get(), "application.created") == 1

    def test_evaluations_of_two_series_started_at_once(self, postgres, demo):
        """同一年度只准申报一个系列: of eight starts in two series at the same moment, one
        evaluation is created; the others are told which one they already have."""
        from tests.applications.test_services import _economics_committee, _evaluation

        economics = _economics_committee(demo)
        committees = [demo.committee, economics] * (THREADS // 2)
        turn = iter(range(THREADS))
        lock = threading.Lock()

        def start_one():
            with lock:
                committee = committees[next(turn)]
            _evaluation(demo.applicant, demo, committee)

        outcomes = race(start_one)
        assert outcomes.count("ok") == 1, outcomes
        assert set(outcomes) == {"ok", "evaluation_this_year"}, outcomes
        created = Application.objects.filter(applicant=demo.applicant, kind="evaluation")
        assert created.count() == 1
        assert logged(created.get(), "application.created") == 1

    def test_joining_a_unit(self, postgres, demo):
        codes = post_at_once(
            reverse("units:join"),
            lambda: {"key": demo.unit2.key},
            lambda _i: acting(Client(raise_request_exception=False), demo.applicant),
        )
        assert 500 not in codes, codes
        assert Affiliation.objects.get(person=demo.applicant).unit == demo.unit2
        joined = OrganisationEvent.objects.filter(
            action=OrganisationEvent.Action.PERSON_JOINED, subject=demo.applicant
        )
        assert joined.count() == 1
