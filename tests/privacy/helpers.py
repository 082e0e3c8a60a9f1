"""Looking inside the database the way an auditor would: raw file bytes, every text column."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from server.core.db import make_engine
from server.privacy.erasure import SCRUBBED_TABLES
from server.settings import Settings
from tests.people import People


def sqlite_bytes_contain(path: Path, needle: str) -> list[str]:
    """Checkpoint the WAL into the file (truncating it), then search the raw bytes of the
    database file and its -wal file. Returns the files that still hold ``needle``."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    found = []
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        if candidate.exists() and needle.encode() in candidate.read_bytes():
            found.append(candidate.name)
    return found


async def rows_containing(session: AsyncSession, needle: str) -> list[str]:
    """Every table.column (text or varchar, any backend) with a row holding ``needle``."""
    dialect = session.bind.dialect.name
    columns: list[tuple[str, str]] = []
    if dialect == "postgresql":
        result = await session.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' "
                "AND data_type IN ('text', 'character varying', 'character')"
            )
        )
        columns = [(t, c) for t, c in result]
    else:
        tables = await session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        for (table,) in tables.all():
            info = await session.execute(text(f'PRAGMA table_info("{table}")'))
            columns += [(table, row[1]) for row in info if "CHAR" in row[2] or "TEXT" in row[2]]
    hits = []
    for table, column in columns:
        count = await session.scalar(
            text(f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE :needle'),
            {"needle": f"%{needle}%"},
        )
        if count:
            hits.append(f"{table}.{column}")
    return hits


async def assert_gone_everywhere(
    people: People, settings: Settings, needle: str, present: str
) -> None:
    """No row anywhere holds ``needle``; on SQLite not even the file's bytes; on PostgreSQL
    the tables are vacuumed so no dead tuple keeps it either. ``present`` is a text that is
    still stored: the search must find it, or it proves nothing."""
    async with people.db() as session:
        assert await rows_containing(session, needle) == []
        assert await rows_containing(session, present) != []
    if settings.is_sqlite:
        path = settings.sqlite_path()
        assert path is not None
        assert sqlite_bytes_contain(path, needle) == []
        assert sqlite_bytes_contain(path, present) != []
    else:
        await vacuum(settings)


async def vacuum(settings: Settings) -> None:
    engine = make_engine(settings)
    try:
        async with engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in SCRUBBED_TABLES:
                await auto.exec_driver_sql(f"VACUUM {table}")
    finally:
        await engine.dispose()
