"""The database busy, locked or gone for a while: 503 problem+json with Retry-After, never a
500, nothing half-stored, and recovery by itself once the database is back."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import msgspec
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from server.settings import Settings
from tests.conftest import POSTGRES_URL
from tests.people import People, Person


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Give up on a held write lock after 0.3 s instead of 5 s, so the test is quick.
    return msgspec.structs.replace(settings, sqlite_busy_timeout_ms=300)


def auth(person: Person) -> dict[str, str]:
    return {"Authorization": f"Bearer {person.client.access_token}"}


async def put_sharing(people: People, youth: Person, level: str) -> Any:
    body = {"choices": [{"category": "big5", "audience": "parent", "level": level}]}
    return await people.http.put("/api/v1/me/sharing", json=body, headers=auth(youth))


def assert_unavailable(response: Any) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["status"] == 503
    assert "sqlite" not in response.text.lower() and "locked" not in response.text.lower()


async def big5_level(youth: Person) -> str:
    """What the youth chose for the parents' view of the BIG5 ("leeftijd" = the default)."""
    sharing = await youth.client.sharing()
    rule = next(r for r in sharing.rules if r.category == "big5" and r.audience == "parent")
    return rule.level if rule.source == "keuze" else "leeftijd"


async def test_sqlite_write_lock_held_elsewhere_gives_503_then_recovers(
    people: People, settings: Settings, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite locking")
    youth = await people.youth(16)
    before = await big5_level(youth)
    path = settings.sqlite_path()
    assert path is not None
    locker = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    try:
        locker.execute("BEGIN IMMEDIATE")  # another process writing for a long time
        for _ in range(3):
            assert_unavailable(await put_sharing(people, youth, "full"))
        # Readers are not held up by a writer (WAL).
        assert (await people.http.get("/api/v1/me", headers=auth(youth))).status_code == 200
    finally:
        locker.rollback()
        locker.close()
    assert await big5_level(youth) == before
    response = await put_sharing(people, youth, "full")
    assert response.status_code == 200, response.text
    assert await big5_level(youth) == "full"


async def test_commit_failing_in_the_session_dependency_gives_503_and_stores_nothing(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    youth = await people.youth(16)
    before = await big5_level(youth)
    dialect = people.app.state.engine.dialect
    real_commit = dialect.do_commit
    failures = {"left": 1}

    def flaky_commit(dbapi_connection: Any) -> None:
        # What the driver raises when COMMIT itself fails (SQLite busy, a dropped link).
        if failures["left"]:
            failures["left"] -= 1
            raise dialect.loaded_dbapi.OperationalError("database is locked")
        real_commit(dbapi_connection)

    monkeypatch.setattr(dialect, "do_commit", flaky_commit)
    assert_unavailable(await put_sharing(people, youth, "full"))
    assert failures["left"] == 0
    assert await big5_level(youth) == before
    response = await put_sharing(people, youth, "full")
    assert response.status_code == 200, response.text
    assert await big5_level(youth) == "full"


async def terminate_backends(database_url: str) -> int:
    name = database_url.rsplit("/", 1)[1]
    assert POSTGRES_URL
    admin = create_async_engine(
        POSTGRES_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT"
    )
    try:
        async with admin.connect() as conn:
            result = await conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            return int(result.scalar_one())
    finally:
        await admin.dispose()


async def test_postgres_connections_dropped_give_503_or_retry_then_recover(
    people: People, settings: Settings, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("PostgreSQL connections")
    youth = await people.youth(16)
    # Warm the pool with several connections, then cut them all from the server side.
    await asyncio.gather(*(youth.client.me() for _ in range(5)))
    assert await terminate_backends(settings.database_url) >= 1
    codes = []
    for _ in range(6):
        response = await put_sharing(people, youth, "full")
        if response.status_code != 200:
            assert_unavailable(response)
        codes.append(response.status_code)
        read = await people.http.get("/api/v1/me", headers=auth(youth))
        if read.status_code != 200:
            assert_unavailable(read)
        codes.append(read.status_code)
    assert codes[-2:] == [200, 200], codes
    assert await big5_level(youth) == "full"
