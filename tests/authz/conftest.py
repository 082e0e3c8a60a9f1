"""The matrix posts more than a new forum member may in an hour; that limit has its own
tests (tests/forum), so here it is out of the way."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import msgspec
import pytest
from litestar import Litestar

from server.core.clock import Clock
from server.settings import Settings
from tests.chat.live import LiveServer
from tests.people import People


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return msgspec.structs.replace(
        settings,
        forum_new_member_posts_per_hour=1000,
        forum_posts_per_hour=1000,
        metrics_token="matrix-scraper-token",
    )


@pytest.fixture
def live(settings: Settings, tmp_path: Path) -> Iterator[LiveServer]:
    """A server process on the test's database, for the websocket (with the same limits)."""
    server = LiveServer(
        settings,
        tmp_path / "server.log",
        extra_env={"ROER_FORUM_NEW_MEMBER_POSTS_PER_HOUR": "1000"},
    )
    server.start(timeout=90)  # start-up migrates; slow when the machine is busy
    yield server
    server.stop()


@pytest.fixture
async def live_people(
    live: LiveServer, app: Litestar, clock: Clock, settings: Settings
) -> AsyncIterator[People]:
    """People signed in on the live server (staff made straight in its database)."""
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        yield People(app, http, clock, settings)  # type: ignore[arg-type]
