"""The shared cache (Redis in production): the header's fragment and to-do counts.

A Redis that is down or slow must not take the pages down with it: what the cache keeps can always
be computed again. ``ForgivingRedisCache`` is Django's Redis cache whose reads miss and whose writes
are dropped when Redis does not answer (within ``socket_timeout``), each failure logged."""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _failed(operation: str, error: Exception) -> None:
    logger.warning("cache %s failed, carrying on without it: %s", operation, error)


class ForgivingRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _failed("get_many", error)
            return {}

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _failed("set", error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _failed("add", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _failed("delete", error)
            return False
