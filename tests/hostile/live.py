"""A real ``roer serve`` on loopback, for tests where the transport matters."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SECRET = "hostile-test-secret-that-is-long-enough-for-hs256"


@dataclass
class LiveServer:
    base: str
    host: str
    port: int
    process: subprocess.Popen[str]
    workdir: Path

    def rss_kib(self) -> int:
        """Resident memory of the server process."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def alive(self) -> bool:
        return self.process.poll() is None

    def healthy(self, timeout: float = 2.0) -> bool:
        try:
            return httpx.get(f"{self.base}/api/v1/health", timeout=timeout).status_code == 200
        except httpx.TransportError:
            return False

    def connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(workdir: Path, **settings: str) -> Iterator[LiveServer]:
    """Start the server with ``ROER_<NAME>=value`` for each setting; stop it afterwards."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ROER_") or key.startswith("ROER_TEST_")
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "ROER_DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/roer.db",
            "ROER_SECRET_KEY": SECRET,
            "ROER_PASSWORD_HASHING": "fast",
            "ROER_SCHEDULER": "false",
            "ROER_LOG_REQUESTS": "false",
        }
    )
    env.update({f"ROER_{name.upper()}": value for name, value in settings.items()})
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", "127.0.0.1", port, process, workdir)
    try:
        deadline = time.monotonic() + 60
        while not server.healthy():
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {process.communicate()[1][-3000:]}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            _, errors = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            _, errors = process.communicate()
        assert "Traceback" not in (errors or ""), errors[-4000:]
