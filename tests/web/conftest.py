"""Browser tests: a real ``roer serve --demo`` subprocess and Debian's Chromium via Playwright.

They skip, saying why, when /usr/bin/chromium is missing (``apt-get install chromium``).
Screenshots of the main pages go to ``test-artifacts/screenshots/``; their paths are
printed at the end of the run so that CI's log shows where to look.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SKIP_BROWSER = (
    "browser tests skipped: /usr/bin/chromium is missing "
    "(install it with `apt-get update && apt-get install -y chromium`)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAVED: list[Path] = []


@dataclass
class DemoServer:
    url: str
    database_url: str
    secrets: dict[str, str]
    env: dict[str, str] = field(default_factory=dict)

    def password(self, name: str) -> str:
        return f"roer-demo-{name}-2026"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    if not CHROMIUM.exists():
        pytest.skip(SKIP_BROWSER)
    folder = tmp_path_factory.mktemp("browser")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = f"sqlite+aiosqlite:///{folder / 'roer.db'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ROER_")},
        "PYTHONPATH": str(ROOT),
        "ROER_DATABASE_URL": database_url,
        "ROER_TEST_MODE": "true",
        "ROER_PASSWORD_HASHING": "fast",
        "ROER_SCHEDULER": "false",
        "ROER_LOG_REQUESTS": "false",
        # One browser and its test helpers share one address; the flood limit is tested apart.
        "ROER_RATE_LIMIT_REQUESTS": "0",
        "ROER_SECRET_KEY": "browser-test-secret-key-long-enough-for-hs256",
        "ROER_ALLOWED_ORIGINS": url,
    }
    log = folder / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--demo", "--port", str(port)],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"server did not start:\n{log.read_text()}")
        found = re.findall(r"\s(\w+)\s+wachtwoord: \S+\s+2FA-geheim: (\w+)", log.read_text())
        yield DemoServer(url, database_url, dict(found), env)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# Module scope: Playwright's sync API runs an event loop in the main thread while it is
# open, which the asyncio tests that follow must not find there.
@pytest.fixture(scope="module")
def browser(demo_server: DemoServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def run(coro: Any) -> Any:
    """Database set-up from the test process (the server runs in another process).

    In a thread of its own: Playwright's sync API keeps an event loop in this one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SAVED.append(path)
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SAVED:
        terminalreporter.write_sep("-", "console screenshots")
        for path in SAVED:
            terminalreporter.write_line(str(path))
