"""Who has a live socket: counted per process, and in Redis (with a TTL) across processes.

A recipient with a socket anywhere gets the message live; anyone else gets a push.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import Counter

from redis.asyncio import Redis

TTL_SECONDS = 60


class Presence:
    def __init__(self, redis: Redis | None, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        self.process = uuid.uuid4().hex
        self.local: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None

    def _key(self, user_id: str) -> str:
        return f"{self.prefix}:presence:{user_id}"

    async def add(self, user_id: str) -> None:
        self.local[user_id] += 1
        if self.redis is not None:
            # Redis away: the socket still works (live in this process, resume for the rest);
            # the refresh loop marks the user again once Redis is back.
            with contextlib.suppress(Exception):
                await self._mark(user_id)
            if self._task is None:
                self._task = asyncio.create_task(self._refresh_loop())

    async def remove(self, user_id: str) -> None:
        self.local[user_id] -= 1
        if self.local[user_id] <= 0:
            del self.local[user_id]
            if self.redis is not None:
                with contextlib.suppress(Exception):
                    await self.redis.zrem(self._key(user_id), self.process)

    async def is_online(self, user_id: str) -> bool:
        if self.local.get(user_id, 0) > 0:
            return True
        if self.redis is None:
            return False
        try:
            count = await self.redis.zcount(self._key(user_id), time.time(), "+inf")
        except Exception:  # Redis away: a push too many is better than none
            return False
        return bool(count)

    async def _mark(self, user_id: str) -> None:
        assert self.redis is not None
        key = self._key(user_id)
        await self.redis.zadd(key, {self.process: time.time() + TTL_SECONDS})
        await self.redis.expire(key, TTL_SECONDS * 2)

    async def _refresh_loop(self) -> None:
        # A process that dies stops refreshing; its entries expire within TTL_SECONDS.
        while True:
            await asyncio.sleep(TTL_SECONDS / 3)
            for user_id in list(self.local):
                with contextlib.suppress(Exception):
                    await self._mark(user_id)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
