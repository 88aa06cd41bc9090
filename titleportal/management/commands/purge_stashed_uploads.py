import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from titleportal.models import StashedUpload


class Command(BaseCommand):
    help = "Delete uploads that were never used by a saved form (older than a day)."

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=1)
        count = 0
        for stashed in StashedUpload.objects.filter(created_at__lt=cutoff).iterator():
            stashed.file.delete(save=False)
            stashed.delete()
            count += 1
        self.stdout.write(f"Deleted {count} pending uploads.")
