"""The group-commit batch transaction and the in-loop reads (server/core/groupcommit.py),
on a SQLite file as the app uses it: the writer's connection and the read-only one."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from server.core.db import make_engine, make_read_engine, make_sessionmaker
from server.core.groupcommit import WRITE_LOCKED, BatchTransactions, CommitFailed, InLoopReads
from server.settings import Settings


async def _with_thread_function(engine: AsyncEngine) -> None:
    """``thread_id()`` in SQL: the thread that runs the statement."""
    async with engine.connect() as conn:
        driver: Any = (await conn.get_raw_connection()).driver_connection
        await driver.create_function("thread_id", 0, threading.get_ident)


@pytest.fixture
async def engines(tmp_path: Path) -> AsyncIterator[tuple[AsyncEngine, AsyncEngine]]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'g.db'}", secret_key="x")
    writer = make_engine(settings)
    reader = make_read_engine(settings)
    assert reader is not None
    async with writer.begin() as conn:
        await conn.execute(text("CREATE TABLE t (x INTEGER UNIQUE)"))
    await _with_thread_function(writer)
    await _with_thread_function(reader)
    yield writer, reader
    await writer.dispose()
    await reader.dispose()


async def _thread_and_count(session: AsyncSession) -> tuple[int, int]:
    row = (await session.execute(text("SELECT thread_id(), count(*) FROM t"))).one()
    return int(row[0]), int(row[1])


async def test_reads_run_in_the_loop_and_see_the_latest_commit(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    writer, reader = engines
    reads = InLoopReads(make_sessionmaker(reader))
    assert await reads.run(_thread_and_count) == (threading.get_ident(), 0)
    async with writer.begin() as conn:
        await conn.execute(text("INSERT INTO t VALUES (1)"))
    assert await reads.run(_thread_and_count) == (threading.get_ident(), 1)

    # Not on a connection of its own: the usual way, in aiosqlite's thread.
    plain = InLoopReads(make_sessionmaker(reader), in_loop=False)
    thread, count = await plain.run(_thread_and_count)
    assert thread != threading.get_ident() and count == 1


async def test_a_batch_runs_in_the_loop_holding_the_write_lock_and_commits_once(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    writer, reader = engines
    batches = BatchTransactions(make_sessionmaker(writer))
    seen: list[Any] = []

    async def work(session: AsyncSession) -> int:
        seen.append(session.info.get(WRITE_LOCKED))
        await session.execute(text("INSERT INTO t VALUES (1), (2)"))
        thread, _ = await _thread_and_count(session)
        return thread

    await batches.run(work, seen.append)
    assert seen == [True, threading.get_ident()]
    assert await InLoopReads(make_sessionmaker(reader)).run(_thread_and_count) == (
        threading.get_ident(),
        2,
    )

    # A failing batch is rolled back whole and nothing is settled.
    async def clash(session: AsyncSession) -> None:
        await session.execute(text("INSERT INTO t VALUES (3)"))
        await session.execute(text("INSERT INTO t VALUES (1)"))

    with pytest.raises(Exception, match="UNIQUE"):
        await batches.run(clash, seen.append)
    assert len(seen) == 2
    async with writer.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 2


async def test_a_failed_commit_is_commit_failed_and_settles_nothing(
    engines: tuple[AsyncEngine, AsyncEngine],
) -> None:
    writer, _ = engines
    async with writer.connect() as conn:  # deferred foreign keys fail only at COMMIT
        await conn.execute(
            text("CREATE TABLE c (p INTEGER REFERENCES t (x) DEFERRABLE INITIALLY DEFERRED)")
        )
        await conn.commit()
    batches = BatchTransactions(make_sessionmaker(writer))
    settled: list[None] = []

    async def orphan(session: AsyncSession) -> None:
        await session.execute(text("INSERT INTO c VALUES (99)"))

    with pytest.raises(CommitFailed):
        await batches.run(orphan, settled.append)
    assert settled == []
    async with writer.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM c"))).scalar() == 0
