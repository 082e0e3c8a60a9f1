"""SQLite's WAL: commits never checkpoint (no pause inside a request's commit); the
``Checkpointer`` folds the WAL into the file beside the writer, so it stays small."""

from __future__ import annotations

import sqlite3
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
