"""Title Portal settings, read from the environment.

Local defaults (SQLite and files under ``var/``) let one command run the whole portal;
production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
NODE_MODULES = Path(os.environ.get("NODE_MODULES", BASE_DIR / "node_modules"))

DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if not DEBUG:
        # Left empty: the system checks (titleportal/checks.py) and wsgi.py refuse to serve
        # without a key, while commands that sign nothing (makemigrations) still run.
        return ""
    # A local key that survives restarts, so sessions do not end on every reload.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # Our apps come before allauth so that their templates override allauth's.
    "titleportal",
    "reference",
    "accounts",
    "units",
    "applications",
    "reviews",
    "certificates",
    "payments",
    "registries",
    "talent",
    "api",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "captcha",
    "django_tasks_db",
    "oauth2_provider",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "titleportal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RoleContextMiddleware",
]

ROOT_URLCONF = "titleportal.urls"
WSGI_APPLICATION = "titleportal.wsgi.application"
ASGI_APPLICATION = "titleportal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "titleportal.context_processors.shell",
            ],
        },
    },
]

# Widgets render with the project's template settings, so templates/ can hold widget templates.
FORM_RENDERER = "titleportal.renderers.PortalFormRenderer"

# --- Data -----------------------------------------------------------------------------------

if not os.environ.get("DATABASE_URL"):
    # The embedded default: its folder must exist before SQLite can open the file (a fresh
    # clone has none, whether or not a local secret key was written there).
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A dropped connection (database restart) is replaced on the next request.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", default=True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner reorders at most this many joined tables (PostgreSQL's default is 8). The
    # queue pages join 8 (application, applicant, qualification, series, level, unit,
    # acceptance, reach): with 8 PostgreSQL spent 10-15 ms planning each of them against
    # 2-4 ms running it; with 4, 2-3 ms, and the plans ran about as fast (EXPLAIN ANALYZE of
    # every query of the benchmark's pages). 0 leaves the server's setting alone (e.g.
    # behind a pooler that refuses start-up options).
    _join_limit = int(os.environ.get("PG_JOIN_COLLAPSE_LIMIT", "4"))
    _options = []
    if _join_limit:
        _options.append(
            f"-c join_collapse_limit={_join_limit} -c from_collapse_limit={_join_limit}"
        )
    # Parallel workers per query (max_parallel_workers_per_gather). The app servers set 0
    # (titleportal/wsgi.py): they answer many small queries at once, and starting two more
    # processes for one page's query cost more than it saved (at 10⁶, an office's queue of
    # all states 14 → 21 requests/s). Elsewhere (the task worker's exports and figures) the
    # server's setting applies unless this is set.
    _parallel = os.environ.get("PG_PARALLEL_WORKERS_PER_GATHER", "").strip()
    if _parallel:
        _options.append(f"-c max_parallel_workers_per_gather={int(_parallel)}")
    if _options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_options)


def redis_caches(url: str, key_prefix: str) -> dict:
    """The cache over Redis, shared between app servers. While Redis does not answer, the
    limits count in each process (titleportal.cache) and /healthz reports the cache down."""
    return {
        "default": {
            "BACKEND": "titleportal.cache.RedisWithLocalFallback",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
            "FALLBACK_RETRY_SECONDS": 5,
            # A request waits at most this long for Redis before the local fallback answers.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "titleportal"))
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each app-server worker loads WeasyPrint and pyHanko as it starts (titleportal.wsgi), so
# that its first PDF does not wait about 2 s for them; off by default under DEBUG, where the
# development server restarts on every change.
PDF_LIBRARIES_AT_START = env_bool("PDF_LIBRARIES_AT_START", default=not DEBUG)
# The dashboard's figures (统计分析) are computed at most this many seconds ago (0: always now).
STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "300"))
# /healthz writes, reads and deletes a file in the store; an answer that worked is reused for
# this long, so a load balancer probing every few seconds does not make store requests each
# time (0: every probe).
HEALTHZ_STORAGE_SECONDS = int(os.environ.get("HEALTHZ_STORAGE_SECONDS", "30"))
# Sessions live in the database, so sign-ins survive a Redis outage or restart.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Uploads and generated documents are private: they live outside the static tree and leave
# only through permission-checked views. There is deliberately no MEDIA_URL route.
# Locally they are files under MEDIA_ROOT; with S3_BUCKET set they go to an S3-compatible
# object store (MinIO, Ceph, OSS, COS, OBS, AWS S3) shared by every app server and the task
# worker (titleportal.s3, titleportal.storage).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))


def s3_storage(
    bucket: str,
    *,
    endpoint_url: str = "",
    public_endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    prefix: str = "",
    addressing_style: str = "",
    url_seconds: int = 60,
    connect_timeout: float = 2,
    read_timeout: float = 10,
) -> dict:
    """The STORAGES entry of a private bucket. Signed links last ``url_seconds``; a store that
    does not answer is given up after the timeouts and one retry (titleportal.storage)."""
    from botocore.config import Config

    return {
        "BACKEND": "titleportal.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "public_endpoint_url": public_endpoint_url,
            # Without keys boto3 looks for them itself (AWS_* variables, an instance role).
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "region_name": region or "us-east-1",
            "location": prefix,
            # Objects take the bucket's own (private) access; links are always signed.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": url_seconds,
            # Stored names are random; a name already taken is never written over.
            "file_overwrite": False,
            "client_config": Config(
                signature_version="s3v4",
                # Stores other than AWS's are usually addressed by path (host/bucket/key).
                s3={"addressing_style": addressing_style or ("path" if endpoint_url else "auto")},
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }


S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
# The address browsers reach the store at, when the app servers use another one.
S3_PUBLIC_URL = os.environ.get("S3_PUBLIC_URL", "").rstrip("/")
if S3_BUCKET:
    FILE_STORAGE = s3_storage(
        S3_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        public_endpoint_url=S3_PUBLIC_URL,
        access_key=os.environ.get("S3_ACCESS_KEY_ID", ""),
        secret_key=os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        region=os.environ.get("S3_REGION", ""),
        prefix=os.environ.get("S3_PREFIX", ""),
        addressing_style=os.environ.get("S3_ADDRESSING_STYLE", ""),
        url_seconds=int(os.environ.get("S3_URL_SECONDS", "60")),
        connect_timeout=float(os.environ.get("S3_CONNECT_TIMEOUT", "2")),
        read_timeout=float(os.environ.get("S3_READ_TIMEOUT", "10")),
    )
else:
    FILE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", default=True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Front-end packages come from npm at set-up (package-lock.json); only their dist folders
# are exposed as static files.
FRONTEND_PACKAGES = {
    "vendor/bootstrap": NODE_MODULES / "bootstrap" / "dist",
    "vendor/bootstrap-icons": NODE_MODULES / "bootstrap-icons" / "font",
    "vendor/htmx": NODE_MODULES / "htmx.org" / "dist",
    "vendor/sortablejs": NODE_MODULES / "sortablejs",
    "vendor/tom-select": NODE_MODULES / "tom-select" / "dist",
    "vendor/quill": NODE_MODULES / "quill" / "dist",
    "vendor/echarts": NODE_MODULES / "echarts" / "dist",
}
STATICFILES_DIRS = [BASE_DIR / "static"] + [
    (prefix, path) for prefix, path in FRONTEND_PACKAGES.items() if path.exists()
]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 4000

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: people sign in with their resident ID (the username), mobile number or
# email in one 账号 field, or by an SMS code (短信快速登录). Our forms add the captcha and the
# fields of the provincial systems; accounts.adapter stores phones on the User model.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "units.forms.PersonSignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "confirm_password_reset_code": "accounts.forms.ConfirmPasswordResetCodeForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "change_phone": "accounts.forms.ChangePhoneForm",
    "verify_phone": "accounts.forms.VerifyPhoneForm",
    "add_email": "accounts.forms.NoAddEmailForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
# The phone is required by our signup form; for allauth it stays optional so that unit
# accounts and administrators, who have no phone, can still sign in.
ACCOUNT_SIGNUP_FIELDS = ["username*", "phone", "email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = True
ACCOUNT_PREVENT_ENUMERATION = True
# Registration verifies the phone; an email is verified when it is changed (a code to the new
# address, accounts.views.change_email) or used to reset the password.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "【职称服务平台】"
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# A code is valid for VERIFICATION_CODE_VALIDITY (checked by our forms, which say so next to
# the field); allauth's process around it may last longer, so that a new code can be asked
# for on the same page.
VERIFICATION_CODE_VALIDITY = 5 * 60
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 15 * 60
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 5
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = 3
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = 3
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS = 5
# Codes sent by SMS and email are six digits, as people are used to.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_INPUT_RENDER_VALUE = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Behind a load balancer: how many proxies append to X-Forwarded-For (rate limits by address).
# titleportal.client_ip reads it for every limit; allauth is given the same number.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Rate limits (allauth's limiter over the cache; REDIS_URL makes them shared between app
# servers). "login_failed" locks an account after 5 failed sign-ins and an address after 20,
# for 15 minutes; the lock ends by itself. Our own actions are listed here too.
# Every step of every password recovery counts per client address ("ip") and per target
# ("key": the account, mobile number, email or unit), whether or not the target exists
# (accounts.limits); the windows are an hour, as the refusal says.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "20/15m/ip,5/15m/key",
    "signup": "20/h/ip",
    "request_login_code": "20/m/ip,3/m/key",
    # Recovery by email code: the address, the code, then the new password.
    "reset_password": "20/h/ip,5/h/key",
    "reset_password_by_email_code": "30/h/ip,10/h/key",
    # Recovery by SMS code: the mobile number, then the code.
    "reset_password_by_sms": "20/h/ip,5/h/key",
    "reset_password_by_sms_code": "30/h/ip,10/h/key",
    # Recovery by security question.
    "reset_password_by_question": "20/h/ip,5/h/key",
    # The new password, whichever way the person or unit proved who they are.
    "reset_password_new": "20/h/ip,10/h/key",
    # A unit's recovery through a staff member: the unit, the staff member's ID number, the code.
    "unit_password_recovery": "20/h/ip,5/h/key",
    "unit_recovery_staff": "20/h/ip,5/h/key",
    "unit_recovery_code": "30/h/ip,10/h/key",
    "staff_lookup": "60/h/user",
    "join_unit": "10/h/user",
    "change_email": "3/m/user,10/d/user",
    "change_phone": "3/m/user",
    # The SMS code of a staff member signing in on a new device.
    "device_code": "30/h/ip,10/h/key",
}
# The integration API (api/): OAuth2 client credentials (django-oauth-toolkit). Clients are
# registered per office in admin with their scopes; each client may call so many times a
# minute and an hour (counted in the shared cache, like the limits above).
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "120"))
API_RATE_LIMIT_PER_HOUR = int(os.environ.get("API_RATE_LIMIT_PER_HOUR", "3000"))
ACCOUNT_RATE_LIMITS["api_client"] = (
    f"{API_RATE_LIMIT_PER_MINUTE}/m/key,{API_RATE_LIMIT_PER_HOUR}/h/key"
)
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "SCOPES": {
        "certificates:verify": "Verify certificates",
        "applications:read": "Read the status of the office's applications",
        "feed:read": "Read the feed of certificates issued and results published",
    },
    "SCOPES_BACKEND_CLASS": "api.scopes.ClientScopes",
    "OAUTH2_VALIDATOR_CLASS": "api.oauth.ClientValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("API_TOKEN_SECONDS", "3600")),
    # OAuth 2.0 Security BCP (RFC 9700): tokens only in the Authorization header, no implicit or
    # password grants, no "plain" PKCE, tokens stored hashed, refresh tokens used once.
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # Only machine clients (client credentials): no redirect URIs, and never plain http.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
}
# Signing keys of the offices for the certificate PDFs (certificates/signing.py):
# <office code>.key.pem, <office code>.cert.pem and the chain ca.cert.pem.
CERTIFICATE_SIGNING_DIR = Path(os.environ.get("CERTIFICATE_SIGNING_DIR", VAR_DIR / "signing"))
CERTIFICATE_SIGNING_KEY_PASSPHRASE = os.environ.get("CERTIFICATE_SIGNING_KEY_PASSPHRASE", "")
# Registries the applicant's rows can be fetched from (registries/): 学历 (education), 社保参保
# (social insurance) and 省职业资格证书 (vocational qualifications). Each takes its own
# REGISTRY_<NAME>_<SETTING> and falls back to REGISTRY_<SETTING>; the local backend reads the
# JSON files of REGISTRY_FIXTURES_DIR (development, demo, tests).
REGISTRY_NAMES = ("education", "social_insurance", "vocational")


def _registry_settings(name: str) -> dict:
    def get(setting: str, default: str) -> str:
        specific = os.environ.get(f"REGISTRY_{name.upper()}_{setting}", "")
        return specific or os.environ.get(f"REGISTRY_{setting}", "") or default

    return {
        "BACKEND": get("BACKEND", "local"),
        "BASE_URL": get("BASE_URL", ""),
        "APP_KEY": get("APP_KEY", ""),
        "APP_SECRET": get("APP_SECRET", ""),
        "SOURCE": get("SOURCE", ""),
        "TIMEOUT": float(get("TIMEOUT", "3")),
        "RETRIES": int(get("RETRIES", "2")),
        "BACKOFF": float(get("BACKOFF", "0.5")),
        "BREAKER_FAILURES": int(get("BREAKER_FAILURES", "5")),
        "BREAKER_RESET_SECONDS": float(get("BREAKER_RESET_SECONDS", "60")),
    }


REGISTRIES = {name: _registry_settings(name) for name in REGISTRY_NAMES}
REGISTRY_FIXTURES_DIR = Path(
    os.environ.get("REGISTRY_FIXTURES_DIR", BASE_DIR / "registries" / "fixtures")
)
# Registries the local backend answers as unreachable (to try the fallback by hand).
REGISTRY_LOCAL_UNAVAILABLE = env_list("REGISTRY_LOCAL_UNAVAILABLE", [])
# The roots a presented certificate PDF's signature must lead to (PEM files, comma-separated);
# by default the chain in CERTIFICATE_SIGNING_DIR. Larger uploads are refused unread.
CERTIFICATE_TRUST_ROOTS = env_list("CERTIFICATE_TRUST_ROOTS", [])
CERTIFICATE_CHECK_MAX_BYTES = int(
    os.environ.get("CERTIFICATE_CHECK_MAX_BYTES", str(5 * 1024 * 1024))
)
# Files a person may upload (each one is checked and normalised, which costs CPU): so many an
# hour and a day per signed-in account; uploads without an account (unit registration) count
# per client address.
# A queue export of more rows than this runs in the task worker, not in the request.
EXPORT_INLINE_MAX_ROWS = int(os.environ.get("EXPORT_INLINE_MAX_ROWS", "5000"))
UPLOAD_LIMIT_PER_HOUR = int(os.environ.get("UPLOAD_LIMIT_PER_HOUR", "100"))
UPLOAD_LIMIT_PER_DAY = int(os.environ.get("UPLOAD_LIMIT_PER_DAY", "500"))
ACCOUNT_RATE_LIMITS["upload"] = f"{UPLOAD_LIMIT_PER_HOUR}/h/user,{UPLOAD_LIMIT_PER_DAY}/d/user"
ACCOUNT_RATE_LIMITS["upload_anonymous"] = (
    f"{UPLOAD_LIMIT_PER_HOUR}/h/ip,{UPLOAD_LIMIT_PER_DAY}/d/ip"
)
# SMS codes: valid for VERIFICATION_CODE_VALIDITY; a new one after the cool-down; so many a
# day per phone and per client address (titleportal.sms.SMSQuota).
SMS_RESEND_COOLDOWN = int(os.environ.get("SMS_RESEND_COOLDOWN", "60"))
SMS_DAILY_LIMIT_PER_PHONE = int(os.environ.get("SMS_DAILY_LIMIT_PER_PHONE", "10"))
SMS_DAILY_LIMIT_PER_ADDRESS = int(os.environ.get("SMS_DAILY_LIMIT_PER_ADDRESS", "30"))
# A unit account looks people up by ID number (to invite them as staff) so many times a day;
# every look-up is logged (units.StaffLookup).
STAFF_LOOKUP_DAILY_LIMIT = int(os.environ.get("STAFF_LOOKUP_DAILY_LIMIT", "20"))

# Sign-in through a unified identity platform (OpenID Connect, e.g. 广西数字政务一体化平台),
# shown on the sign-in page only when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are
# set. The first sign-in links the platform's account to the portal account holding the same
# document number, when the platform says the number is verified, or creates one with it
# (accounts.oidc). Claim names are those of the platform's ID token / userinfo.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", "gov")
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "统一身份认证平台")
OIDC_SCOPES = env_list("OIDC_SCOPES", ["openid", "profile", "email", "phone"])
OIDC_CLAIMS = {
    "id_number": os.environ.get("OIDC_CLAIM_ID_NUMBER", "id_number"),
    "id_type": os.environ.get("OIDC_CLAIM_ID_TYPE", "id_type"),
    "id_verified": os.environ.get("OIDC_CLAIM_ID_VERIFIED", "id_number_verified"),
    "real_name_level": os.environ.get("OIDC_CLAIM_REAL_NAME_LEVEL", "real_name_level"),
    "name": os.environ.get("OIDC_CLAIM_NAME", "name"),
}
SOCIALACCOUNT_ADAPTER = "accounts.oidc.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
# The platform vouches for the person by the document number; an email is not needed.
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "5"))


def oidc_providers(issuer: str, client_id: str, secret: str) -> dict:
    if not (issuer and client_id and secret):
        return {}
    app = {
        "provider_id": OIDC_PROVIDER_ID,
        "name": OIDC_PROVIDER_NAME,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "scope": OIDC_SCOPES,
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
        },
    }
    return {"openid_connect": {"APPS": [app]}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)

# Reviewer roles can be made to use a TOTP second factor (accounts.middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "职称服务平台"
REVIEWERS_REQUIRE_MFA = env_bool("REVIEWERS_REQUIRE_MFA", default=False)
# Unit, department, office and committee staff signing in on a browser or network not seen
# before type an SMS code first; a verified device is remembered this many days (0: no
# check). accounts.devices.
STAFF_DEVICE_REMEMBER_DAYS = int(os.environ.get("STAFF_DEVICE_REMEMBER_DAYS", "30"))

# --- Messages to people ---------------------------------------------------------------------

# Django 6.1 mailers. Locally every email is written to a file under var/mail; production
# sends through SMTP configured from the environment.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "465")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_ssl": env_bool("EMAIL_USE_SSL", default=True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "职称服务平台 <noreply@localhost>")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "titleportal.sms.FileSMSBackend")
SMS_OUTBOX = Path(os.environ.get("SMS_OUTBOX", VAR_DIR / "sms" / "outbox.log"))
# Tencent Cloud SMS (SMS_BACKEND=titleportal.sms.TencentCloudSMSBackend): API key, SMS app,
# approved signature and the template of each kind of message.
TENCENT_SMS = {
    "secret_id": os.environ.get("TENCENT_SMS_SECRET_ID", ""),
    "secret_key": os.environ.get("TENCENT_SMS_SECRET_KEY", ""),
    "sdk_app_id": os.environ.get("TENCENT_SMS_SDK_APP_ID", ""),
    "sign_name": os.environ.get("TENCENT_SMS_SIGN_NAME", ""),
    "region": os.environ.get("TENCENT_SMS_REGION", "ap-guangzhou"),
    "templates": {"verification_code": os.environ.get("TENCENT_SMS_TEMPLATE_CODE", "")},
}

# Background tasks (notifications, heavy PDFs) use Django's tasks framework. Locally and in
# tests they run at once after the commit; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Failed SMS and email sends are retried this many times (with growing pauses) before they are
# marked failed; administrators see them under 消息发送记录.
NOTIFICATION_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATION_MAX_ATTEMPTS", "5"))

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- UI -------------------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
PORTAL_NAME = _("Title Portal")
# The public address of the portal, for links that leave it (QR codes on certificates, SMS).
# Without it, the address of the current request is used.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")

# Automated-testing hooks, honoured only with DEBUG on (never in production).
CAPTCHA_TEST_MODE = DEBUG and env_bool("CAPTCHA_TEST_MODE")
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_IMAGE_SIZE = (110, 38)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_TIMEOUT = 10

# --- Security -------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every task start and end would otherwise be printed (twice, with Django's handler).
        "django.tasks": {"level": "WARNING"},
    },
}

# How permission-checked views hand out private files: "django" (streams them), "nginx"
# (X-Accel-Redirect to PRIVATE_FILE_INTERNAL_URL, an internal location over MEDIA_ROOT),
# "apache" (X-Sendfile) or, with the object store, "presigned" (a redirect to a link signed
# for S3_URL_SECONDS, the default there: the bytes do not pass through the app servers).
PRIVATE_FILE_SERVER = os.environ.get("PRIVATE_FILE_SERVER", "presigned" if S3_BUCKET else "django")
PRIVATE_FILE_INTERNAL_URL = os.environ.get("PRIVATE_FILE_INTERNAL_URL", "/protected-media/")


def file_store_origins(endpoint_url: str, public_url: str, bucket: str, region: str) -> list:
    """Where browsers fetch signed links from (for the pages' img-src and frame-src)."""
    from urllib.parse import urlsplit

    address = public_url or endpoint_url
    if address:
        parts = urlsplit(address)
        return [f"{parts.scheme}://{parts.netloc}"]
    return [f"https://{bucket}.s3.amazonaws.com", f"https://{bucket}.s3.{region}.amazonaws.com"]


if S3_BUCKET and PRIVATE_FILE_SERVER == "presigned":
    # Previews (images, PDFs in a frame) follow the redirect to the object store.
    _stores = file_store_origins(
        S3_ENDPOINT_URL, S3_PUBLIC_URL, S3_BUCKET, os.environ.get("S3_REGION") or "us-east-1"
    )
    SECURE_CSP["img-src"] += _stores
    SECURE_CSP["frame-src"] += _stores

# Payments (payments app). The gateways offered to payers, in order; the sandbox gateway
# (沙箱) is there only in development (DEBUG) and in the test suite, never in production.
PAYMENT_GATEWAYS = env_list("PAYMENT_GATEWAYS", ["sandbox", "alipay", "alipay_qr", "wechat"])
PAYMENT_SANDBOX = DEBUG
PAYMENT_SANDBOX_KEY_FILE = VAR_DIR / "payments" / "sandbox_key.pem"
# Hours an unpaid order stays open before ``close_unpaid_orders`` closes it.
PAYMENT_ORDER_HOURS = int(os.environ.get("PAYMENT_ORDER_HOURS", "168"))
ALIPAY_APP_ID = os.environ.get("ALIPAY_APP_ID", "")
ALIPAY_APP_PRIVATE_KEY = os.environ.get("ALIPAY_APP_PRIVATE_KEY", "")
ALIPAY_PUBLIC_KEY = os.environ.get("ALIPAY_PUBLIC_KEY", "")
ALIPAY_SANDBOX = env_bool("ALIPAY_SANDBOX")
WECHATPAY_MCH_ID = os.environ.get("WECHATPAY_MCH_ID", "")
WECHATPAY_APP_ID = os.environ.get("WECHATPAY_APP_ID", "")
WECHATPAY_API_V3_KEY = os.environ.get("WECHATPAY_API_V3_KEY", "")
WECHATPAY_PRIVATE_KEY = os.environ.get("WECHATPAY_PRIVATE_KEY", "")
WECHATPAY_CERT_SERIAL_NO = os.environ.get("WECHATPAY_CERT_SERIAL_NO", "")
WECHATPAY_PLATFORM_CERTIFICATES = os.environ.get("WECHATPAY_PLATFORM_CERTIFICATES", "")
