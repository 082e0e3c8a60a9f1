"""Fixtures: settings → app → client, over a migrated SQLite file or PostgreSQL database.

Every test gets a fresh database made from a template that was migrated once per run and
xdist worker (copying a file, or ``CREATE DATABASE … TEMPLATE``), so tests run the real
migrations without paying for them each time. With ``ROER_TEST_POSTGRES_URL`` and
``ROER_TEST_REDIS_URL`` set, every test also runs on PostgreSQL with Redis.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from client_api.client import RoerClient
from server.app import create_app
from server.core.clock import Clock, utcnow
from server.core.db import make_engine, make_sessionmaker
from server.core.migrate import upgrade
from server.guidance import service as guidance_service
from server.settings import Settings
from tests.people import People

POSTGRES_URL = os.environ.get("ROER_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("ROER_TEST_REDIS_URL")
SKIP_PG = (
    "PostgreSQL+Redis run skipped: set ROER_TEST_POSTGRES_URL and ROER_TEST_REDIS_URL "
    "(.ci/run does) to run every test on PostgreSQL with Redis as well"
)


def _migrate(url: str) -> None:
    """Migrate a template database once per run, with the guidance search index built, so
    that each test's copy starts without rebuilding it."""

    async def run() -> None:
        engine = make_engine(Settings(database_url=url, secret_key="x"))
        try:
            await upgrade(engine)
            await guidance_service.start(make_sessionmaker(engine), utcnow())
        finally:
            await engine.dispose()

    asyncio.run(run())


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _pg_execute(url: str, *statements: str) -> None:
    async def run() -> None:
        engine = create_async_engine(_admin_url(url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                for statement in statements:
                    await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    assert POSTGRES_URL
    name = f"roer_tpl_{uuid.uuid4().hex[:10]}"
    _pg_execute(POSTGRES_URL, f"CREATE DATABASE {name}")
    _migrate(POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}")
    yield name
    _pg_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and not (POSTGRES_URL and REDIS_URL):
        pytest.skip(SKIP_PG)
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "roer.db"
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    assert POSTGRES_URL
    template = request.getfixturevalue("postgres_template")
    name = f"roer_t_{uuid.uuid4().hex[:12]}"
    _pg_execute(POSTGRES_URL, f"CREATE DATABASE {name} TEMPLATE {template}")
    yield POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    _pg_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(backend: str, database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        redis_url=REDIS_URL if backend == "postgres" else None,
        redis_prefix=f"roer-test-{uuid.uuid4().hex[:8]}",
        secret_key="test-secret-key-that-is-long-enough-for-hs256",
        test_mode=True,
        scheduler=False,
        password_hashing="fast",
        log_requests=False,
        # Builders make many requests at once from one test client; the flood limit has
        # its own tests (tests/hostile).
        rate_limit_requests=0,
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(tz=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> Litestar:
    return create_app(settings, clock)


@pytest.fixture
async def http(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as client:
        yield client


@pytest.fixture
def anon(http: AsyncTestClient[Litestar]) -> RoerClient:
    """A client that is not signed in."""
    return RoerClient(http)


@pytest.fixture
def people(
    app: Litestar, http: AsyncTestClient[Litestar], clock: Clock, settings: Settings
) -> People:
    return People(app, http, clock, settings)
