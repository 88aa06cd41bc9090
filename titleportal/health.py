"""What /healthz reports: the database, the cache, the file store and the task backend, each
on its own, so a load balancer takes an app server out only when it cannot serve.

A required component that is down makes the answer 503. The cache is not required: without
Redis the limits count in each process (titleportal.cache) and the portal keeps serving, so
taking every app server out of the pool would only turn a degraded portal into a dead one.
Errors are reported by their class name only (never a host name or a password).
"""

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.functional import empty

OK, DOWN = "ok", "down"


@dataclass
class Component:
    name: str
    required: bool
    check: Callable[[], dict | None]


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    ping = getattr(caches["default"], "ping", None)
    if ping is not None:  # Redis, asked directly, past the local fallback
        ping()
        return {"backend": "redis"}
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)
    return {"backend": "local"}


def _storage():
    """Write, read and delete a file; a check that passed is reused by this store's
    instance (one per process and configuration) for HEALTHZ_STORAGE_SECONDS."""
    store = default_storage._wrapped if default_storage._wrapped is not empty else None
    passed_at = getattr(store, "_healthz_passed_at", None)
    if passed_at is not None and time.time() - passed_at < settings.HEALTHZ_STORAGE_SECONDS:
        return {"checked_seconds_ago": int(time.time() - passed_at)}
    _write_read_delete()
    store = default_storage._wrapped
    store._healthz_passed_at = time.time()
    return None


def _write_read_delete():
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("the file store did not keep a file")
    finally:
        default_storage.delete(name)


def _tasks():
    from django.tasks import task_backends

    backend = task_backends["default"]
    info = {"backend": type(backend).__name__}
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.ready()
        info["waiting"] = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        if oldest is not None:
            from django.utils import timezone

            info["oldest_waiting_seconds"] = int((timezone.now() - oldest).total_seconds())
    return info


COMPONENTS = [
    Component("database", True, _database),
    Component("cache", False, _cache),
    Component("storage", True, _storage),
    Component("tasks", True, _tasks),
]


def report() -> tuple[dict, bool]:
    """(the JSON body, whether every required component is up)."""
    components = {}
    healthy, degraded = True, False
    for component in COMPONENTS:
        started = time.perf_counter()
        entry = {"required": component.required}
        try:
            entry.update(component.check() or {})
            entry["status"] = OK
        except Exception as error:  # any failure of the component is its answer
            entry["status"] = DOWN
            entry["error"] = type(error).__name__
            if component.required:
                healthy = False
            else:
                degraded = True
        entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
        components[component.name] = entry
    status = OK if healthy and not degraded else ("degraded" if healthy else DOWN)
    return {"status": status, "components": components}, healthy
