"""Scheduled delivery of the notification outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from server.notifications.service import deliver_due, provider_for
from server.settings import Settings


def deliver_outbox(settings: Settings) -> Callable[[AsyncSession, dt.datetime], Awaitable[int]]:
    provider = provider_for(settings)

    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await deliver_due(session, now, provider, settings.webhook_max_attempts)

    return job
