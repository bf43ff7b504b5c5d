"""
A Redis cache that degrades instead of failing.

The cache only ever speeds the site up, so losing it must not take pages or
saves down. `ResilientRedisCache` is Django's Redis backend with three
changes:

- every operation that cannot reach Redis (refused, reset, timed out) acts
  as a miss: reads return their default, writes are dropped;
- after a failure the cache is left alone for `RETRY_SECONDS` (a circuit
  breaker), so an outage costs one short timeout per interval and process,
  not one per request; the failure is logged once per interval;
- when Redis answers again after an outage, the functions registered with
  `on_recovery()` run once. The page cache registers one that starts a new
  content version, so an invalidation that could not reach Redis during the
  outage is not forgotten: pages stored before it are never served again.

Connect and read timeouts come from OPTIONS (`socket_connect_timeout`,
`socket_timeout`; see settings), so a hung Redis cannot hang a worker.
`status()` tells the readiness check whether Redis answers now.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0

_recovery_callbacks = []


def on_recovery(callback):
    """Run `callback()` each time a process finds Redis answering again after an outage."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)
    return callback


class _Circuit:
    """Per-process state of one Redis location: when it last failed, and whether it is down."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since = None
        self.retry_at = 0.0

    def is_open(self):
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, location, error):
        with self.lock:
            first = self.down_since is None
            now = time.monotonic()
            if first:
                self.down_since = time.time()
            if first or now >= self.retry_at:
                logger.error(
                    "The cache at %s is unreachable (%s); pages are served uncached and "
                    "saves go on. Trying again in %.0f s.",
                    location,
                    error,
                    RETRY_SECONDS,
                )
            self.retry_at = now + RETRY_SECONDS

    def succeeded(self, location):
        with self.lock:
            if self.down_since is None:
                return False
            outage = time.time() - self.down_since
            self.down_since = None
        logger.warning("The cache at %s answers again after %.0f s.", location, outage)
        return True


_circuits = {}
_circuits_lock = threading.Lock()


def _circuit(location):
    with _circuits_lock:
        return _circuits.setdefault(location, _Circuit())


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to misses while Redis is unreachable (see module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        self._state = _circuit(self._location)

    def _call(self, operation, fallback, *args, read=False, **kwargs):
        if self._state.is_open():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except RedisError as error:
            self._state.failed(self._location, error)
            return fallback
        if self._state.down_since is not None and self._state.succeeded(self._location):
            for callback in list(_recovery_callbacks):
                try:
                    callback()
                except Exception:
                    logger.exception("Running %r after the cache came back failed.", callback)
            if read:
                # Read again: what the first read found predates the recovery's work.
                return self._call(operation, fallback, *args, **kwargs)
        return result

    def status(self):
        """ "up" when Redis answers a PING now (whatever the circuit says), else "down"."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError:
            return "down"
        return "up"

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version, read=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version, read=True)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version, read=True)

    def incr(self, key, delta=1, version=None):
        # Unreachable reads as "no such key", as Django's incr() reports it.
        result = self._call(super().incr, None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
