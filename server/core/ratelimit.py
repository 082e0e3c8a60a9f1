"""Failed-attempt counters on Litestar's store (memory by default, Redis when scaled out)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TypeVar

import msgspec
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("roer.ratelimit")

T = TypeVar("T")


class _Window(msgspec.Struct):
    started: float
    failures: int


class FailureThrottle:
    """Counts failures per key in a fixed window; at ``limit`` the key is refused until reset.

    Used for sign-in: per account name and per address, so that neither guessing one
    password nor spraying many accounts from one address works.
    """

    def __init__(self, store: Store, *, limit: int, window_seconds: int, prefix: str) -> None:
        self.store = store
        self.limit = limit
        self.window = window_seconds
        self.prefix = prefix

    async def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it may try now."""
        state = await self._load(key)
        if state is None or state.failures < self.limit:
            return None
        return max(1, int(state.started + self.window - time.time()))

    async def failure(self, key: str) -> None:
        state = await self._load(key) or _Window(started=time.time(), failures=0)
        state.failures += 1
        remaining = max(1, int(state.started + self.window - time.time()))
        await self.store.set(self._key(key), msgspec.json.encode(state), expires_in=remaining)

    async def reset(self, key: str) -> None:
        await self.store.delete(self._key(key))

    async def _load(self, key: str) -> _Window | None:
        raw = await self.store.get(self._key(key))
        if raw is None:
            return None
        state = msgspec.json.decode(raw, type=_Window)
        if time.time() - state.started >= self.window:
            return None
        return state

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{key}"


class LocalWhenDown(Store):
    """A shared store (Redis) that this process replaces by its own memory while it is down.

    Sign-in and the request limit count in this store; a Redis outage must not make every
    sign-in a 500, nor let it through uncounted. So while Redis does not answer, counts are
    kept per process (the limits then hold per process instead of across them), and after
    ``retry_seconds`` Redis is tried again; counts made meanwhile are not carried over.
    """

    def __init__(self, shared: Store, local: MemoryStore, retry_seconds: float = 5.0) -> None:
        self.shared = shared
        self.local = local
        self.retry_seconds = retry_seconds
        self._down_until = 0.0

    async def _either(
        self, shared: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]
    ) -> T:
        if time.monotonic() >= self._down_until:
            try:
                result = await shared()
            except (RedisConnectionError, RedisTimeoutError) as exc:
                if self._down_until == 0.0:
                    log.warning("Redis unreachable; counting in this process for now: %s", exc)
                self._down_until = time.monotonic() + self.retry_seconds
            else:
                if self._down_until:
                    log.warning("Redis answers again; counting there again")
                    self._down_until = 0.0
                return result
        return await local()

    async def set(
        self, key: str, value: str | bytes, expires_in: int | dt.timedelta | None = None
    ) -> None:
        await self._either(
            lambda: self.shared.set(key, value, expires_in),
            lambda: self.local.set(key, value, expires_in),
        )

    async def get(self, key: str, renew_for: int | dt.timedelta | None = None) -> bytes | None:
        return await self._either(
            lambda: self.shared.get(key, renew_for), lambda: self.local.get(key, renew_for)
        )

    async def delete(self, key: str) -> None:
        await self._either(lambda: self.shared.delete(key), lambda: self.local.delete(key))

    async def delete_all(self) -> None:
        await self._either(self.shared.delete_all, self.local.delete_all)

    async def exists(self, key: str) -> bool:
        return await self._either(lambda: self.shared.exists(key), lambda: self.local.exists(key))

    async def expires_in(self, key: str) -> int | None:
        return await self._either(
            lambda: self.shared.expires_in(key), lambda: self.local.expires_in(key)
        )

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        await self.shared.__aexit__(exc_type, exc_val, exc_tb)
