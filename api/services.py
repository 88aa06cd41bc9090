"""API clients: registration, secret rotation and revocation; the call log."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from titleportal.errors import DomainError

from .models import ApiCall, ApiClient
from .scopes import SCOPES


def _clean_scopes(scopes) -> str:
    scopes = list(dict.fromkeys(scopes))
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise DomainError(_("Choose at least one known scope."), code="api_scopes")
    return " ".join(scopes)


def _drop_tokens(application: Application) -> None:
    RefreshToken.objects.filter(application=application).delete()
    AccessToken.objects.filter(application=application).delete()


def client_register(*, actor, office, name: str, scopes) -> tuple[ApiClient, str]:
    """Register an integrating system of ``office``; returns the client and its secret, which
    is stored only hashed and so shown this once."""
    scope_text = _clean_scopes(scopes)
    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.create(
            name=name,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,
            skip_authorization=True,
        )
        client = ApiClient.objects.create(
            application=application, office=office, name=name, scopes=scope_text, created_by=actor
        )
    return client, secret


def client_rotate_secret(*, actor, client: ApiClient) -> str:
    """A new secret for the client; the old one and every token given with it stop working."""
    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=client.application_id)
        application.client_secret = secret
        application.save(update_fields=["client_secret", "updated"])
        _drop_tokens(application)
        client.secret_rotated_at = timezone.now()
        client.save(update_fields=["secret_rotated_at"])
    return secret


def client_revoke(*, actor, client: ApiClient) -> None:
    """Revoke the client: no new tokens, and its tokens are dropped."""
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().get(pk=client.pk)
        if client.revoked_at is None:
            client.revoked_at = timezone.now()
            client.save(update_fields=["revoked_at"])
        _drop_tokens(client.application)


def call_record(*, client: ApiClient, scope: str, operation: str, target: str, status: int):
    return ApiCall.objects.create(
        client=client, scope=scope, operation=operation, target=target[:100], status=status
    )
