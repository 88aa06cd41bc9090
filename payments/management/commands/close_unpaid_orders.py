from django.core.management.base import BaseCommand

from payments.services import orders_close_unpaid


class Command(BaseCommand):
    help = "Close the unpaid orders whose time (PAYMENT_ORDER_HOURS) is up; run it hourly."

    def handle(self, *args, **options):
        closed = orders_close_unpaid()
        self.stdout.write(f"{closed} unpaid order(s) closed")
