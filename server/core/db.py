"""Database engine, ORM base and the SQLAlchemy plugin configuration."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import sqlite3
import threading
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable
from pathlib import Path
from typing import Any

from litestar.datastructures import State
from sqlalchemy import DateTime, MetaData, String, TypeDecorator, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry

from server.settings import Settings

log = logging.getLogger("roer.db")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on both SQLite (which has no time zones) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[dt.datetime]:
        return dt.datetime

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime(), str: String()}


def new_id() -> str:
    return str(uuid.uuid4())


def make_engine(settings: Settings) -> AsyncEngine:
    """One engine per app. SQLite gets a single connection: one writer, WAL, no lock queue."""
    if settings.is_sqlite:
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(settings, _sqlite_pragmas)
    return create_async_engine(
        settings.database_url, pool_size=10, max_overflow=10, pool_pre_ping=True
    )


def make_read_engine(settings: Settings) -> AsyncEngine | None:
    """SQLite on a file: a second single connection for short reads next to the writer's
    (WAL lets it read while a transaction writes), which never writes (``query_only``).
    None otherwise: the one engine serves reads too."""
    if not settings.is_sqlite or settings.sqlite_path() is None:
        return None
    return _sqlite_engine(settings, _read_only_pragmas)


def _sqlite_engine(
    settings: Settings, pragmas: Callable[[Any, ConnectionPoolEntry, int], None]
) -> AsyncEngine:
    """A single-connection SQLite engine whose connections get ``pragmas`` when made."""
    engine = create_async_engine(
        settings.database_url,
        pool_size=1,
        max_overflow=0,
        pool_timeout=30,
        connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
    )
    busy_ms = int(settings.sqlite_busy_timeout_ms)

    def on_connect(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        pragmas(dbapi_connection, record, busy_ms)

    event.listen(engine.sync_engine, "connect", on_connect)
    return engine


def _read_only_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry, busy_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    # Deleted or overwritten content is zeroed on disk, so a corrected text cannot be
    # recovered from free pages of the database file.
    cursor.execute("PRAGMA secure_delete=ON")
    # No checkpoint inside a commit (it copies the WAL into the file and syncs it: a pause
    # for every request waiting on that commit); ``Checkpointer`` does it beside the writer.
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


class Checkpointer:
    """Folds SQLite's WAL into the database file every ``interval`` seconds, on a
    connection of its own in a worker thread, beside the writer (whose connection does
    not checkpoint: ``_sqlite_pragmas``). A PASSIVE checkpoint never waits for the writer
    or the readers and they never wait for it; the WAL restarts from its beginning once
    everything in it is in the file, so it stays small.

    Cancelling the task does not stop a checkpoint already running in its thread, so the
    connection is only ever used under ``_lock``: ``stop`` closes it after that checkpoint
    is done (closing a ``sqlite3`` connection while another thread runs a statement on it
    crashes the process), and a checkpoint that starts after ``stop`` does nothing."""

    def __init__(self, path: Path, interval: float = 1.0) -> None:
        self.path = path
        self.interval = interval
        self.task: asyncio.Task[None] | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        self._closed = False
        self.task = asyncio.create_task(self._run(), name="sqlite-checkpointer")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None
        await asyncio.to_thread(self._close)

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 0")
        return conn

    def checkpoint(self) -> None:
        with self._lock:
            if self._closed:
                return
            if self._conn is None:
                self._conn = self._connect()
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _close(self) -> None:
        with self._lock:  # waits for a checkpoint still running in its thread
            self._closed = True
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await asyncio.to_thread(self.checkpoint)
            except sqlite3.Error:  # busy or locked this time: the next round catches up
                log.debug("WAL checkpoint skipped", exc_info=True)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


AfterCommit = Callable[[], Awaitable[None]]


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run ``callback`` once the request's transaction is committed (persist, then publish)."""
    session.info.setdefault("after_commit", []).append(callback)


async def run_after_commit(session: AsyncSession) -> None:
    await run_callbacks(session.info.pop("after_commit", []))


async def run_callbacks(callbacks: list[AfterCommit]) -> None:
    """The after-commit callbacks of a committed transaction, each on its own."""
    for callback in callbacks:
        try:
            await callback()
        except Exception:
            # What was committed stays committed; listeners catch up by resuming.
            log.exception("after-commit callback failed")


async def provide_db_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """One session and transaction per request, committed before the response is sent.

    Advanced-alchemy's ``autocommit`` handler commits while the response is already on its
    way and swallows a failed commit, so a client could be told "stored" when nothing was.
    Committing here, in the dependency's cleanup, runs before the response is sent: a failed
    commit becomes a 503 problem instead of a false success, and any error rolls back.
    """
    factory: async_sessionmaker[AsyncSession] = state.sessionmaker
    async with factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        # No transaction: nothing was read or written since the last commit or rollback
        # (adding an object begins one), so there is nothing to commit.
        if session.in_transaction():
            try:
                await session.commit()
            except BaseException:
                # A failed COMMIT can leave the driver's transaction open with this request's
                # writes in it, and the pool would hand that on to the next request (whose
                # commit would store them). Closing the connection ends it for certain.
                with contextlib.suppress(Exception):
                    await session.invalidate()
                raise
        await run_after_commit(session)
