import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Verification codes avoid characters that are easy to misread (0/O, 1/I/L); 16 characters of
# this 31-letter alphabet carry about 79 bits, far beyond guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(status=Certificate.Status.VALID)

    def issued(self):
        return self.filter(origin=Certificate.Origin.ISSUED)

    def with_display_relations(self):
        return self.select_related("qualification", "series", "level", "office")


class Certificate(models.Model):
    """A title certificate: issued by this portal, or a historical one that an office verified.

    Holder name, ID number, office and committee names are copied when the certificate is made,
    so the certificate keeps saying what was printed after a rename.
    """

    class Origin(models.TextChoices):
        ISSUED = "issued", _("Issued online")
        HISTORICAL = "historical", _("Historical, verified")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        VOID = "void", _("Void")

    class VoidReason(models.TextChoices):
        REPLACED = "replaced", _("Lost-certificate replacement")
        REVOKED = "revoked", _("Revoked")

    number = models.CharField(_("certificate number"), max_length=40, db_index=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin, default=Origin.ISSUED)
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    holder_name = models.CharField(_("holder name"), max_length=50)
    holder_id_number = models.CharField(_("holder resident ID number"), max_length=18)
    series = models.ForeignKey(
        "reference.Series", verbose_name=_("series"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "reference.Level", verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    qualification = models.ForeignKey(
        "reference.Qualification",
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    specialty_name = models.CharField(_("specialty"), max_length=50, blank=True)
    # Issued: the office that issued it. Historical: the office that verified it.
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    issuing_body = models.CharField(_("approving authority"), max_length=100)
    committee = models.ForeignKey(
        "units.Committee",
        verbose_name=_("review committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committee_name = models.CharField(_("review committee name"), max_length=100, blank=True)
    approved_on = models.DateField(_("date granted"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.VALID)
    voided_on = models.DateField(_("void since"), null=True, blank=True)
    void_reason = models.CharField(_("void reason"), max_length=20, choices=VoidReason, blank=True)
    verification_code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces certificate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    # The original number a replacement named, also when that certificate predates the portal.
    replaces_number = models.CharField(_("original certificate number"), max_length=40, blank=True)
    lookup_count = models.PositiveIntegerField(_("online checks"), default=0)
    # The rendered PDF (private) and a fingerprint of the data it was rendered from.
    pdf = models.FileField(_("certificate PDF"), upload_to="certificates/", blank=True)
    pdf_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Numbers the portal gives are unique; historical numbers come from many bodies.
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(origin="issued"),
                name="certificate_issued_number_unique",
            ),
            models.CheckConstraint(
                name="certificate_void_has_date",
                condition=Q(status="valid") | Q(voided_on__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["holder", "status"]),
            models.Index(fields=["office", "origin", "issued_at"]),
            models.Index(fields=["holder_id_number", "number"]),
        ]

    def __str__(self):
        return f"{self.number} {self.holder_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_issued(self) -> bool:
        return self.origin == self.Origin.ISSUED

    @property
    def qualification_label(self) -> str:
        return f"{self.series.label}/{self.level.name}/{self.qualification.name}"


class CertificateCounter(models.Model):
    """The last sequence number given per office, year and level.

    Locked with SELECT … FOR UPDATE in the transaction that creates the certificate, so numbers
    are unique and a rolled-back issue gives its number back: no gaps.
    """

    office = models.ForeignKey("units.Office", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    level = models.ForeignKey("reference.Level", on_delete=models.PROTECT, related_name="+")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate number counter")
        verbose_name_plural = _("certificate number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "level"], name="certificate_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.office_id}/{self.year}/{self.level_id}: {self.last_number}"


class CertificateLookup(models.Model):
    """One public check of a certificate. Deliberately nothing about who checked."""

    class Via(models.TextChoices):
        FORM = "form", _("Number and name")
        QR = "qr", _("QR code")
        API = "api", _("Integration API")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="lookups")
    looked_up_at = models.DateTimeField(_("checked at"), default=timezone.now)
    via = models.CharField(_("checked by"), max_length=4, choices=Via)

    class Meta:
        verbose_name = _("certificate check")
        verbose_name_plural = _("certificate checks")
        ordering = ["-looked_up_at", "-pk"]
        indexes = [models.Index(fields=["certificate", "looked_up_at"])]

    def __str__(self):
        return f"{self.certificate_id} {self.looked_up_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """How the holder receives the paper certificate of an application (seed 002, 邮寄)."""

    class Method(models.TextChoices):
        PICKUP = "pickup", _("Collect in person")
        MAIL = "mail", _("Send by mail")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        SHIPPED = "shipped", _("Shipped")
        COLLECTED = "collected", _("Collected")

    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="delivery",
    )
    method = models.CharField(_("way of receiving"), max_length=10, choices=Method)
    recipient = models.CharField(_("recipient"), max_length=50, blank=True)
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("province / city / district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("detailed address"), max_length=200, blank=True)
    phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    tracking_number = models.CharField(_("EMS tracking number"), max_length=30, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("certificate delivery")
        verbose_name_plural = _("certificate deliveries")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.application_id} {self.get_method_display()}"

    @property
    def is_mail(self) -> bool:
        return self.method == self.Method.MAIL

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def status_label(self) -> str:
        if self.is_open:
            return str(_("Waiting to be sent") if self.is_mail else _("Waiting to be collected"))
        return self.get_status_display()


class HistoricalCertificate(models.Model):
    """A certificate obtained before the portal, sent in for verification (审验 / 核验).

    The person describes the certificate and uploads scans; the office it is routed to
    verifies it (which creates a ``Certificate`` of origin historical), returns it for
    correction or rejects it.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting verification")
        RETURNED = "returned", _("Returned for correction")
        REJECTED = "rejected", _("Not verified")
        VERIFIED = "verified", _("Verified")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="historical_certificates",
    )
    number = models.CharField(_("certificate number"), max_length=40)
    qualification = models.ForeignKey(
        "reference.Qualification",
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    specialty_name = models.CharField(_("specialty"), max_length=50)
    issuing_body = models.CharField(_("approving authority"), max_length=100)
    granting_office = models.ForeignKey(
        "units.Office",
        verbose_name=_("granting office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("date granted"))
    certificate_scan = models.FileField(_("certificate scan"), upload_to="historical/")
    supporting_document = models.FileField(
        _("approval document"), upload_to="historical/", blank=True
    )
    # Where it is verified: the granting office, or for senior levels the provincial office.
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("verifying office"),
        on_delete=models.PROTECT,
        related_name="historical_certificates",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.SUBMITTED)
    reason = models.TextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="historical_record",
    )

    class Meta:
        verbose_name = _("historical certificate")
        verbose_name_plural = _("historical certificates")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["office", "status", "submitted_at"])]

    def __str__(self):
        return f"{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def scan_is_image(self) -> bool:
        return self.certificate_scan.name.lower().endswith((".jpg", ".png"))
