"""A circuit breaker whose state lives in the Django cache, so every app process sees it.

Closed: calls go through; each failure counts, a success resets the count. After
``failures`` failures in a row the circuit opens: for ``reset_seconds`` no call is made (the
person is told at once that the registry cannot be reached). Then it is half-open: one
process gets to try one call (``cache.add`` decides which); its success closes the circuit,
its failure opens it again for another ``reset_seconds``.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    def __init__(self, name: str, *, failures: int, reset_seconds: float, trial_seconds: float):
        self.name = name
        self.threshold = max(1, failures)
        self.reset_seconds = reset_seconds
        # How long one half-open trial may take before another process may try.
        self.trial_seconds = max(1, int(trial_seconds) + 1)
        self._key = f"registries:breaker:{name}"

    # --- state

    def _opened_at(self) -> float | None:
        value = cache.get(f"{self._key}:opened")
        return float(value) if value is not None else None

    @property
    def state(self) -> str:
        opened = self._opened_at()
        if opened is None:
            return "closed"
        return "open" if time.time() - opened < self.reset_seconds else "half_open"

    # --- calls

    def before_call(self) -> None:
        """Raise CircuitOpen unless a call may be made now."""
        opened = self._opened_at()
        if opened is None:
            return
        if time.time() - opened < self.reset_seconds:
            raise CircuitOpen(self.name)
        if not cache.add(f"{self._key}:trial", 1, timeout=self.trial_seconds):
            raise CircuitOpen(self.name)  # another process is trying right now

    def success(self) -> None:
        if self._opened_at() is not None:
            logger.info("registry %s answers again; circuit closed", self.name)
        cache.delete_many([f"{self._key}:opened", f"{self._key}:failures", f"{self._key}:trial"])

    def failure(self) -> None:
        if self._opened_at() is not None:  # the half-open trial failed
            self._open()
            return
        key = f"{self._key}:failures"
        cache.add(key, 0, timeout=None)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=None)
            count = 1
        if count >= self.threshold:
            logger.warning("registry %s failed %s times in a row; circuit open", self.name, count)
            self._open()

    def _open(self) -> None:
        cache.set(f"{self._key}:opened", time.time(), timeout=None)
        cache.delete_many([f"{self._key}:failures", f"{self._key}:trial"])
