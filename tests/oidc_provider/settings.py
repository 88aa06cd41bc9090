"""A real OpenID Connect provider for the tests (django-oauth-toolkit with OIDC enabled).

It stands in for the unified identity platform: tests/accounts/test_oidc.py starts it as a
second server (``python -m tests.oidc_provider.serve``) and the portal signs people in
through it. Its database, RSA key and people (with their claims) are files the test makes,
named by the environment variables below.
"""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SECRET_KEY = "oidc-test-provider-key-not-for-production-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_TEST_DB"]}
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# The people the provider knows: {username: {"password": …, "claims": {…}}}.
PEOPLE = json.loads(Path(os.environ["OIDC_TEST_PEOPLE"]).read_text(encoding="utf-8"))
# The portal's client: {"client_id": …, "client_secret": …, "redirect_uris": "… …"}.
CLIENT = json.loads(os.environ["OIDC_TEST_CLIENT"])

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": Path(os.environ["OIDC_TEST_KEY"]).read_text(encoding="utf-8"),
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name",
        "email": "Email",
        "phone": "Phone",
    },
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.ClaimsValidator",
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
}
