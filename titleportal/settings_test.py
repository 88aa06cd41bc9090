"""Settings for the test suite: the real settings with fast hashing and private temp files.

DATABASE_URL and REDIS_URL are honoured, so CI runs the same suite on PostgreSQL and Redis.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: F403
from .settings import DATABASES, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

TEST_TMP = Path(tempfile.mkdtemp(prefix="titleportal-test-"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file rather than memory: the browser tests' live server answers several requests at
    # once (a page with images), and threads must not share one in-memory connection.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_TMP / "test.sqlite3")}
MEDIA_ROOT = TEST_TMP / "media"
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = TEST_TMP / "static"
# Empty: PDFs are unsigned unless a test makes the test CA there (tests/certificates).
CERTIFICATE_SIGNING_DIR = TEST_TMP / "signing"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SMS_OUTBOX = TEST_TMP / "sms" / "outbox.log"
# Tests are not production: the captcha test answer is always accepted here.
CAPTCHA_TEST_MODE = True
LANGUAGE_CODE = "zh-hans"
# Staff sign in without the new-device SMS code unless a test turns it on (accounts.devices):
# the suite signs staff in from fresh test clients all the time.
STAFF_DEVICE_REMEMBER_DAYS = 0
# The sandbox gateway with a key of this run only.
PAYMENT_SANDBOX = True
PAYMENT_SANDBOX_KEY_FILE = TEST_TMP / "payments" / "sandbox_key.pem"
