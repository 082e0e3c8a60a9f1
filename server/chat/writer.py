"""The per-process chat writer: concurrent sends share one transaction (group commit).

Every send — a websocket ``send`` frame or ``POST /conversations/{id}/messages`` — is
screened by its sender and queued here. One task takes everything that is waiting (up to
``MAX_BATCH``), stores it with ``service.send_batch`` (seqs from the locked counters, one
multi-row insert), commits ONCE, and only then publishes the frames and answers each
waiting sender. Persist, then publish: an ack never goes out before the commit that
holds its message.

Failures: a batch that fails before its commit (a unique constraint as the backstop, or
anything else) is rolled back and retried message by message, so one bad message never
loses the others. A failed commit fails every send of that batch (error frame / 503),
never acks: the senders retry with the same ``client_id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from client_api.schema import chat as api
from server.chat import service
from server.core.auth import Actor
from server.core.errors import ProblemException

log = logging.getLogger("roer.chat.writer")

MAX_BATCH = 256
UNAVAILABLE = "Je bericht is niet opgeslagen. Probeer het opnieuw."

Publish = Callable[[bytes, str], None]


def unavailable() -> ProblemException:
    return ProblemException(503, UNAVAILABLE, slug="unavailable")


@dataclass
class _Job:
    outgoing: service.Outgoing
    future: asyncio.Future[service.Sent]


class _CommitFailed(Exception):
    pass


class ChatWriter:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], max_batch: int = MAX_BATCH
    ) -> None:
        self.sessions = sessions
        self.publish: Publish = _nowhere
        self.max_batch = max_batch
        self.queue: asyncio.Queue[_Job | None] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.closed = False
        # Counters for tests and metrics: transactions committed, sends in them.
        self.commits = 0
        self.written = 0

    def start(self, publish: Publish) -> None:
        """Start in the running loop (the app's lifespan); ``publish(frame, channel)``."""
        self.publish = publish
        self.closed = False
        self.task = asyncio.create_task(self._run(), name="chat-writer")

    async def stop(self) -> None:
        """Refuse new sends, write everything already queued, then end."""
        self.closed = True
        if self.task is None:
            return
        self.queue.put_nowait(None)
        try:
            await self.task
        finally:
            self.task = None

    async def send(
        self, actor: Actor, conversation_id: str, data: api.MessageCreate, env: service.Env
    ) -> service.Sent:
        """Store one message (in the next batch) and return it once it is committed."""
        if self.closed or self.task is None:
            raise unavailable()
        outgoing = service.prepare(actor, conversation_id, data, env)
        future: asyncio.Future[service.Sent] = asyncio.get_running_loop().create_future()
        self.queue.put_nowait(_Job(outgoing, future))
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
                log.exception("chat writer failed")
                for job in batch:
                    _fail(job, unavailable())

    async def _write(self, batch: list[_Job]) -> None:
        if not batch:
            return
        try:
            results = await self._attempt(batch)
        except _CommitFailed:
            log.exception("chat batch commit failed (%d sends)", len(batch))
            for job in batch:
                _fail(job, unavailable())
            return
        except Exception:
            if len(batch) == 1:
                log.exception("chat send failed")
                _fail(batch[0], unavailable())
                return
            log.warning("chat batch of %d failed: writing one by one", len(batch), exc_info=True)
            for job in batch:
                await self._write([job])
            return
        for job, result in zip(batch, results, strict=True):
            if isinstance(result, ProblemException):
                _fail(job, result)
                continue
            for frame in result.frames:  # persist, then publish
                self.publish(frame, service.channel(result.message.conversation_id))
            if not job.future.done():
                job.future.set_result(result)

    async def _attempt(self, batch: list[_Job]) -> list[service.Sent | ProblemException]:
        async with self.sessions() as session:
            results = await service.send_batch(session, [j.outgoing for j in batch])
            await session.flush()
            try:
                await session.commit()
            except Exception as exc:
                # Whatever state that connection is in, it is not trusted again: closing it
                # ends its transaction (and SQLite's write lock) for certain.
                with contextlib.suppress(Exception):
                    await session.invalidate()
                raise _CommitFailed from exc
        self.commits += 1
        self.written += len(batch)
        return results


def _nowhere(frame: bytes, channel: str) -> None:
    raise RuntimeError("the chat writer was not started")


def _fail(job: _Job, exc: ProblemException) -> None:
    if not job.future.done():
        job.future.set_exception(exc)
        # A sender that gave up (socket gone) never reads it: do not warn about that.
        with contextlib.suppress(BaseException):
            job.future.exception()
