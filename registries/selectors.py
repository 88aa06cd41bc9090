"""What the applicant sees of the registries: their records, and the last query."""

import datetime
from dataclasses import dataclass

from accounts.models import User
from applications.models import Application
from applications.sections import SPECS

from .kinds import KINDS, BadRecord, RegistryKind, display
from .models import RegistryQuery, RegistryRecord


@dataclass
class RecordView:
    pk: int
    values: list[str]
    source: str
    fetched_at: datetime.datetime
    used: bool


def kind_of_section(section_key: str) -> RegistryKind | None:
    return next((k for k in KINDS.values() if k.section == section_key), None)


def records_for(person: User, kind: RegistryKind, application: Application) -> list[RecordView]:
    """The person's records of this registry; ``used`` when the application already has the
    row (the same record, or a record with the same verified facts)."""
    spec = SPECS[kind.section]
    verified = list(getattr(application, spec.accessor).exclude(verified_ref=""))
    refs = {row.verified_ref for row in verified}
    facts = {tuple(getattr(row, name) for name in spec.verified_columns) for row in verified}

    def used(record: RegistryRecord) -> bool:
        if record.ref in refs:
            return True
        try:
            values = kind.to_row(record.payload)
        except BadRecord:
            return True  # not usable
        return tuple(values.get(name) for name in spec.verified_columns) in facts

    return [
        RecordView(
            pk=record.pk,
            values=display(kind, record.payload),
            source=record.source,
            fetched_at=record.fetched_at,
            used=used(record),
        )
        for record in RegistryRecord.objects.filter(person=person, registry=kind.registry)
    ]


def last_query(person: User, kind: RegistryKind) -> RegistryQuery | None:
    return RegistryQuery.objects.filter(person=person, registry=kind.registry).first()
