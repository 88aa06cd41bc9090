"""Who calls: an OAuth2 bearer token of a registered client, checked for the scope of the
endpoint and the client's rate limit. Refusals are logged as calls too."""

from allauth.core.internal import ratelimit
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from . import services
from .scopes import client_of

# ACCOUNT_RATE_LIMITS["api_client"], counted per client in the shared cache (the fallback
# cache of titleportal.cache while Redis does not answer).
RATE_ACTION = "api_client"


class ClientToken(HttpBearer):
    def __init__(self, scope: str, operation: str):
        super().__init__()
        self.scope = scope
        self.operation = operation

    def authenticate(self, request, token):
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
        access_token = getattr(oauth_request, "access_token", None)
        if not valid or access_token is None:
            raise AuthenticationError
        client = client_of(access_token.application)
        if client is None or not client.is_active:
            raise AuthenticationError
        if not access_token.allow_scopes([self.scope]):
            self._refuse(client, 403, _("This client is not allowed to use this scope."))
        # GET requests count too (allauth's public helper skips them).
        if not ratelimit.consume(
            request,
            app="allauth.account",
            action=RATE_ACTION,
            key=f"client:{client.pk}",
            limit_get=True,
        ):
            self._refuse(client, 429, _("Too many requests from this client. Try again later."))
        request.api_client = client
        request.api_scope = self.scope
        request.api_operation = self.operation
        return client

    def _refuse(self, client, status: int, message: str):
        services.call_record(
            client=client, scope=self.scope, operation=self.operation, target="", status=status
        )
        raise HttpError(status, message)


def record(request, target: str = "", status: int = 200) -> None:
    """Log the call of an authenticated request."""
    services.call_record(
        client=request.api_client,
        scope=request.api_scope,
        operation=request.api_operation,
        target=target,
        status=status,
    )
