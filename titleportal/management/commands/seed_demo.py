from django.core.management import call_command
from django.core.management.base import BaseCommand

from titleportal.demo import demo_accounts_table, seed_demo


class Command(BaseCommand):
    help = "Load the demo data set (organisations, one account per role, notices). Idempotent."

    def handle(self, *args, **options):
        call_command("load_reference", verbosity=0)
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Demo accounts:"))
        self.stdout.write(demo_accounts_table())
