"""Live-server fixtures: tests that need real websockets run against a server subprocess."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from server.core.clock import Clock
from server.settings import Settings
from tests.chat.live import LiveServer
from tests.conftest import POSTGRES_URL, REDIS_URL, SKIP_PG, _pg_execute
from tests.people import People


@pytest.fixture
def live_servers(settings: Settings, tmp_path: Path) -> Iterator[Callable[[], LiveServer]]:
    """Start as many server processes on the test's database as a test needs."""
    started: list[LiveServer] = []

    def start() -> LiveServer:
        server = LiveServer(settings, tmp_path / f"server{len(started)}.log")
        started.append(server)
        server.start()
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live(live_servers: Callable[[], LiveServer]) -> LiveServer:
    return live_servers()


@pytest.fixture
async def live_people(
    live: LiveServer, app: Litestar, clock: Clock, settings: Settings
) -> AsyncIterator[People]:
    """People signed in on the live server (staff made straight in its database)."""
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        yield People(app, http, clock, settings)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def shared_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """One database per test module (and backend), for tests that share a live server."""
    if request.param == "postgres" and not (POSTGRES_URL and REDIS_URL):
        pytest.skip(SKIP_PG)
    common = {
        "redis_prefix": f"roer-test-{uuid.uuid4().hex[:8]}",
        "secret_key": "test-secret-key-that-is-long-enough-for-hs256",
        "test_mode": True,
        "scheduler": False,
        "password_hashing": "fast",
        "log_requests": False,
        "rate_limit_requests": 0,
    }
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("shared") / "roer.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield Settings(database_url=f"sqlite+aiosqlite:///{path}", **common)  # type: ignore[arg-type]
        return
    assert POSTGRES_URL
    template = request.getfixturevalue("postgres_template")
    name = f"roer_s_{uuid.uuid4().hex[:12]}"
    _pg_execute(POSTGRES_URL, f"CREATE DATABASE {name} TEMPLATE {template}")
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    yield Settings(database_url=url, redis_url=REDIS_URL, **common)  # type: ignore[arg-type]
    _pg_execute(POSTGRES_URL, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def shared_live(
    shared_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server process for a whole test module: tests make their own people."""
    server = LiveServer(shared_settings, tmp_path_factory.mktemp("live") / "server.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def shared_people(
    shared_live: LiveServer, shared_settings: Settings, clock: Clock
) -> AsyncIterator[People]:
    async with httpx.AsyncClient(base_url=shared_live.url, timeout=10) as http:
        yield People(None, http, clock, shared_settings)  # type: ignore[arg-type]
