from django.urls import path
from oauth2_provider import views as oauth_views

from .v1 import api as api_v1

urlpatterns = [
    # Only the client credentials token endpoint and revocation: no authorization pages and
    # no self-service client management (clients are registered in admin).
    path("oauth/token/", oauth_views.TokenView.as_view(), name="oauth_token"),
    path("oauth/revoke/", oauth_views.RevokeTokenView.as_view(), name="oauth_revoke"),
    path("v1/", api_v1.urls),
]
