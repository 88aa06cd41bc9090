"""/healthz with the production task backend: the queue is reported with its waiting tasks."""

import pytest
from django.tasks import task_backends

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield task_backends["default"]


def test_waiting_tasks_are_counted(client, database_tasks):
    from titleportal.notifications import deliver

    before = client.get("/healthz").json()["components"]["tasks"]
    assert before["status"] == "ok" and before["backend"] == "DatabaseBackend"
    assert before["waiting"] == 0
    deliver.enqueue(987654)  # waits for `manage.py db_worker`
    tasks = client.get("/healthz").json()["components"]["tasks"]
    assert tasks["waiting"] == 1
    assert tasks["oldest_waiting_seconds"] >= 0
    assert tasks["required"] is True


def test_a_passed_file_store_check_is_reused_for_a_while(client, db, settings, time_machine):
    """A load balancer probes every few seconds; the store is written once per
    HEALTHZ_STORAGE_SECONDS, and a store that has gone down is seen once that has passed."""
    from django.core.files.storage import default_storage
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    settings.HEALTHZ_STORAGE_SECONDS = 30
    settings.STORAGES = {**settings.STORAGES}  # a store instance of this test's own
    writes = []
    default_storage._setup()
    store = default_storage._wrapped
    original = store.save
    store.save = lambda *args, **kwargs: writes.append(args[0]) or original(*args, **kwargs)

    first = client.get("/healthz").json()["components"]["storage"]
    time_machine.shift(10)
    second = client.get("/healthz").json()["components"]["storage"]
    assert (first["status"], second["status"]) == ("ok", "ok")
    assert len(writes) == 1
    assert second["checked_seconds_ago"] == 10

    def down(*args, **kwargs):
        raise OSError("the store is gone")

    store.save = down
    time_machine.shift(25)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["components"]["storage"]["status"] == "down"
