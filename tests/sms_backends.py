"""SMS backends for tests of failure handling (real classes behind the real interface)."""

from django.tasks.backends.dummy import DummyBackend

from titleportal.sms import BaseSMSBackend, FileSMSBackend, SMSError


class FailingSMSBackend(BaseSMSBackend):
    """A gateway that is down."""

    def send(self, phone, text, **kwargs):
        raise SMSError("gateway unreachable")


class FlakySMSBackend(FileSMSBackend):
    """Fails while ``FlakySMSBackend.down`` is true, then writes to the outbox."""

    down = True

    def send(self, phone, text, **kwargs):
        if type(self).down:
            raise SMSError("gateway timeout")
        return super().send(phone, text, **kwargs)


class DownTaskBackend(DummyBackend):
    """A task queue whose database or broker is unreachable."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("task queue unreachable")
