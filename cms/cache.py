"""A Redis cache that a Redis outage turns into misses, so that the site keeps serving while Redis restarts.

Stock RedisCache raises on every call when Redis is unreachable, and Wagtail reads the cache to build any page's
URL, sessions (cached_db) read it on every signed-in request: a Redis restart was a burst of 500s on every page.
Here reading is a miss and writing is skipped (the database has the sessions; the rest is a cache). Counters
(add, incr, decr: log-in and verification throttles) still raise: a throttle does not silently stop counting.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


def _soft(default):
    def decorate(method):
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                logger.warning(
                    "Cache unavailable (%s) in %s: treated as a miss", exc.__class__.__name__, method.__name__
                )
                return default() if callable(default) else default

        wrapper.__name__ = method.__name__
        return wrapper

    return decorate


class SoftRedisCache(RedisCache):
    @_soft(None)
    def _get(self, key, default=None, version=None):
        return super().get(key, default, version)

    def get(self, key, default=None, version=None):
        value = self._get(key, default, version)
        return default if value is None else value

    set = _soft(None)(RedisCache.set)
    delete = _soft(False)(RedisCache.delete)
    touch = _soft(False)(RedisCache.touch)
    has_key = _soft(False)(RedisCache.has_key)
    get_many = _soft(dict)(RedisCache.get_many)
    set_many = _soft(list)(RedisCache.set_many)
    delete_many = _soft(None)(RedisCache.delete_many)
