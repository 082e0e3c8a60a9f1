"""The per-process check-in writer: concurrent check-ins share one transaction (group commit).

A check-in is validated and screened in its request (``service.prepare``) and queued here.
One task takes everything that is waiting, stores it with ``service.store_batch`` (one
multi-row insert), commits ONCE, and only then answers each waiting request: an answer
never goes out before the commit that holds its check-in (``server/core/groupcommit.py``,
also for how a batch avoids thread hops on SQLite).

With one SQLite connection a request's own transaction costs a begin, a few statements and
a commit, each a hand-off to the driver's thread; a batch pays those once for all waiting
check-ins (bench/checkins.py; the chat writer does the same for messages).

Failures: a batch that fails before its commit (``NeedsRollback``, a constraint, anything
else) is rolled back and stored check-in by check-in, each in its own transaction, so one
bad check-in never loses the others. A failed commit fails every check-in of the batch
(503), never acknowledges one: the phones retry with the same ``client_id``.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import checkins as api
from server.checkins import service
from server.core.errors import ProblemException
from server.core.groupcommit import CommitFailed, GroupCommitWriter, Job

log = logging.getLogger("roer.checkins.writer")

UNAVAILABLE = "Je check-in is niet opgeslagen. Probeer het opnieuw."

Result = api.Checkin | ProblemException
CheckinJob = Job[service.Pending, api.Checkin]


class CheckinWriter(GroupCommitWriter[service.Pending, api.Checkin]):
    name = "checkin-writer"

    def unavailable(self) -> ProblemException:
        return ProblemException(503, UNAVAILABLE, slug="unavailable")

    def start(self) -> None:
        """Start in the running loop (the app's lifespan)."""
        self._start_task()

    async def submit(self, pending: service.Pending) -> api.Checkin:
        """Store one check-in (in the next batch) and return it once it is committed."""
        return await self._enqueue(pending)

    async def _write(self, batch: list[CheckinJob]) -> None:
        if not batch:
            return

        async def work(session: AsyncSession) -> list[Result]:
            return await service.store_batch(session, [j.item for j in batch])

        def settle(results: list[Result]) -> None:
            self._counted(len(batch))
            for job, result in zip(batch, results, strict=True):
                self._answer(job, result)

        try:
            await self.transactions.run(work, settle)
        except CommitFailed:
            log.exception("check-in batch commit failed (%d check-ins)", len(batch))
            for job in batch:
                self._fail(job, self.unavailable())
        except Exception as exc:
            if not isinstance(exc, service.NeedsRollback):
                log.warning("check-in batch of %d failed: one by one", len(batch), exc_info=True)
            for job in batch:
                await self._write_one(job)

    async def _write_one(self, job: CheckinJob) -> None:
        """The check-in alone in its own transaction; a problem rolls back what it changed."""

        async def work(session: AsyncSession) -> api.Checkin:
            return await service.store(session, job.item)

        def settle(result: api.Checkin) -> None:
            self._counted(1)
            self._answer(job, result)

        try:
            await self.transactions.run(work, settle)
        except ProblemException as refused:  # rolled back: the check-in was refused (409, 422)
            self._fail(job, refused)
        except CommitFailed:
            log.exception("check-in commit failed")
            self._fail(job, self.unavailable())
        except Exception:
            log.exception("check-in failed")
            self._fail(job, self.unavailable())
