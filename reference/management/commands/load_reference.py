from django.core.management.base import BaseCommand, CommandError

from reference.loaders import ReferenceDataMissing, load_catalogue, load_regions


class Command(BaseCommand):
    help = "Load (or update) the regions of China and the national title catalogue. Idempotent."

    def handle(self, *args, **options):
        try:
            regions = load_regions()
        except ReferenceDataMissing as error:
            raise CommandError(str(error)) from error
        series, qualifications, specialties = load_catalogue()
        self.stdout.write(
            f"Regions: {regions}. Catalogue: {series} series, {qualifications} qualifications, "
            f"{specialties} specialties."
        )
