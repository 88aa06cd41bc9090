"""The API's OAuth2 scopes, and which of them a client may ask for (its own, set in admin)."""

from django.utils.translation import gettext_lazy as _
from oauth2_provider.scopes import BaseScopes

VERIFY = "certificates:verify"
APPLICATIONS = "applications:read"
FEED = "feed:read"

SCOPES = {
    VERIFY: _("Verify certificates"),
    APPLICATIONS: _("Read the status of the office's applications"),
    FEED: _("Read the feed of certificates issued and results published"),
}


def client_of(application):
    """The ApiClient of an oauth2_provider Application, or None for any other client."""
    from .models import ApiClient

    if application is None:
        return None
    try:
        return application.api_client
    except ApiClient.DoesNotExist:
        return None


class ClientScopes(BaseScopes):
    """A client may be granted only the scopes registered for it; by default all of them."""

    def get_all_scopes(self):
        return {name: str(label) for name, label in SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = client_of(application)
        if client is None or not client.is_active:
            return []
        return client.scope_list

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request)
