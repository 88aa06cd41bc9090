"""One path for every act that changes the state of an application, a certificate, a
delivery or a historical certificate.

``run`` locks the row (``select_for_update``; with the version the person's form was opened
with, a form opened before someone else acted cannot overwrite that act), checks the guard,
applies the change (the django-fsm transition and the fields it sets), saves, writes the
action-log row and leaves the notifications. In-site messages commit with the act; SMS and
email go out after the commit (``titleportal.notifications``), so a gateway that is down never
undoes an act. It all happens in one durable transaction, or, inside ``batch()`` or another
act, in a savepoint of the outer transaction (an all-or-nothing import, the demo data, the
original certificate voided by the issue of its replacement).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from titleportal.errors import DomainError

from . import actionlog

_in_batch: ContextVar[bool] = ContextVar("in_batch", default=False)


def stale_message() -> str:
    return _(
        "Someone else has acted on this application in the meantime. "
        "The page now shows its current state; please check it and act again if needed."
    )


@contextmanager
def batch() -> Iterator[None]:
    """Several acts that stand or fall together, in one durable transaction."""
    if _in_batch.get():
        yield
        return
    token = _in_batch.set(True)
    try:
        with transaction.atomic(durable=True):
            yield
    finally:
        _in_batch.reset(token)


@contextmanager
def _nested() -> Iterator[None]:
    """An act done within another act (a certificate voided by the issue of its replacement)
    takes a savepoint of the outer act's transaction, as inside ``batch()``."""
    token = _in_batch.set(True)
    try:
        yield
    finally:
        _in_batch.reset(token)


def atomic() -> transaction.Atomic:
    """The transaction of one act: durable on its own, a savepoint inside ``batch()``."""
    return transaction.atomic(durable=not _in_batch.get())


def _keep_related(locked: models.Model, target: Any) -> None:
    """The rows ``target`` already holds through the foreign keys its model names in
    ``KEPT_WHEN_LOCKED`` (an application's applicant and title catalogue), kept on the locked
    row where it still points at the same ones: the act and its log would otherwise load each
    again, a query apiece."""
    kept = getattr(type(locked), "KEPT_WHEN_LOCKED", ())
    if not kept or not isinstance(target, type(locked)) or target.pk != locked.pk:
        return
    held = target._state.fields_cache
    for name in kept:
        field = locked._meta.get_field(name)
        assert isinstance(field, models.ForeignKey), name  # the model names its foreign keys
        related = held.get(field.cache_name)
        if related is not None and getattr(locked, field.attname) == getattr(target, field.attname):
            locked._state.fields_cache[field.cache_name] = related


def lock[M: models.Model](model: type[M], target: Any, version: int | None = None) -> M:
    """The row, locked until the end of the transaction, at the expected version."""
    pk = getattr(target, "pk", target)
    # of=("self",): only this row is locked (an outer join cannot be locked on PostgreSQL).
    locked = model._default_manager.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise DomainError(_("This application does not exist."), code="missing")
    if version is not None and getattr(locked, "version", version) != version:
        raise DomainError(stale_message(), code="stale")
    _keep_related(locked, target)
    return locked


def run[M: models.Model](
    *,
    model: type[M],
    target: Any,
    actor: Any,
    role_context: Any,
    action: str,
    change: Callable[[M], dict | None],
    version: int | None = None,
    check: Callable[[M], None] | None = None,
    opinion: str = "",
    application: Callable[[M], Any] | None = None,
    notify: Callable[[M, Any], None] | None = None,
    log: bool = True,
) -> M:
    """Do one act: lock (``target`` is a row, its pk, or a new unsaved row, which has nothing
    to lock yet), ``check``, ``change`` (returns details for the log row), save, log,
    ``notify``. ``application`` names the application the act concerns when ``model`` is not
    an application. ``log=False`` when ``change`` writes the rows itself (one per unit
    opinion); ``notify`` then gets None for the entry."""
    with atomic(), _nested():
        created = isinstance(target, model) and target.pk is None
        row = target if created else lock(model, target, version)
        if check is not None:
            check(row)
        from_status = "" if created else getattr(row, "status", "")
        data = change(row) or {}
        if hasattr(row, "version"):
            row.version += 1
        row.save()
        entry = None
        if log:
            entry = actionlog.record(
                subject=application(row) if application is not None else row,
                action=action,
                actor=actor,
                role_context=role_context,
                from_status=from_status,
                to_status=getattr(row, "status", ""),
                opinion=(opinion or "").strip(),
                data=data,
            )
        if notify is not None:
            with translation.override(settings.LANGUAGE_CODE):
                notify(row, entry)
    return row
