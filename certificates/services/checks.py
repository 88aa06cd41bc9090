"""Certificate services: public checks."""

from django.db import transaction
from django.db.models import F

from certificates.models import (
    Certificate,
    CertificateLookup,
)

# --- public checks --------------------------------------------------------------------------


def certificate_lookup_record(*, certificate: Certificate, via: str) -> None:
    """Count one public check and log its time (who checked is not stored)."""
    with transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(lookup_count=F("lookup_count") + 1)
        CertificateLookup.objects.create(certificate=certificate, via=via)
    certificate.lookup_count += 1
