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

SQLite (aiosqlite): SQLAlchemy's adapter makes 3–4 hops to aiosqlite's thread per
statement (cursor, execute, fetchall, close), ~25 per batch; under load each hop waits for
the OS scheduler, and that was the tail of delivery latency. So a batch takes the pooled
connection as usual and runs the same ``service.send_batch`` on that connection's
``sqlite3`` connection directly, in the event loop (a sync SQLAlchemy engine over it,
behind an ``AsyncSession`` whose database calls then never suspend): ``BEGIN IMMEDIATE`` first,
without waiting (if another process holds the write lock, the wait happens in
aiosqlite's thread, never in the loop), so no statement after it can wait for a lock and
each takes microseconds. The commit goes through the pooled connection (one hop; the
engine's commit events fire, and a WAL checkpoint never runs in the loop); the pool's
reset when the connection goes back is the other hop, after the senders are answered.
PostgreSQL (asyncpg) has no thread hops and keeps the plain session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

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
        bind = sessions.kw.get("bind")
        self.engine: AsyncEngine | None = (
            bind if isinstance(bind, AsyncEngine) and bind.dialect.driver == "aiosqlite" else None
        )
        self._lent: _LentEngine | None = None

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
        settled: list[bool] = []
        try:
            await self._attempt(batch, settled)
        except _CommitFailed:
            log.exception("chat batch commit failed (%d sends)", len(batch))
            for job in batch:
                _fail(job, unavailable())
        except Exception:
            if settled:  # committed: never written again (nor published twice)
                log.exception("chat writer: failure after a commit")
                for job in batch:
                    _fail(job, unavailable())  # only those not answered yet
                return
            if len(batch) == 1:
                log.exception("chat send failed")
                _fail(batch[0], unavailable())
                return
            log.warning("chat batch of %d failed: writing one by one", len(batch), exc_info=True)
            for job in batch:
                await self._write([job])

    def _settle(self, batch: list[_Job], results: list[service.Sent | ProblemException]) -> None:
        """After the commit (persist, then publish): publish the frames, answer the senders.

        Done before the connection goes back to the pool, whose reset is one more round
        trip (or thread hop) that nobody needs to wait for.
        """
        self.commits += 1
        self.written += len(batch)
        for job, result in zip(batch, results, strict=True):
            if isinstance(result, ProblemException):
                _fail(job, result)
                continue
            for frame in result.frames:
                self.publish(frame, service.channel(result.message.conversation_id))
            if not job.future.done():
                job.future.set_result(result)

    async def _attempt(self, batch: list[_Job], settled: list[bool]) -> None:
        if self.engine is not None and await self._attempt_sqlite(self.engine, batch, settled):
            return
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
            settled.append(True)
            self._settle(batch, results)

    async def _attempt_sqlite(
        self, engine: AsyncEngine, batch: list[_Job], settled: list[bool]
    ) -> bool:
        """The batch on SQLite directly on the pooled connection (see the module); False
        if this aiosqlite does not let us (then the plain way from now on)."""
        async with engine.connect() as conn:
            await conn.begin()
            driver: Any = (await conn.get_raw_connection()).driver_connection
            raw = getattr(driver, "_connection", None)  # where SQLAlchemy's adapter finds it
            if not isinstance(raw, sqlite3.Connection):
                log.warning("aiosqlite keeps its sqlite3 connection elsewhere: plain sessions")
                self.engine = None
                return False
            if not _begin_at_once(raw):  # another process writes: wait off the loop
                await driver.execute("BEGIN IMMEDIATE")
            if self._lent is None or self._lent.raw is not raw:
                self._lent = _LentEngine(raw)
            with self._lent.engine.connect() as lent:
                session = AsyncSession(info={service.WRITE_LOCKED: True})
                session.sync_session.bind = lent
                try:
                    results = await service.send_batch(session, [j.outgoing for j in batch])
                    await session.flush()
                finally:
                    await session.close()
            try:
                await conn.commit()  # through the engine: its commit events fire
            except Exception as exc:
                with contextlib.suppress(Exception):
                    await conn.invalidate()
                raise _CommitFailed from exc
            settled.append(True)
            self._settle(batch, results)
        return True


def _begin_at_once(raw: sqlite3.Connection) -> bool:
    """``BEGIN IMMEDIATE`` if SQLite's write lock is free this moment, never waiting for it.

    In this process the writer holds the only pooled connection, so only another process
    (a CLI command, a backup) can hold the lock; then the caller waits in aiosqlite's
    thread instead, where SQLite's busy timeout may sleep.
    """
    (busy_ms,) = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        return False
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    return True


class _Lent:
    """A pooled ``sqlite3`` connection lent to one batch's sync engine.

    Its transaction belongs to the pooled (aiosqlite) connection, which begins, commits or
    rolls it back: here commit, rollback and close do nothing.
    """

    def __init__(self, raw: sqlite3.Connection) -> None:
        object.__setattr__(self, "_raw", raw)

    def cursor(self) -> sqlite3.Cursor:
        raw: sqlite3.Connection = self._raw
        return raw.cursor(_LentCursor)

    def commit(self) -> None:
        pass

    def rollback(self) -> None:
        pass

    def close(self) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._raw, name, value)


class _LentCursor(sqlite3.Cursor):
    """A plain cursor, to the ``AsyncSession`` that closes async cursors early (its rows
    are fetched in the same step anyway)."""

    async def _async_soft_close(self) -> None:
        pass


class _LentEngine:
    """A sync engine over one lent connection (made again when the pool's connection is)."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        self.engine: Engine = create_engine(
            "sqlite://", creator=lambda: _Lent(raw), poolclass=StaticPool
        )


def _nowhere(frame: bytes, channel: str) -> None:
    raise RuntimeError("the chat writer was not started")


def _fail(job: _Job, exc: ProblemException) -> None:
    if not job.future.done():
        job.future.set_exception(exc)
        # A sender that gave up (socket gone) never reads it: do not warn about that.
        with contextlib.suppress(BaseException):
            job.future.exception()
