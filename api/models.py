"""Integrating systems of an office (OAuth2 clients) and the log of their calls."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scopes import SCOPES


class ApiClient(models.Model):
    """An integrating system of an office: an OAuth2 client (client credentials grant).

    The client sees only its office's applications and feed; certificate verification is
    the public check and covers every certificate. Revoked clients get no token and their
    tokens are refused.
    """

    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        verbose_name=_("OAuth2 client"),
        on_delete=models.CASCADE,
        related_name="api_client",
    )
    office = models.ForeignKey(
        "units.Office",
        verbose_name=_("office of the client"),
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    name = models.CharField(_("system name"), max_length=100)
    # Space-separated, as OAuth2 writes scopes.
    scopes = models.CharField(_("scopes"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secret_rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["office", "name"]

    def __str__(self):
        return f"{self.name} ({self.office})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def scope_list(self) -> list[str]:
        return [scope for scope in self.scopes.split() if scope in SCOPES]

    @property
    def client_id(self) -> str:
        return self.application.client_id


class ApiCall(models.Model):
    """One call of the API by a client: what it asked for, with which scope, and the answer."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.CASCADE, related_name="calls"
    )
    scope = models.CharField(_("scope"), max_length=40)
    operation = models.CharField(_("operation"), max_length=60)
    # What the call was about, e.g. ``application:12`` or ``certificate:34``.
    target = models.CharField(_("object"), max_length=100, blank=True)
    status = models.PositiveSmallIntegerField(_("response status"))
    called_at = models.DateTimeField(_("called at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-called_at", "-pk"]
        indexes = [models.Index(fields=["client", "called_at"])]

    def __str__(self):
        return f"{self.client_id} {self.operation} {self.status}"
