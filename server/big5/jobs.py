"""Scheduled BIG5 work: the monthly prompt to each youth of BIG5 age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from server.big5.service import send_due_prompts
from server.settings import Settings


def big5_prompts(
    settings: Settings, tz: dt.tzinfo
) -> Callable[[AsyncSession, dt.datetime], Awaitable[int]]:
    async def job(session: AsyncSession, now: dt.datetime) -> int:
        return await send_due_prompts(session, now, settings, tz)

    return job
