"""A Redis cache that the portal keeps serving without: when Redis does not answer, a read is a
miss and a write is dropped, so that what stands on the cache falls back to the database (the
cached_db sessions, the user cache of the auth backend). The first failure is logged, and then at
most once a minute, not per request; /healthz still reports the cache as failed (its read back
misses)."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])
LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _degrading(default: Any) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        @wraps(method)
        def wrapper(self: "ResilientRedisCache", *args: Any, **kwargs: Any) -> Any:
            global _last_logged
            try:
                return method(self, *args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as error:
                now = time.monotonic()
                if now - _last_logged >= LOG_EVERY_SECONDS:
                    _last_logged = now
                    logger.error(
                        "Redis cache unavailable, serving without it: %s: %s",
                        type(error).__name__,
                        error,
                    )
                if method.__name__ == "get":
                    return kwargs.get("default", args[1] if len(args) > 1 else None)
                return default() if callable(default) else default

        return wrapper  # type: ignore[return-value]

    return decorate


class ResilientRedisCache(RedisCache):
    get = _degrading(None)(RedisCache.get)
    get_many = _degrading(dict)(RedisCache.get_many)
    has_key = _degrading(False)(RedisCache.has_key)
    add = _degrading(False)(RedisCache.add)
    set = _degrading(None)(RedisCache.set)
    set_many = _degrading(list)(RedisCache.set_many)
    touch = _degrading(False)(RedisCache.touch)
    delete = _degrading(False)(RedisCache.delete)
    delete_many = _degrading(None)(RedisCache.delete_many)
