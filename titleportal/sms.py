"""SMS sending behind a small interface.

``SMS_BACKEND`` names the class. Local use and tests default to ``FileSMSBackend``, which
appends one line per message (time, phone, text) to ``SMS_OUTBOX`` so that people and
browser tests can read the codes. ``TencentCloudSMSBackend`` sends through Tencent Cloud SMS
(API 3.0, TC3-HMAC-SHA256 signed requests); Chinese SMS clouds only deliver approved
templates, so a message names its template and parameters besides its plain text.

``send_verification_code`` is what the portal calls: it applies the cool-down and the daily
limits per phone and per client address (``SMSQuota``) before handing the code over.
"""

import datetime
import hashlib
import hmac
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

VERIFICATION_TEMPLATE = "verification_code"


class SMSError(Exception):
    """Sending failed; the message says why (shown to administrators, not to applicants)."""


class SMSQuotaExceeded(Exception):
    """A limit refuses this message; ``message`` is the Chinese sentence for the person."""

    def __init__(self, message: str, *, retry_after: int = 0):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class BaseSMSBackend:
    def send(self, phone: str, text: str, *, template: str = "", params: Sequence[str] = ()) -> str:
        """Send ``text`` to ``phone``; return the provider's message id.

        ``template`` and ``params`` identify the same message for providers that only send
        pre-approved templates; backends that take free text ignore them.
        """
        raise NotImplementedError


class FileSMSBackend(BaseSMSBackend):
    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = Path(path or settings.SMS_OUTBOX)

    def send(self, phone: str, text: str, *, template: str = "", params: Sequence[str] = ()) -> str:
        now = timezone.localtime()
        line = f"{now.isoformat(timespec='seconds')}\t{phone}\t{' '.join(text.split())}\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as outbox:
            outbox.write(line)
        return f"file-{now:%Y%m%d%H%M%S%f}"

    def messages(self) -> list[tuple[datetime.datetime, str, str]]:
        """Every message in the outbox, oldest first."""
        if not self.path.exists():
            return []
        rows = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            stamp, phone, text = line.split("\t", 2)
            rows.append((datetime.datetime.fromisoformat(stamp), phone, text))
        return rows


# --- Tencent Cloud SMS ----------------------------------------------------------------------


def _hmac_sha256(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def tc3_authorization(
    *,
    secret_id: str,
    secret_key: str,
    service: str,
    host: str,
    timestamp: int,
    method: str = "POST",
    query: str = "",
    content_type: str = "application/json; charset=utf-8",
    payload: bytes = b"",
) -> str:
    """The Authorization header of a Tencent Cloud API 3.0 request (TC3-HMAC-SHA256).

    Follows the provider's "Signature v3" steps: canonical request (method, URI "/", query,
    the content-type and host headers, SHA-256 of the body), string to sign with the UTC date
    scope, a signing key derived from "TC3" + SecretKey, date, service and "tc3_request".
    """
    date = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC).strftime("%Y-%m-%d")
    signed_headers = "content-type;host"
    canonical_request = "\n".join(
        [
            method,
            "/",
            query,
            f"content-type:{content_type.strip().lower()}\nhost:{host.strip().lower()}\n",
            signed_headers,
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            scope,
            hashlib.sha256(canonical_request.encode("utf-8")).hexdigest(),
        ]
    )
    key = _hmac_sha256(("TC3" + secret_key).encode("utf-8"), date)
    key = _hmac_sha256(key, service)
    key = _hmac_sha256(key, "tc3_request")
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )


class TencentCloudSMSBackend(BaseSMSBackend):
    """Tencent Cloud SMS, action SendSms of API version 2021-01-11.

    Settings (``TENCENT_SMS``): secret_id, secret_key, sdk_app_id, sign_name (the approved
    signature), region and ``templates`` mapping our template names to approved template ids.
    """

    host = "sms.tencentcloudapi.com"
    service = "sms"
    action = "SendSms"
    version = "2021-01-11"
    content_type = "application/json; charset=utf-8"
    timeout = 10

    def __init__(self, config: dict | None = None):
        self.config = config if config is not None else settings.TENCENT_SMS

    def build_request(
        self, phone: str, template: str, params: Sequence[str], *, timestamp: int | None = None
    ) -> tuple[str, dict[str, str], bytes]:
        """URL, headers and body of the signed SendSms request."""
        template_id = self.config.get("templates", {}).get(template)
        if not template_id:
            raise SMSError(f"No Tencent Cloud SMS template is configured for '{template}'.")
        timestamp = int(time.time()) if timestamp is None else timestamp
        body = {
            "PhoneNumberSet": [phone if phone.startswith("+") else f"+86{phone}"],
            "SmsSdkAppId": self.config["sdk_app_id"],
            "SignName": self.config["sign_name"],
            "TemplateId": template_id,
            "TemplateParamSet": [str(value) for value in params],
        }
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {
            "Authorization": tc3_authorization(
                secret_id=self.config["secret_id"],
                secret_key=self.config["secret_key"],
                service=self.service,
                host=self.host,
                timestamp=timestamp,
                content_type=self.content_type,
                payload=payload,
            ),
            "Content-Type": self.content_type,
            "Host": self.host,
            "X-TC-Action": self.action,
            "X-TC-Version": self.version,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.config.get("region", "ap-guangzhou"),
        }
        return f"https://{self.host}/", headers, payload

    @staticmethod
    def parse_response(data: dict) -> str:
        """The serial number of the sent message, or SMSError with the provider's reason."""
        response = data.get("Response")
        if not isinstance(response, dict):
            raise SMSError("Tencent Cloud SMS answered without a Response object.")
        error = response.get("Error")
        if error:
            raise SMSError(
                f"{error.get('Code', 'Error')}: {error.get('Message', '')} "
                f"(RequestId {response.get('RequestId', '?')})"
            )
        statuses = response.get("SendStatusSet") or []
        if not statuses:
            raise SMSError("Tencent Cloud SMS answered without a send status.")
        status = statuses[0]
        if status.get("Code") != "Ok":
            raise SMSError(f"{status.get('Code', '?')}: {status.get('Message', '')}")
        return status.get("SerialNo", "")

    def send(self, phone: str, text: str, *, template: str = "", params: Sequence[str] = ()) -> str:
        url, headers, payload = self.build_request(phone, template, params)
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")  # noqa: S310 - fixed https URL
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                data = json.loads(answer.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SMSError(f"Tencent Cloud SMS could not be reached: {error}") from error
        return self.parse_response(data)


def get_sms_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()


# --- Limits ---------------------------------------------------------------------------------


class SMSQuota:
    """Cool-down between codes to one phone, daily limits per phone and per client address.

    Counters live in the cache (shared between app servers with REDIS_URL) and are keyed by
    the calendar day in the portal's time zone.
    """

    def __init__(self):
        self.cooldown = settings.SMS_RESEND_COOLDOWN
        self.per_phone = settings.SMS_DAILY_LIMIT_PER_PHONE
        self.per_address = settings.SMS_DAILY_LIMIT_PER_ADDRESS

    @staticmethod
    def _cooldown_key(phone):
        return f"sms:cooldown:{phone}"

    @staticmethod
    def _day_key(kind, value):
        return f"sms:day:{timezone.localdate().isoformat()}:{kind}:{value}"

    def _cooldown_error(self, phone):
        started = cache.get(self._cooldown_key(phone))
        remaining = self.cooldown
        if started is not None:
            remaining = max(1, int(self.cooldown - (time.time() - started)) + 1)
            remaining = min(remaining, self.cooldown)
        return SMSQuotaExceeded(
            _("A code was sent just now. You can request another one in %(seconds)s seconds.")
            % {"seconds": remaining},
            retry_after=remaining,
        )

    def _daily_error(self, kind):
        if kind == "phone":
            text = _("Today's limit of codes for this mobile number is reached; try tomorrow.")
        else:
            text = _("Too many codes were requested from your network today; try tomorrow.")
        return SMSQuotaExceeded(text, retry_after=24 * 3600)

    def check(self, phone: str, address: str) -> None:
        """Raise SMSQuotaExceeded if a message to ``phone`` would be refused now."""
        if self.cooldown and cache.get(self._cooldown_key(phone)) is not None:
            raise self._cooldown_error(phone)
        for kind, value, limit in (
            ("phone", phone, self.per_phone),
            ("address", address, self.per_address),
        ):
            if (cache.get(self._day_key(kind, value)) or 0) >= limit:
                raise self._daily_error(kind)

    def consume(self, phone: str, address: str) -> None:
        """Count one message to ``phone`` from ``address``, or raise SMSQuotaExceeded."""
        cooldown_key = self._cooldown_key(phone)
        if self.cooldown and not cache.add(cooldown_key, time.time(), timeout=self.cooldown):
            raise self._cooldown_error(phone)
        counted = []
        for kind, value, limit in (
            ("phone", phone, self.per_phone),
            ("address", address, self.per_address),
        ):
            key = self._day_key(kind, value)
            cache.add(key, 0, timeout=2 * 24 * 3600)
            counted.append(key)
            if cache.incr(key) > limit:
                for done in counted:
                    cache.decr(done)
                cache.delete(cooldown_key)
                raise self._daily_error(kind)

    def seconds_until_resend(self, phone: str) -> int:
        started = cache.get(self._cooldown_key(phone))
        if started is None:
            return 0
        return max(0, int(self.cooldown - (time.time() - started)) + 1)


def code_validity_minutes() -> int:
    """How long a verification code lives, in minutes: what the SMS, the email and the page
    where the code is typed all say (settings.VERIFICATION_CODE_VALIDITY)."""
    return max(1, settings.VERIFICATION_CODE_VALIDITY // 60)


def verification_text(code: str, minutes: int) -> str:
    return _(
        "[Title Portal] Your verification code is %(code)s, valid for %(minutes)s minutes. "
        "Do not tell it to anyone."
    ) % {"code": code, "minutes": minutes}


def send_verification_code(phone: str, code: str, *, address: str) -> str:
    """Send a verification code to ``phone`` within the limits; return the message id.

    Raises SMSQuotaExceeded when a limit refuses it and SMSError when the provider fails.
    """
    SMSQuota().consume(phone, address)
    return deliver_verification_code(phone, code)


def deliver_verification_code(phone: str, code: str) -> str:
    """Hand a verification code to the gateway (the limits were counted when it was asked
    for); return the message id. Raises SMSError when the provider fails."""
    minutes = code_validity_minutes()
    return get_sms_backend().send(
        phone,
        verification_text(code, minutes),
        template=VERIFICATION_TEMPLATE,
        params=[code, str(minutes)],
    )
