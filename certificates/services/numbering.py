"""Certificate services: certificate numbers."""

from django.db import transaction

from certificates.models import (
    CertificateCounter,
)
from reference.models import Level
from units.models import Office

# --- numbering ------------------------------------------------------------------------------


def format_number(*, office_code: str, year: int, level_rank: int, sequence: int) -> str:
    """GXLD-2026-3-000017: office code, year, level code (its rank), sequence."""
    return f"{office_code.upper()}-{year}-{level_rank}-{sequence:06d}"


def next_certificate_number(*, office: Office, year: int, level: Level) -> str:
    """The next number of the office-year-level sequence. Call inside the issuing transaction.

    The counter row is created if missing (a concurrent creation is ignored), then locked:
    concurrent issues wait for each other, and a rollback returns the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_certificate_number must run inside the issuing transaction")
    CertificateCounter.objects.bulk_create(
        [CertificateCounter(office=office, year=year, level=level)], ignore_conflicts=True
    )
    counter = CertificateCounter.objects.select_for_update().get(
        office=office, year=year, level=level
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_number(
        office_code=office.code, year=year, level_rank=level.rank, sequence=counter.last_number
    )
