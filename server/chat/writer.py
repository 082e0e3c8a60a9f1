"""The per-process chat writer: concurrent sends share one transaction (group commit).

Every send — a websocket ``send`` frame or ``POST /conversations/{id}/messages`` — is
screened by its sender and queued here. One task takes everything that is waiting, stores
it with ``service.send_batch`` (seqs from the locked counters, one multi-row insert),
commits ONCE, and only then publishes the frames and answers each waiting sender
(``server/core/groupcommit.py``, also for how a batch avoids thread hops on SQLite).
Persist, then publish: an ack never goes out before the commit that holds its message.

Failures: a batch that fails before its commit (a unique constraint as the backstop, or
anything else) is rolled back and retried message by message, so one bad message never
loses the others. A failed commit fails every send of that batch (error frame / 503),
never acks: the senders retry with the same ``client_id``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import chat as api
from server.chat import service
from server.core.auth import Actor
from server.core.errors import ProblemException
from server.core.groupcommit import CommitFailed, GroupCommitWriter, Job

log = logging.getLogger("roer.chat.writer")

UNAVAILABLE = "Je bericht is niet opgeslagen. Probeer het opnieuw."

Publish = Callable[[bytes, str], None]
Result = service.Sent | ProblemException
ChatJob = Job[service.Outgoing, service.Sent]


class ChatWriter(GroupCommitWriter[service.Outgoing, service.Sent]):
    name = "chat-writer"
    publish: Publish

    def unavailable(self) -> ProblemException:
        return ProblemException(503, UNAVAILABLE, slug="unavailable")

    def start(self, publish: Publish) -> None:
        """Start in the running loop (the app's lifespan); ``publish(frame, channel)``."""
        self.publish = publish
        self._start_task()

    async def send(
        self, actor: Actor, conversation_id: str, data: api.MessageCreate, env: service.Env
    ) -> service.Sent:
        """Store one message (in the next batch) and return it once it is committed."""
        if self.closed or self.task is None:
            raise self.unavailable()
        return await self._enqueue(service.prepare(actor, conversation_id, data, env))

    async def _write(self, batch: list[ChatJob]) -> None:
        if not batch:
            return
        settled: list[bool] = []

        def settle(results: list[Result]) -> None:
            settled.append(True)
            self._settle(batch, results)

        async def work(session: AsyncSession) -> list[Result]:
            return await service.send_batch(session, [j.item for j in batch])

        try:
            await self.transactions.run(work, settle)
        except CommitFailed:
            log.exception("chat batch commit failed (%d sends)", len(batch))
            for job in batch:
                self._fail(job, self.unavailable())
        except Exception:
            if settled:  # committed: never written again (nor published twice)
                log.exception("chat writer: failure after a commit")
                for job in batch:
                    self._fail(job, self.unavailable())  # only those not answered yet
                return
            if len(batch) == 1:
                log.exception("chat send failed")
                self._fail(batch[0], self.unavailable())
                return
            log.warning("chat batch of %d failed: writing one by one", len(batch), exc_info=True)
            for job in batch:
                await self._write([job])

    def _settle(
        self, batch: list[Job[service.Outgoing, service.Sent]], results: list[Result]
    ) -> None:
        """After the commit (persist, then publish): publish the frames, answer the senders."""
        self._counted(len(batch))
        for job, result in zip(batch, results, strict=True):
            if not isinstance(result, ProblemException):
                for frame in result.frames:
                    self.publish(frame, service.channel(result.message.conversation_id))
            self._answer(job, result)
