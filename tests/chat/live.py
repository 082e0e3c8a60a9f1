"""A real Roer server in a subprocess (``python -m server.cli serve``), for websocket tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from server.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(settings: Settings, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROER_")}
    env.update(
        {
            "ROER_DATABASE_URL": settings.database_url,
            "ROER_SECRET_KEY": settings.secret_key or "",
            "ROER_REDIS_PREFIX": settings.redis_prefix,
            "ROER_TEST_MODE": "true",
            "ROER_PASSWORD_HASHING": "fast",
            "ROER_SCHEDULER": "false",
            "ROER_LOG_REQUESTS": "false",
            # Many test clients share one address here; the flood limit has its own tests.
            "ROER_RATE_LIMIT_REQUESTS": "0",
            "ROER_HOST": "127.0.0.1",
            "ROER_PORT": str(port),
            "ROER_WS_AUTH_SECONDS": "2",
            "ROER_ALLOWED_ORIGINS": "http://127.0.0.1:8000",
            "PYTHONPATH": str(ROOT),
        }
    )
    if settings.redis_url:
        env["ROER_REDIS_URL"] = settings.redis_url
    return env


class LiveServer:
    """One server process on a fixed port, which can be killed and started again."""

    def __init__(
        self, settings: Settings, log_path: Path, extra_env: dict[str, str] | None = None
    ) -> None:
        self.settings = settings
        self.extra_env = extra_env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/api/v1/ws"
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with self.log_path.open("ab") as log:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve"],
                cwd=ROOT,
                env={**server_env(self.settings, self.port), **self.extra_env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """``kill -9``: no shutdown, no flushing, like a crashed machine."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(5)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
