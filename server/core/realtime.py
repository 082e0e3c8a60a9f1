"""Live fan-out through Litestar's channels plugin: in memory by default, Redis when set.

Services publish small events after their transaction commits; websocket handlers
subscribe. Channel names: ``session:<id>`` (control events for one sign-in session),
plus the domain channels the chat and forum define.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from server.core.db import after_commit
from server.settings import Settings


def channels_plugin(settings: Settings, redis: Redis | None) -> ChannelsPlugin:
    if redis is not None:
        backend: Any = RedisChannelsPubSubBackend(
            redis=redis,
            key_prefix=f"{settings.redis_prefix}_CHANNELS",
        )
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
