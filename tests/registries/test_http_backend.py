"""HttpBackend against a real local HTTP server: signature, timeouts, retries, circuit."""

import datetime
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from registries import signing
from registries.backends import Person, RegistryUnavailable, backend_for

from .conftest import APP_KEY, APP_SECRET, records

pytestmark = pytest.mark.django_db

ZHANG = Person(id_number="450102199001011231", name="张三")
SCHOOL = {
    "id": "CHSI-1",
    "school": "广西大学",
    "major": "土木工程",
    "education": "21",
    "degree": "4",
    "enrolled_on": "2008-09-01",
    "graduated_on": "2012-06-30",
}


def test_the_request_is_signed_with_the_app_secret(registry_server, use_http):
    use_http("education")
    registry_server.answers = [records(SCHOOL)]

    answer = backend_for("education").fetch(ZHANG)

    assert answer.source == "学信网" and answer.records == [SCHOOL]
    (request,) = registry_server.received
    assert request.path == "/gateway/v1/education/records"
    assert json.loads(request.body) == {"id_number": ZHANG.id_number, "name": "张三"}
    assert request.headers[signing.APP_KEY] == APP_KEY
    # Computed here independently: method, path, timestamp, nonce and body, newline-joined.
    message = (
        "\n".join(
            [
                "POST",
                "/gateway/v1/education/records",
                request.headers[signing.TIMESTAMP],
                request.headers[signing.NONCE],
            ]
        ).encode()
        + b"\n"
        + request.body
    )
    expected = hmac.new(APP_SECRET.encode(), message, hashlib.sha256).hexdigest()
    assert request.headers[signing.SIGNATURE] == expected
    assert signing.verify(
        secret=APP_SECRET,
        method="POST",
        path=request.path,
        headers=request.headers,
        body=request.body,
    )
    assert not signing.verify(
        secret="another-secret",
        method="POST",
        path=request.path,
        headers=request.headers,
        body=request.body,
    )


def test_failures_are_retried_with_a_new_nonce_each_time(registry_server, use_http):
    use_http("education", RETRIES=2)
    registry_server.answers = [(503, {}), (502, {}), records(SCHOOL)]

    answer = backend_for("education").fetch(ZHANG)

    assert answer.records == [SCHOOL]
    assert len(registry_server.received) == 3
    nonces = {r.headers[signing.NONCE] for r in registry_server.received}
    assert len(nonces) == 3


def test_a_slow_registry_times_out_after_the_retries(registry_server, use_http):
    use_http("education", TIMEOUT=0.2, RETRIES=1)
    registry_server.answers = [("sleep", 1.0)]

    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)

    assert caught.value.reason == "timeout"
    assert len(registry_server.received) == 2


def test_a_refused_signature_is_not_retried(registry_server, use_http):
    use_http("education", RETRIES=3)
    registry_server.answers = [(401, {"error": "bad signature"})]

    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)

    assert caught.value.reason == "status_401"
    assert len(registry_server.received) == 1


def test_an_answer_of_the_wrong_shape_is_unavailable(registry_server, use_http):
    use_http("education", RETRIES=0)
    registry_server.answers = [(200, {"records": [{"school": "no id"}]})]

    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)
    assert caught.value.reason == "bad_answer"


def test_nothing_listening_is_unavailable(settings, use_http):
    use_http("education", BASE_URL="http://127.0.0.1:9/gateway", RETRIES=0)
    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)
    assert caught.value.reason == "connection"


def test_the_circuit_opens_after_failures_and_recovers_half_open(
    registry_server, use_http, time_machine
):
    use_http("education", RETRIES=0, BREAKER_FAILURES=3, BREAKER_RESET_SECONDS=30)
    registry_server.answers = [(500, {})]
    backend = backend_for("education")
    for _ in range(3):
        with pytest.raises(RegistryUnavailable):
            backend.fetch(ZHANG)
    assert backend.breaker.state == "open"
    assert len(registry_server.received) == 3

    # Open: no request reaches the registry, in this process or another (a new backend).
    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)
    assert caught.value.reason == "circuit_open"
    assert len(registry_server.received) == 3

    # After the reset time one trial goes through; it fails: open again.
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    assert backend.breaker.state == "half_open"
    with pytest.raises(RegistryUnavailable) as caught:
        backend.fetch(ZHANG)
    assert caught.value.reason == "status_500"
    assert len(registry_server.received) == 4
    with pytest.raises(RegistryUnavailable) as caught:
        backend.fetch(ZHANG)
    assert caught.value.reason == "circuit_open"

    # The registry is back: the next trial succeeds and closes the circuit.
    registry_server.answers = [records(SCHOOL)]
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    assert backend.fetch(ZHANG).records == [SCHOOL]
    assert backend.breaker.state == "closed"
    assert backend.fetch(ZHANG).records == [SCHOOL]
    assert len(registry_server.received) == 6


def test_only_one_half_open_trial_at_a_time(registry_server, use_http, time_machine):
    use_http("education", RETRIES=0, BREAKER_FAILURES=1, BREAKER_RESET_SECONDS=30)
    registry_server.answers = [(500, {})]
    backend = backend_for("education")
    with pytest.raises(RegistryUnavailable):
        backend.fetch(ZHANG)
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=31))
    backend.breaker.before_call()  # one process takes the trial and is still waiting
    with pytest.raises(RegistryUnavailable) as caught:
        backend_for("education").fetch(ZHANG)
    assert caught.value.reason == "circuit_open"


def test_a_success_resets_the_failure_count(registry_server, use_http):
    use_http("education", RETRIES=0, BREAKER_FAILURES=2)
    registry_server.answers = [(500, {}), records(SCHOOL), (500, {}), records(SCHOOL)]
    backend = backend_for("education")
    with pytest.raises(RegistryUnavailable):
        backend.fetch(ZHANG)
    backend.fetch(ZHANG)
    with pytest.raises(RegistryUnavailable):
        backend.fetch(ZHANG)
    assert backend.breaker.state == "closed"
    assert backend.fetch(ZHANG).records == [SCHOOL]
