"""Fetching records from a registry and adding the chosen ones to an application."""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import RoleContext
from applications import services as application_services
from applications.models import Application
from titleportal.errors import DomainError

from .backends import Person, RegistryUnavailable, backend_for
from .kinds import KINDS, BadRecord, RegistryKind
from .models import RegistryQuery, RegistryRecord

logger = logging.getLogger(__name__)


class RegistryUnreachable(DomainError):
    """The registry cannot answer now: the person declares the rows instead."""


def _kind(registry: str) -> RegistryKind:
    kind = KINDS.get(registry)
    if kind is None:
        raise DomainError(_("There is no such registry."), code="no_registry")
    return kind


def _check(actor: User, application: Application) -> None:
    if application.applicant_id != actor.pk:
        raise DomainError(_("This application is not yours."), code="forbidden")
    if not application.is_editable:
        raise DomainError(
            _("This application has been submitted and cannot be changed now."), code="locked"
        )


def fetch_records(
    *, actor: User, role_context: RoleContext, application: Application, registry: str
) -> list[RegistryRecord]:
    """Ask the registry about the applicant; keep its answer as the person's records.

    When the registry cannot be reached (down, too slow, circuit open, a bad answer) the
    query is logged and ``RegistryUnreachable`` says so in the words the person reads; what
    was fetched before stays.
    """
    kind = _kind(registry)
    _check(actor, application)
    if not actor.id_number:
        raise RegistryUnreachable(kind.unavailable, code="registry_unavailable")
    person = Person(id_number=actor.id_number, name=actor.full_name)
    try:
        answer = backend_for(registry).fetch(person)
        parsed = []
        for payload in answer.records:
            kind.to_row(payload)  # a record we could not use is a bad answer
            parsed.append(payload)
    except (RegistryUnavailable, BadRecord) as error:
        reason = getattr(error, "reason", "bad_record")
        RegistryQuery.objects.create(
            person=actor,
            registry=registry,
            application=application,
            outcome=RegistryQuery.Outcome.UNAVAILABLE,
            reason=reason[:40],
        )
        raise RegistryUnreachable(kind.unavailable, code="registry_unavailable") from error
    now = timezone.now()
    with transaction.atomic():
        # Two syncs of one person at once (two tabs) take turns.
        User.objects.select_for_update().filter(pk=actor.pk).first()
        refs = []
        for payload in parsed:
            ref = str(payload["id"]).strip()[:64]
            refs.append(ref)
            RegistryRecord.objects.update_or_create(
                person=actor,
                registry=registry,
                ref=ref,
                defaults={"source": answer.source, "payload": payload, "fetched_at": now},
            )
        RegistryRecord.objects.filter(person=actor, registry=registry).exclude(
            ref__in=refs
        ).delete()
        RegistryQuery.objects.create(
            person=actor,
            registry=registry,
            application=application,
            outcome=RegistryQuery.Outcome.OK,
            record_count=len(refs),
        )
    return list(RegistryRecord.objects.filter(person=actor, registry=registry))


def use_records(
    *,
    actor: User,
    role_context: RoleContext,
    application: Application,
    registry: str,
    record_ids: list[int],
) -> list[Any]:
    """Add the chosen records of the person to the application as verified rows (已核验)."""
    kind = _kind(registry)
    _check(actor, application)
    records = list(
        RegistryRecord.objects.filter(person=actor, registry=registry, pk__in=record_ids)
    )
    if not records:
        raise DomainError(_("Choose at least one record to use."), code="nothing_chosen")
    rows: list[tuple[str, str, Any, dict[str, Any]]] = []
    for record in records:
        try:
            values = kind.to_row(record.payload)
        except BadRecord:
            logger.warning("registry record %s cannot be used", record.pk)
            continue
        rows.append((record.ref, record.source, record.fetched_at, values))
    return application_services.add_verified_rows(
        actor=actor,
        role_context=role_context,
        application=application,
        key=kind.section,
        rows=rows,
    )
