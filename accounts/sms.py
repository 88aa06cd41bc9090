"""SMS sending behind a small interface.

``SMS_BACKEND`` names the class. Local use and tests default to ``FileSMSBackend``, which
appends one line per message (time, phone, text) to ``SMS_OUTBOX`` so that people and
browser tests can read the codes. The real provider adapter lives beside it.
"""

import datetime
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SMSError(Exception):
    """Sending failed; the message says why (shown to administrators, not to applicants)."""


class BaseSMSBackend:
    def send(self, phone: str, text: str) -> str:
        """Send ``text`` to ``phone``; return the provider's message id."""
        raise NotImplementedError


class FileSMSBackend(BaseSMSBackend):
    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = Path(path or settings.SMS_OUTBOX)

    def send(self, phone: str, text: str) -> str:
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


def get_sms_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
