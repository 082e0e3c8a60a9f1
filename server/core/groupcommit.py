"""Group commit: a per-process writer task that stores everything waiting in one transaction.

The chat writer (messages) and the check-in writer (answers) are built on this. Requests
validate their write and queue it here; one task takes everything that is waiting (up to
``max_batch``), stores it in one transaction, commits ONCE and only then answers each
waiting request: an answer never goes out before the commit that holds its write.

Where the batch runs (``BatchTransactions``):

- SQLite (aiosqlite): SQLAlchemy's adapter makes 3–4 hops to aiosqlite's thread per
  statement (cursor, execute, fetchall, close), ~25 for a batch; under load each hop waits
  for the OS scheduler, and that was the tail of the latency. So a batch takes the pooled
  connection as usual and runs on that connection's ``sqlite3`` connection directly, in
  the event loop (a sync SQLAlchemy engine over it, behind an ``AsyncSession`` whose
  database calls then never suspend): ``BEGIN IMMEDIATE`` first, without waiting (if
  another process holds the write lock, the wait happens in aiosqlite's thread, never in
  the loop), so no statement after it can wait for a lock and each takes microseconds.
  The commit goes through the pooled connection (one hop; the engine's commit events
  fire, and a WAL checkpoint never runs in the loop); the pool's reset when the connection
  goes back is the other hop, after the waiting requests are answered.
- PostgreSQL (asyncpg) has no thread hops and keeps a plain session.

A failed commit raises ``CommitFailed``: the writer fails every write of that batch (503),
never acknowledges one, and the clients retry with the same ``client_id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import StaticPool

from server.core.db import AfterCommit, run_callbacks
from server.core.errors import ProblemException

log = logging.getLogger("roer.groupcommit")

MAX_BATCH = 256
# In ``session.info`` when the batch's transaction holds the database's write lock already
# (SQLite's BEGIN IMMEDIATE), so code that would take a lock first can skip that.
WRITE_LOCKED = "roer.write_locked"

T = TypeVar("T")
R = TypeVar("R")


class CommitFailed(Exception):
    pass


class _InLoop:
    """Sessions on an aiosqlite engine's pooled ``sqlite3`` connection, in the event loop."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], in_loop: bool = True) -> None:
        self.sessions = sessions
        bind = sessions.kw.get("bind")
        self.engine: AsyncEngine | None = (
            bind
            if in_loop and isinstance(bind, AsyncEngine) and bind.dialect.driver == "aiosqlite"
            else None
        )
        self._lent: _LentEngine | None = None

    async def _borrow(self, conn: AsyncConnection) -> tuple[Any, sqlite3.Connection] | None:
        """The pooled connection's aiosqlite driver and its ``sqlite3`` handle; None (and the
        usual way from now on) if this aiosqlite keeps the handle elsewhere."""
        driver: Any = (await conn.get_raw_connection()).driver_connection
        raw = getattr(driver, "_connection", None)  # where SQLAlchemy's adapter finds it
        if not isinstance(raw, sqlite3.Connection):
            log.warning("aiosqlite keeps its sqlite3 connection elsewhere: the usual way")
            self.engine = None
            return None
        if self._lent is None or self._lent.raw is not raw:
            self._lent = _LentEngine(raw)
        return driver, raw

    @contextlib.asynccontextmanager
    async def _session(self, info: dict[str, Any]) -> AsyncIterator[AsyncSession]:
        """An ``AsyncSession`` over the borrowed handle, whose calls never suspend."""
        assert self._lent is not None
        with self._lent.engine.connect() as lent:
            session = AsyncSession(info=info)
            session.sync_session.bind = lent
            try:
                yield session
            finally:
                await session.close()


class BatchTransactions(_InLoop):
    """Runs one batch in one transaction on the writer's connection (see the module)."""

    async def run(
        self, work: Callable[[AsyncSession], Awaitable[T]], settle: Callable[[T], None]
    ) -> None:
        """``work(session)`` in a transaction, flushed and committed; then ``settle(result)``
        (before the connection goes back to the pool: nobody waits for its reset), then
        the after-commit callbacks ``work`` registered. An exception from ``work`` rolls
        back and propagates; a failed commit raises ``CommitFailed``."""
        if self.engine is not None and await self._run_sqlite(self.engine, work, settle):
            return
        async with self.sessions() as session:
            result = await work(session)
            await session.flush()
            await _commit(session.commit, session.invalidate)
            callbacks: list[AfterCommit] = session.info.pop("after_commit", [])
            settle(result)
        await run_callbacks(callbacks)

    async def _run_sqlite(
        self,
        engine: AsyncEngine,
        work: Callable[[AsyncSession], Awaitable[T]],
        settle: Callable[[T], None],
    ) -> bool:
        """The batch directly on the pooled ``sqlite3`` connection; False if this aiosqlite
        does not let us (then plain sessions from now on)."""
        async with engine.connect() as conn:
            await conn.begin()
            borrowed = await self._borrow(conn)
            if borrowed is None:
                return False
            driver, raw = borrowed
            if not _begin_at_once(raw):  # another process writes: wait off the loop
                await driver.execute("BEGIN IMMEDIATE")
            async with self._session({WRITE_LOCKED: True}) as session:
                result = await work(session)
                await session.flush()
                callbacks: list[AfterCommit] = session.info.pop("after_commit", [])
            # Through the engine: its commit events fire.
            await _commit(conn.commit, conn.invalidate)
            settle(result)
        await run_callbacks(callbacks)
        return True


class InLoopReads(_InLoop):
    """Short reads on SQLite's read-only connection, run in the event loop.

    ``make_read_engine`` gives a SQLite file a second connection that only reads; with WAL a
    reader does not wait for the writer, so a short indexed read (the actor checks of
    ``server/core/deps.py``) takes microseconds in the loop instead of 4–5 hops to
    aiosqlite's thread. It never waits in the loop: the busy timeout is 0 for the read,
    and if SQLite answers "busy" (a checkpoint or recovery in another process), the read is
    done again the usual way, where any wait happens in aiosqlite's thread.

    ``in_loop`` only for a connection of its own that never writes: on the writer's
    connection a read would wait for the writer's transaction.
    """

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        if self.engine is not None:
            async with self.engine.connect() as conn:
                borrowed = await self._borrow(conn)
                if borrowed is not None:
                    try:
                        with _never_waiting(borrowed[1]):
                            async with self._session({}) as session:
                                return await work(session)
                    except OperationalError as exc:
                        if not _is_busy(exc):
                            raise
        async with self.sessions() as session:
            return await work(session)


@contextlib.contextmanager
def _never_waiting(raw: sqlite3.Connection) -> Iterator[None]:
    """SQLite's busy timeout is 0 inside: a lock held elsewhere is an error, not a wait."""
    (busy_ms,) = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")


def _is_busy(exc: Exception) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


async def _commit(
    commit: Callable[[], Awaitable[None]], invalidate: Callable[[], Awaitable[None]]
) -> None:
    try:
        await commit()
    except Exception as exc:
        # Whatever state that connection is in, it is not trusted again: closing it ends
        # its transaction (and SQLite's write lock) for certain.
        with contextlib.suppress(Exception):
            await invalidate()
        raise CommitFailed from exc


@dataclass
class Job(Generic[T, R]):
    item: T
    future: asyncio.Future[R]


class GroupCommitWriter(ABC, Generic[T, R]):
    """The queue and the task of a group-commit writer; a subclass stores a batch
    (``_write``) and says what a refused write is (``unavailable``)."""

    name = "writer"

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], max_batch: int = MAX_BATCH
    ) -> None:
        self.sessions = sessions
        self.transactions = BatchTransactions(sessions)
        self.max_batch = max_batch
        self.queue: asyncio.Queue[Job[T, R] | None] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.closed = False
        # Counters for tests and metrics: transactions committed, writes in them.
        self.commits = 0
        self.written = 0

    @abstractmethod
    def unavailable(self) -> ProblemException:
        """The 503 problem for a write that could not be stored."""

    @abstractmethod
    async def _write(self, batch: list[Job[T, R]]) -> None:
        """Store a batch and answer every job in it."""

    def _start_task(self) -> None:
        self.closed = False
        self.task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Refuse new writes, store everything already queued, then end."""
        self.closed = True
        if self.task is None:
            return
        self.queue.put_nowait(None)
        try:
            await self.task
        finally:
            self.task = None

    async def _enqueue(self, item: T) -> R:
        """Queue one write (for the next batch) and return its result once committed."""
        if self.closed or self.task is None:
            raise self.unavailable()
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self.queue.put_nowait(Job(item, future))
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
                log.exception("%s failed", self.name)
                for job in batch:
                    self._fail(job, self.unavailable())

    def _counted(self, writes: int) -> None:
        self.commits += 1
        self.written += writes

    @staticmethod
    def _fail(job: Job[T, R], exc: ProblemException) -> None:
        if not job.future.done():
            job.future.set_exception(exc)
            # A request that gave up (client gone) never reads it: do not warn about that.
            with contextlib.suppress(BaseException):
                job.future.exception()

    @staticmethod
    def _answer(job: Job[T, R], result: R | ProblemException) -> None:
        if isinstance(result, ProblemException):
            GroupCommitWriter._fail(job, result)
        elif not job.future.done():
            job.future.set_result(result)


def _begin_at_once(raw: sqlite3.Connection) -> bool:
    """``BEGIN IMMEDIATE`` if SQLite's write lock is free this moment, never waiting for it.

    In this process the writer holds the only pooled connection, so only another process
    (a CLI command, a backup) can hold the lock; then the caller waits in aiosqlite's
    thread instead, where SQLite's busy timeout may sleep.
    """
    try:
        with _never_waiting(raw):
            raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
        return False
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
