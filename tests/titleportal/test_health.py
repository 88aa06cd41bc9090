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
