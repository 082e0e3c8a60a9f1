"""Live fan-out through Litestar's channels plugin: in memory by default, Redis when set.

Services publish small events after their transaction commits; websocket handlers
subscribe. Channel names: ``session:<id>`` (control events for one sign-in session),
plus the domain channels the chat and forum define.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Iterable
from typing import Any

from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncSession

from server.core.db import after_commit
from server.settings import Settings

log = logging.getLogger("roer.realtime")
REDIS_DOWN = (RedisError, OSError, asyncio.TimeoutError)


class ResilientRedisBackend(RedisChannelsPubSubBackend):
    """Redis pub/sub that survives Redis going away and coming back.

    Litestar's backend lets the first connection error end the plugin's publish and
    subscribe tasks for good: after a Redis restart nothing is fanned out any more, and a
    socket that subscribes while Redis is down fails. Here a publish while Redis is away is
    dropped with a warning (messages are stored before they are published; clients get them
    on resume), subscriptions are remembered locally, and the event stream is supervised:
    on an error it drops the pub/sub connection and, with backoff, opens a new one and
    subscribes to every channel still wanted. Channel names carry ``prefix`` so that
    deployments sharing one Redis (``ROER_REDIS_PREFIX``) do not hear each other.
    """

    def __init__(self, *, redis: Redis, prefix: str, max_backoff: float = 2.0) -> None:
        super().__init__(redis=redis, key_prefix=f"{prefix}_CHANNELS")
        self._prefix = f"{prefix}:ch:"
        self._wanted: set[str] = set()
        self._pubsub: PubSub | None = None
        self._broken = False
        self._max_backoff = max_backoff
        self.reconnects = 0

    @property
    def _pub_sub(self) -> PubSub:
        if self._pubsub is None:
            self._pubsub = self._redis.pubsub()
        return self._pubsub

    def _key(self, channels: Iterable[str]) -> list[str]:
        return [self._prefix + c for c in channels]

    async def subscribe(self, channels: Iterable[str]) -> None:
        channels = list(channels)
        self._wanted.update(channels)
        self._has_subscribed.set()
        if self._broken:
            return  # the supervisor subscribes to everything wanted when Redis is back
        try:
            await self._pub_sub.subscribe(*self._key(channels))
        except REDIS_DOWN as exc:
            self._broken = True
            log.warning("redis pub/sub unavailable (%s); live fan-out paused", exc)

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        channels = list(channels)
        self._wanted.difference_update(channels)
        if not self._wanted:
            self._has_subscribed.clear()
        if self._broken:
            return
        try:
            await self._pub_sub.unsubscribe(*self._key(channels))
        except REDIS_DOWN:
            self._broken = True

    async def publish(self, data: bytes, channels: Iterable[str]) -> None:
        try:
            await self._publish_script(keys=self._key(set(channels)), args=[data])
        except REDIS_DOWN as exc:
            log.warning("redis publish failed (%s); event dropped, clients catch up on resume", exc)

    async def _reopen(self) -> None:
        old, self._pubsub = self._pubsub, None
        if old is not None:
            with contextlib.suppress(Exception):
                await old.aclose()  # type: ignore[no-untyped-call,unused-ignore]  # untyped in older redis
        if self._wanted:
            await self._pub_sub.subscribe(*self._key(self._wanted))
        self._broken = False
        self.reconnects += 1
        log.warning("redis pub/sub reconnected (%d channels)", len(self._wanted))

    async def stream_events(self) -> AsyncGenerator[tuple[str, Any], None]:
        backoff = 0.05
        cut = len(self._prefix)
        while True:
            await self._has_subscribed.wait()
            try:
                if self._broken:
                    await self._reopen()
                    backoff = 0.05
                message = await self._pub_sub.get_message(
                    ignore_subscribe_messages=True, timeout=self._stream_sleep_no_subscriptions
                )
            except REDIS_DOWN as exc:
                if not self._broken:
                    log.warning("redis pub/sub lost (%s); retrying", exc)
                self._broken = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            if message is None:
                continue
            channel = message["channel"].decode()[cut:]
            if channel in self._wanted:
                yield channel, message["data"]

    async def on_shutdown(self) -> None:
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()  # type: ignore[no-untyped-call,unused-ignore]  # untyped in older redis


def channels_plugin(settings: Settings, redis: Redis | None) -> ChannelsPlugin:
    if redis is not None:
        backend: Any = ResilientRedisBackend(redis=redis, prefix=settings.redis_prefix)
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(
        backend=backend,
        arbitrary_channels_allowed=True,
        subscriber_max_backlog=1000,
        subscriber_backlog_strategy="dropleft",
    )


def channels_of(app: Litestar) -> ChannelsPlugin:
    return app.plugins.get(ChannelsPlugin)


def session_channel(session_id: str) -> str:
    return f"session:{session_id}"


def publish_after_commit(
    app: Litestar, db_session: AsyncSession, event: dict[str, Any], channels: list[str]
) -> None:
    """Publish ``event`` once the current transaction has committed (persist, then publish)."""
    plugin = channels_of(app)

    async def publish() -> None:
        plugin.publish(event, channels)

    after_commit(db_session, publish)


def publish_session_ended(app: Litestar, db_session: AsyncSession, session_id: str) -> None:
    """Tell every websocket of this sign-in session to close."""
    publish_after_commit(
        app,
        db_session,
        {"type": "session_ended", "session_id": session_id},
        [session_channel(session_id)],
    )
