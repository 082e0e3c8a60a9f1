"""Scheduled privacy work: age boundaries, erasure after the grace period, retention."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.core.scheduler import Job
from server.privacy import erasure, service
from server.settings import Settings


def notice_age_transitions(settings: Settings, tz: dt.tzinfo) -> Job:
    """Daily in effect (runs hourly; one row per youth per boundary keeps it idempotent)."""

    async def run(session: AsyncSession, now: dt.datetime) -> None:
        await service.notice_age_transitions(session, now, settings=settings, tz=tz)

    return run


async def erase_due_accounts(session: AsyncSession, now: dt.datetime) -> None:
    await erasure.erase_due_accounts(session, now)


def purge_expired(settings: Settings) -> Job:
    """Youth-care files and access-log rows whose retention term has passed."""

    async def run(session: AsyncSession, now: dt.datetime) -> None:
        await erasure.purge_expired_files(session, now, settings.file_retention_years)
        await erasure.purge_access_log(session, now, erasure.log_years(settings))

    return run


async def scrub_storage(session: AsyncSession, now: dt.datetime) -> None:
    await erasure.scrub_storage(session)
