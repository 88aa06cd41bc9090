"""The token endpoint's validator: only registered, unrevoked clients get tokens."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from .scopes import client_of


class ClientValidator(OAuth2Validator):
    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = client_of(request.client)
        return client is not None and client.is_active
