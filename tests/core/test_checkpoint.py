"""SQLite's WAL: commits never checkpoint (no pause inside a request's commit); the
``Checkpointer`` folds the WAL into the file beside the writer, so it stays small."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from server.core.db import Checkpointer, make_engine
from server.settings import Settings

ROW = "x" * 4000  # about a page per row


def _size(path: Path) -> int:
    return path.stat().st_size


async def test_commits_leave_the_wal_to_the_checkpointer(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    url = f"sqlite+aiosqlite:///{path}"
    engine = make_engine(Settings(database_url=url, secret_key="x"))
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    await engine.dispose()
    wal = Path(f"{path}-wal")

    # 1,500 pages written: SQLite's own checkpoint at 1,000 pages would have run.
    engine = make_engine(Settings(database_url=url, secret_key="x"))
    async with engine.connect() as conn:  # hold the connection: the WAL stays
        for _ in range(1500):
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": ROW})
            await conn.commit()
        grown = _size(wal)
        assert grown > 1200 * 4096

        checkpointer = Checkpointer(path)
        checkpointer.checkpoint()
        with sqlite3.connect(path) as other:  # everything in the WAL is in the file now
            busy, frames, done = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            assert busy == 0 and frames == done

        # The WAL starts over from its beginning: 1,500 more pages do not double it.
        for _ in range(1500):
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": ROW})
            await conn.commit()
        assert _size(wal) < 1.2 * grown
        await checkpointer.stop()
    await engine.dispose()


class _SlowConnection:
    """Stands in for the checkpointer's connection: a checkpoint that runs until released."""

    def __init__(self) -> None:
        self.running = threading.Event()
        self.release = threading.Event()
        self.statements = 0
        self.in_statement = False
        self.closed_during_statement = False
        self.closed = False

    def execute(self, _sql: str) -> _SlowConnection:
        self.statements += 1
        self.in_statement = True
        self.running.set()
        self.release.wait(10)
        self.in_statement = False
        return self

    def fetchall(self) -> list[object]:
        return []

    def close(self) -> None:
        self.closed_during_statement = self.in_statement
        self.closed = True


async def test_stop_waits_for_the_checkpoint_running_in_its_thread(tmp_path: Path) -> None:
    # Cancelling the task leaves the checkpoint running in its worker thread; closing the
    # connection under it crashed the process (CI: a segmentation fault at shutdown).
    slow = _SlowConnection()

    class Slow(Checkpointer):
        def _connect(self) -> sqlite3.Connection:
            return slow  # type: ignore[return-value]

    checkpointer = Slow(tmp_path / "c.db", interval=0.01)
    checkpointer.start()
    assert await asyncio.to_thread(slow.running.wait, 10)
    stopping = asyncio.create_task(checkpointer.stop())
    await asyncio.sleep(0.2)
    assert not slow.closed  # still checkpointing: stop waits
    slow.release.set()
    await stopping
    assert slow.closed and not slow.closed_during_statement

    checkpointer.checkpoint()  # after stop: nothing runs, no connection is opened again
    assert slow.statements == 1
