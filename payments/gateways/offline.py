"""Offline payment (线下缴费): staff confirm it with the receipt number; nothing online."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .base import Gateway, QueryResult, RefundResult, register


@register
class OfflineGateway(Gateway):
    code = "offline"
    label = _("Offline payment")
    online = False

    @property
    def merchant_id(self) -> str:
        return ""

    def query(self, order) -> QueryResult:
        return QueryResult(paid=order.is_paid, serial_number=order.serial_number)

    def refund(self, order, *, refund_number: str, amount: Decimal, reason: str) -> RefundResult:
        # The office pays the money back by its own means; the refund is recorded here.
        return RefundResult(succeeded=True, reference=refund_number)

    def close(self, order) -> None:
        return None
