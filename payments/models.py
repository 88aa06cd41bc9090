"""Fees (费用管理): fee items, orders, the gateways' notifications, refunds.

Amounts are ``Decimal`` yuan with two places, never floats. An order is paid only by a
notification whose signature, merchant, order number and amount were verified (``services``),
or by office or committee staff confirming an offline payment with its receipt number.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Kind

MONEY = {"max_digits": 10, "decimal_places": 2}


class Purpose(models.TextChoices):
    REVIEW = "review", _("Review fee")
    POSTAGE = "postage", _("Postage")


class Channel(models.TextChoices):
    ALIPAY = "alipay", _("Alipay")
    ALIPAY_QR = "alipay_qr", _("Alipay (scan a code)")
    WECHAT = "wechat", _("WeChat Pay")
    OFFLINE = "offline", _("Offline payment")
    SANDBOX = "sandbox", _("Sandbox (test)")


class FeeItem(models.Model):
    """What a committee or an office charges (费用事项), for which kinds, levels and sessions."""

    name = models.CharField(_("name"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose, default=Purpose.REVIEW)
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    committee = models.ForeignKey(
        "units.Committee",
        verbose_name=_("review committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_items",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("charging office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fee_items",
    )
    kinds = models.JSONField(
        _("kinds of application"),
        default=list,
        blank=True,
        help_text=_("Empty: every kind."),
    )
    levels = models.ManyToManyField(
        "reference.Level",
        verbose_name=_("levels"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every level."),
    )
    sessions = models.ManyToManyField(
        "units.ReviewSession",
        verbose_name=_("review sessions"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every session."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committee__isnull=False, office__isnull=True)
                | Q(committee__isnull=True, office__isnull=False),
                name="fee_item_one_organisation",
            )
        ]

    def __str__(self):
        return f"{self.name} ¥{self.amount}"

    @property
    def organisation(self):
        return self.committee or self.office

    def kind_labels(self) -> list[str]:
        return [str(Kind(kind).label) for kind in self.kinds if kind in Kind.values]


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    CLOSED = "closed", _("Closed (unpaid)")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


class InvoiceStatus(models.TextChoices):
    NONE = "none", _("Not invoiced")
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Invoiced")


class Order(models.Model):
    """An order (订单) of one fee item for one application: the review fee or the postage."""

    Status = OrderStatus

    number = models.CharField(_("order number"), max_length=32, unique=True)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose)
    item = models.ForeignKey(
        FeeItem, verbose_name=_("fee item"), on_delete=models.PROTECT, related_name="orders"
    )
    item_name = models.CharField(_("fee item"), max_length=100)
    committee = models.ForeignKey(
        "units.Committee",
        verbose_name=_("review committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("charging office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    refunded_amount = models.DecimalField(_("refunded (yuan)"), **MONEY, default=Decimal("0.00"))
    channel = models.CharField(_("payment channel"), max_length=10, choices=Channel, blank=True)
    serial_number = models.CharField(_("payment serial number"), max_length=64, blank=True)
    status = models.CharField(
        _("payment status"), max_length=20, choices=OrderStatus, default=OrderStatus.PENDING
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    needs_attention = models.BooleanField(_("needs staff action"), default=False)
    attention_note = models.CharField(_("what needs doing"), max_length=200, blank=True)
    # Invoice (发票)
    invoice_status = models.CharField(
        _("invoice status"), max_length=10, choices=InvoiceStatus, default=InvoiceStatus.NONE
    )
    invoice_title = models.CharField(_("invoice title"), max_length=100, blank=True)
    invoice_tax_number = models.CharField(_("tax number"), max_length=20, blank=True)
    invoice_email = models.EmailField(_("email for the invoice"), blank=True)
    invoice_requested_at = models.DateTimeField(_("invoice requested at"), null=True, blank=True)
    invoice_file = models.FileField(_("e-invoice (PDF)"), upload_to="invoices/", blank=True)
    invoice_issued_at = models.DateTimeField(_("invoiced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live order of a fee item for an application (a closed one may be reopened).
            models.UniqueConstraint(
                fields=["application", "item"],
                condition=Q(status__in=["pending", "paid"]),
                name="order_one_live_per_item",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["payer", "-created_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return self.number

    @property
    def is_pending(self) -> bool:
        return self.status == OrderStatus.PENDING

    @property
    def is_paid(self) -> bool:
        return self.status == OrderStatus.PAID

    @property
    def refundable_amount(self) -> Decimal:
        if self.status not in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
            return Decimal("0.00")
        return self.amount - self.refunded_amount

    @property
    def may_request_invoice(self) -> bool:
        return self.is_paid and self.invoice_status == InvoiceStatus.NONE


class NotificationResult(models.TextChoices):
    PAID = "paid", _("Paid the order")
    DUPLICATE = "duplicate", _("Repeated: already paid")
    BAD_SIGNATURE = "bad_signature", _("Signature does not verify")
    WRONG_MERCHANT = "wrong_merchant", _("App id or merchant id does not match")
    UNKNOWN_ORDER = "unknown_order", _("Unknown order")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount does not match")
    AFTER_CLOSE = "after_close", _("Paid after the order closed: staff action")
    NOT_SUCCESS = "not_success", _("Not a successful payment")
    MALFORMED = "malformed", _("Malformed")


class PaymentNotification(models.Model):
    """Every notification a gateway sent, stored as it came with what its verification found."""

    Result = NotificationResult

    gateway = models.CharField(_("gateway"), max_length=10)
    order = models.ForeignKey(
        Order,
        verbose_name=_("payment order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    serial_number = models.CharField(_("payment serial number"), max_length=64, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), **MONEY, null=True, blank=True)
    raw_body = models.TextField(_("raw body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    verified = models.BooleanField(_("signature verified"), default=False)
    result = models.CharField(_("result"), max_length=20, choices=NotificationResult)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.gateway} {self.order_number} {self.result}"

    @property
    def gateway_label(self) -> str:
        from .gateways.base import label_of

        return label_of(self.gateway)


class Refund(models.Model):
    """A refund of all or part of a paid order, with its reason, through the order's gateway."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Refunded")
        FAILED = "failed", _("Refund failed")

    order = models.ForeignKey(
        Order, verbose_name=_("payment order"), on_delete=models.PROTECT, related_name="refunds"
    )
    number = models.CharField(_("refund number"), max_length=40, unique=True)
    amount = models.DecimalField(
        _("amount (yuan)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    gateway_reference = models.CharField(_("gateway reference"), max_length=64, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.number} ¥{self.amount}"
