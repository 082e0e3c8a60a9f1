"""Live-server fixtures: tests that need real websockets run against a server subprocess."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from server.core.clock import Clock
from server.settings import Settings
from tests.chat.live import LiveServer
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
