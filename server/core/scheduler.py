"""The scheduler only ticks: a few idempotent jobs, each guarded by a database lease.

With several server processes every process runs a scheduler; a lease row per job lets
exactly one of them run each tick. Jobs take their clock as a parameter.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import String, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from server.core.clock import Clock
from server.core.db import Base

log = logging.getLogger("roer.scheduler")
logging.getLogger("apscheduler").setLevel(logging.WARNING)

HOLDER = f"{socket.gethostname()}:{os.getpid()}"

Job = Callable[[AsyncSession, dt.datetime], Awaitable[object]]


class JobLease(Base):
    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    until: Mapped[dt.datetime]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    run: Job
    every_seconds: int


async def acquire_lease(
    factory: async_sessionmaker[AsyncSession], name: str, holder: str, now: dt.datetime, ttl: int
) -> bool:
    """Take or renew the lease on ``name`` unless another live holder has it."""
    until = now + dt.timedelta(seconds=ttl)
    async with factory() as session:
        taken = await session.execute(
            update(JobLease)
            .where(JobLease.name == name, (JobLease.until < now) | (JobLease.holder == holder))
            .values(holder=holder, until=until)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            await session.commit()
            return True
        if await session.scalar(select(JobLease.name).where(JobLease.name == name)):
            return False
        session.add(JobLease(name=name, holder=holder, until=until))
        try:
            await session.commit()
        except IntegrityError:
            return False
        return True


async def run_job(
    factory: async_sessionmaker[AsyncSession], clock: Clock, job: ScheduledJob
) -> bool:
    """One tick of ``job`` in its own transaction, if this process holds the lease."""
    now = clock.now()
    if not await acquire_lease(factory, job.name, HOLDER, now, ttl=max(job.every_seconds * 2, 30)):
        return False
    async with factory() as session:
        try:
            await job.run(session, now)
            await session.commit()
        except Exception:
            await session.rollback()
            log.exception("job %s failed; it will run again on the next tick", job.name)
            return False
    return True


class Ticker:
    """Owns the AsyncIOScheduler of one process; started and stopped in the lifespan."""

    def __init__(
        self, factory: async_sessionmaker[AsyncSession], clock: Clock, jobs: list[ScheduledJob]
    ) -> None:
        self.factory = factory
        self.clock = clock
        self.jobs = jobs
        self.scheduler = AsyncIOScheduler(timezone=dt.UTC)

    def start(self) -> None:
        for job in self.jobs:
            self.scheduler.add_job(
                run_job,
                "interval",
                seconds=job.every_seconds,
                args=[self.factory, self.clock, job],
                id=job.name,
                max_instances=1,
                coalesce=True,
                next_run_time=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1),
            )
        self.scheduler.start()

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)

    async def run_all_now(self) -> None:
        """Run every job once, in order (tests in test mode, and ``roer tick``)."""
        for job in self.jobs:
            await run_job(self.factory, self.clock, job)
