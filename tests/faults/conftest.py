"""Fault tests: real server processes (``python -m server.cli serve``) killed, restarted,
and cut off from Redis. Each test is bounded (well under a minute)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest

from server.core.clock import Clock
from server.settings import Settings
from tests.chat.live import LiveServer, free_port
from tests.people import People

# The writers post more forum messages than a new member may per hour.
FAULT_ENV = {
    "ROER_FORUM_NEW_MEMBER_POSTS_PER_HOUR": "100000",
    "ROER_FORUM_POSTS_PER_HOUR": "100000",
}


@pytest.fixture
def servers(settings: Settings, tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start server processes on the test's database (``settings`` may be overridden)."""
    started: list[LiveServer] = []

    def start(with_settings: Settings | None = None) -> LiveServer:
        server = LiveServer(
            with_settings or settings, tmp_path / f"server{len(started)}.log", FAULT_ENV
        )
        started.append(server)
        server.start(timeout=60)  # a busy CI machine starts slowly
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
async def people_on(
    settings: Settings, clock: Clock
) -> AsyncIterator[Callable[[LiveServer], People]]:
    """People signed in on a live server (staff made straight in its database)."""
    clients: list[httpx.AsyncClient] = []

    def make(server: LiveServer) -> People:
        http = httpx.AsyncClient(base_url=server.url, timeout=10)
        clients.append(http)
        return People(None, http, clock, settings)  # type: ignore[arg-type]

    yield make
    for http in clients:
        await http.aclose()


class RedisProcess:
    """A private ``redis-server`` on a free port (never the shared one), killable."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--daemonize", "no"],
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


@pytest.fixture
def private_redis(backend: str, tmp_path: Path) -> Iterator[RedisProcess]:
    """Scale-out mode only (PostgreSQL): the test's own Redis, which it may kill."""
    if backend != "postgres":
        pytest.skip("scale-out mode needs PostgreSQL (ROER_TEST_POSTGRES_URL)")
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed: the Redis fault test starts its own")
    redis = RedisProcess(tmp_path / "redis.log")
    redis.start()
    yield redis
    redis.kill()
