"""Scheduled escalation of urgent alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from server.alerts.service import escalate_unacknowledged
from server.settings import Settings


def escalate_alerts(
    settings: Settings, tz: dt.tzinfo
) -> Callable[[AsyncSession, dt.datetime], Awaitable[int]]:
    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await escalate_unacknowledged(session, now, settings, tz)

    return job
