"""The shared cache (Redis) with a local fallback for the moments Redis does not answer.

Sign-in limits, SMS quotas and cool-downs and the certificate-query limit count in the cache,
so with Redis unreachable every sign-in would fail. This backend (Django's Redis cache) then
counts in a local-memory cache of the process instead: the limits still hold, per app process
rather than across all of them, until Redis answers again. It logs once per outage and tries
Redis again every ``FALLBACK_RETRY_SECONDS`` (a top-level key of the cache's settings), so a
request does not wait for a connection that will fail. What was counted locally is not copied
back; Redis resumes with the counts it had.

Sessions are stored in the database (SESSION_ENGINE), not in this cache.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisWithLocalFallback(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("FALLBACK_RETRY_SECONDS", 5))
        self._local = LocMemCache(
            f"redis-fallback-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": 20_000},
            },
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- state ----------------------------------------------------------------------------

    @property
    def using_fallback(self) -> bool:
        return time.monotonic() < self._down_until

    def ping(self) -> None:
        """Ask Redis itself (not the fallback); raises when it does not answer."""
        self._cache.get_client(write=True).ping()

    def _unreachable(self, error: Exception) -> None:
        with self._lock:
            first = self._down_until == 0.0 or not self.using_fallback
            self._down_until = time.monotonic() + self.retry_seconds
        if first:
            logger.warning("Redis is unreachable (%s); limits count in this process for now", error)

    def _call(self, method: str, *args, **kwargs):
        if not self.using_fallback:
            try:
                result = getattr(RedisCache, method)(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._unreachable(error)
            else:
                if self._down_until:
                    with self._lock:
                        if self._down_until and not self.using_fallback:
                            self._down_until = 0.0
                            logger.warning("Redis answers again; limits are shared again")
                return result
        return getattr(self._local, method)(*args, **kwargs)

    # --- the cache interface (decr, get_or_set and the async methods go through these) ---

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")


def kept(key: str, compute, until):
    """``compute()``'s value, kept in the shared cache while the portal's clock is before
    ``until(now, value)``. The time is checked here rather than left to the cache's expiry,
    which follows the cache server's clock and is only a backstop. Used by what many requests
    share: the home page's notice boxes, the dashboard's figures and its sessions."""
    import datetime
    import math

    from django.core.cache import cache
    from django.utils import timezone

    key = f"kept:{key}"
    now = timezone.now()
    found = cache.get(key)
    if found is not None and now < found[1]:
        return found[0]
    value = compute()
    expires = until(now, value)
    if expires > now:
        seconds = math.ceil((expires - now) / datetime.timedelta(seconds=1))
        cache.set(key, (value, expires), timeout=seconds)
    return value
