"""Failed-attempt counters on Litestar's store (memory by default, Redis when scaled out)."""

from __future__ import annotations

import time

import msgspec
from litestar.stores.base import Store


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
