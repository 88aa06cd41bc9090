from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _remember_second_factor(sender, request=None, user=None, **kwargs):
    """The account proved (or just set up) its TOTP in this session: reviewer roles may act."""
    from .middleware import MFA_SESSION_KEY

    if request is not None and user is not None and hasattr(request, "session"):
        request.session[MFA_SESSION_KEY] = user.pk


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from allauth.mfa import signals as mfa_signals
        from django.contrib import admin

        mfa_signals.authenticator_used.connect(_remember_second_factor, dispatch_uid="mfa_used")
        mfa_signals.authenticator_added.connect(_remember_second_factor, dispatch_uid="mfa_added")
        # Administrators sign in through the portal's sign-in page too: captcha, lockout
        # and second factor apply to them as to everyone.
        admin.site.login = secure_admin_login(admin.site.login)
