"""The per-process check-in writer: concurrent check-ins share one transaction (group commit).

A check-in is validated and screened in its request (``service.prepare``) and queued here.
One task takes everything that is waiting (up to ``MAX_BATCH``), stores it with
``service.store_batch`` (one multi-row insert), commits ONCE, and only then answers each
waiting request: an answer never goes out before the commit that holds its check-in.

With one SQLite connection a request's own transaction costs a begin, a few statements and
a commit, each a hand-off to the driver's thread; a batch pays those once for all waiting
check-ins (bench/checkins.py; the chat writer does the same for messages).

Failures: a batch that fails before its commit (``NeedsRollback``, a constraint, anything
else) is rolled back and stored check-in by check-in, each in its own transaction, so one
bad check-in never loses the others. A failed commit fails every check-in of the batch
(503), never acknowledges one: the phones retry with the same ``client_id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from client_api.schema import checkins as api
from server.checkins import service
from server.core.db import run_after_commit
from server.core.errors import ProblemException

log = logging.getLogger("roer.checkins.writer")

MAX_BATCH = 256
UNAVAILABLE = "Je check-in is niet opgeslagen. Probeer het opnieuw."

Result = api.Checkin | ProblemException


def unavailable() -> ProblemException:
    return ProblemException(503, UNAVAILABLE, slug="unavailable")


@dataclass
class _Job:
    pending: service.Pending
    future: asyncio.Future[api.Checkin]


class _CommitFailed(Exception):
    pass


class CheckinWriter:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], max_batch: int = MAX_BATCH
    ) -> None:
        self.sessions = sessions
        self.max_batch = max_batch
        self.queue: asyncio.Queue[_Job | None] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.closed = False
        # Counters for tests and metrics: transactions committed, check-ins in them.
        self.commits = 0
        self.written = 0

    def start(self) -> None:
        """Start in the running loop (the app's lifespan)."""
        self.closed = False
        self.task = asyncio.create_task(self._run(), name="checkin-writer")

    async def stop(self) -> None:
        """Refuse new check-ins, store everything already queued, then end."""
        self.closed = True
        if self.task is None:
            return
        self.queue.put_nowait(None)
        try:
            await self.task
        finally:
            self.task = None

    async def submit(self, pending: service.Pending) -> api.Checkin:
        """Store one check-in (in the next batch) and return it once it is committed."""
        if self.closed or self.task is None:
            raise unavailable()
        future: asyncio.Future[api.Checkin] = asyncio.get_running_loop().create_future()
        self.queue.put_nowait(_Job(pending, future))
        return await future

    async def _run(self) -> None:
        stopping = False
        while not stopping:
            first = await self.queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self.max_batch and not self.queue.empty():
                job = self.queue.get_nowait()
                if job is None:
                    stopping = True
                    break
                batch.append(job)
            try:
                await self._write([j for j in batch if not j.future.done()])
            except Exception:  # never let the writer die: fail what is still waiting
                log.exception("check-in writer failed")
                for job in batch:
                    _fail(job, unavailable())

    async def _write(self, batch: list[_Job]) -> None:
        if not batch:
            return
        try:
            results = await self._attempt(batch)
        except _CommitFailed:
            log.exception("check-in batch commit failed (%d check-ins)", len(batch))
            for job in batch:
                _fail(job, unavailable())
            return
        except Exception as exc:
            if not isinstance(exc, service.NeedsRollback):
                log.warning("check-in batch of %d failed: one by one", len(batch), exc_info=True)
            for job in batch:
                await self._write_one(job)
            return
        for job, result in zip(batch, results, strict=True):
            _settle(job, result)

    async def _attempt(self, batch: list[_Job]) -> list[Result]:
        async with self.sessions() as session:
            results = await service.store_batch(session, [j.pending for j in batch])
            await self._commit(session)
            await run_after_commit(session)
        self.commits += 1
        self.written += len(batch)
        return results

    async def _write_one(self, job: _Job) -> None:
        """The check-in alone in its own transaction; a problem rolls back what it changed."""
        try:
            async with self.sessions() as session:
                try:
                    result: Result = await service.store(session, job.pending)
                except ProblemException as problem:
                    await session.rollback()
                    _settle(job, problem)
                    return
                await self._commit(session)
                await run_after_commit(session)
        except _CommitFailed:
            log.exception("check-in commit failed")
            _fail(job, unavailable())
            return
        except Exception:
            log.exception("check-in failed")
            _fail(job, unavailable())
            return
        self.commits += 1
        self.written += 1
        _settle(job, result)

    @staticmethod
    async def _commit(session: AsyncSession) -> None:
        try:
            await session.commit()
        except Exception as exc:
            # Whatever state that connection is in, it is not trusted again: closing it
            # ends its transaction (and SQLite's write lock) for certain.
            with contextlib.suppress(Exception):
                await session.invalidate()
            raise _CommitFailed from exc


def _settle(job: _Job, result: Result) -> None:
    if isinstance(result, ProblemException):
        _fail(job, result)
    elif not job.future.done():
        job.future.set_result(result)


def _fail(job: _Job, exc: ProblemException) -> None:
    if not job.future.done():
        job.future.set_exception(exc)
        # A request that gave up (client gone) never reads it: do not warn about that.
        with contextlib.suppress(BaseException):
            job.future.exception()
