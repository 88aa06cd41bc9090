from django.core.management.base import BaseCommand

from titleportal.notifications import retry_due_deliveries


class Command(BaseCommand):
    help = "Send SMS and email notifications whose earlier attempt failed and are due again."

    def handle(self, *args, **options):
        self.stdout.write(f"Tried {retry_due_deliveries()} deliveries.")
