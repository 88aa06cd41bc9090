from django.core.management.base import BaseCommand

from payments.services import orders_reconcile_pending


class Command(BaseCommand):
    help = (
        "Ask the payment gateways about the orders still awaiting payment and pay or close "
        "them through the same checks as a notification; run it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=30,
            metavar="MINUTES",
            help="Only orders created at least this many minutes ago (default 30).",
        )

    def handle(self, *args, **options):
        report = orders_reconcile_pending(older_than_minutes=options["older_than"])
        self.stdout.write(
            f"{report.checked} pending order(s) checked: {report.paid} paid, "
            f"{report.closed} closed, {report.flagged} flagged for staff, "
            f"{report.unreachable} left for the next run (gateway unreachable)"
        )
