from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Every claim of the person goes into the ID token and userinfo, as a platform's do."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return dict(settings.PEOPLE[request.user.username]["claims"])
