"""Make a local test CA and a signing certificate for each office (development and demo).

The files go to CERTIFICATE_SIGNING_DIR; existing ones are kept unless --force. Production
uses the office certificates of a real CA instead.
"""

from django.core.management.base import BaseCommand, CommandError

from certificates import signing
from units.models import Office


class Command(BaseCommand):
    help = "Make a local test CA and signing certificates for the offices (not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--office", action="append", default=[], help="office code")
        parser.add_argument("--force", action="store_true", help="replace existing files")

    def handle(self, *args, office, force, **options):
        offices = Office.objects.order_by("code")
        if office:
            offices = offices.filter(code__in=office)
            missing = set(office) - set(offices.values_list("code", flat=True))
            if missing:
                raise CommandError(f"no office with code {', '.join(sorted(missing))}")
        signing.make_test_ca(force=force)
        for each in offices:
            path = signing.make_office_certificate(each, force=force)
            self.stdout.write(f"{each.code} {each.name}: {path}")
        self.stdout.write(f"CA: {signing.signing_dir() / signing.CA_CERT}")
