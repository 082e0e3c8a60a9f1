"""Shared pieces of the benchmarks: server processes, a lean HTTP load generator, figures.

The load generator is a minimal keep-alive HTTP/1.1 client on raw asyncio streams (no
httpx on the hot path), so that on a 2-core machine the bench process spends as little of
the second core as it can while the server process uses the first.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import resource
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-that-is-long-enough-for-hs256-signing"
PASSWORD = "een lange zin als wachtwoord voor de benchmark"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def server_env(database_url: str, port: int, **extra: str) -> dict[str, str]:
    """Environment of a Roer server process for the benchmarks (this checkout's code)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROER_")}
    env.update(
        ROER_DATABASE_URL=database_url,
        ROER_SECRET_KEY=SECRET,
        ROER_PASSWORD_HASHING="fast",
        ROER_SCHEDULER="false",
        ROER_LOG_REQUESTS="false",
        # All load comes from one address: the per-address flood limit would measure itself.
        ROER_RATE_LIMIT_REQUESTS="0",
        ROER_HOST="127.0.0.1",
        ROER_PORT=str(port),
        ROER_ACCESS_TOKEN_MINUTES="240",
        ROER_WS_SEND_QUEUE="1024",
        # The bench's youths post more than a new member may (setup, not measured).
        ROER_FORUM_NEW_MEMBER_POSTS_PER_HOUR="100000",
        ROER_FORUM_POSTS_PER_HOUR="100000",
    )
    env.update(extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


class Server:
    """A server subprocess (Roer via ``python -m server.cli serve``, or any command)."""

    def __init__(self, argv: list[str], env: dict[str, str], port: int, log: Path) -> None:
        self.argv, self.env, self.port, self.log = argv, env, port, log
        self.proc: subprocess.Popen[bytes] | None = None

    @classmethod
    def roer(cls, database_url: str, folder: Path, name: str = "roer", **extra: str) -> Server:
        port = free_port()
        argv = [sys.executable, "-m", "server.cli", "serve"]
        return cls(argv, server_env(database_url, port, **extra), port, folder / f"{name}.log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self, health: str = "/api/v1/health", wait_s: float = 90.0) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(  # noqa: ASYNC220 (starting it does not block)
                self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + wait_s
        async with httpx.AsyncClient() as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
                try:
                    if (await http.get(self.url + health, timeout=1)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


# --- HTTP load ----------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection. Like any HTTP client it does not reuse a
    connection idle longer than the server keeps it (uvicorn: 5 s), and it sends a request
    again on a new connection once when a reused one turns out closed before any answer."""

    IDLE_S = 4.0

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used_at = 0.0

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is not None and time.monotonic() - self.used_at > self.IDLE_S:
            await self.close()
        reused = self.writer is not None
        try:
            return await self._exchange(raw)
        except (ConnectionError, asyncio.IncompleteReadError) as exc:
            stale = isinstance(exc, ConnectionError) or not exc.partial
            if not (reused and stale):
                raise
            await self.close()
            return await self._exchange(raw)

    async def _exchange(self, raw: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line.split(b":", 1)[1])
        body = await self.reader.readexactly(length)
        self.used_at = time.monotonic()
        if b"connection: close" in head.lower():
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def get_request(port: int, path: str, token: str | None = None) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}\r\n".encode()


def post_request(port: int, path: str, body: bytes, token: str | None = None) -> bytes:
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@dataclass
class Figures:
    """Latencies (s) of the requests that succeeded, and the failures, over ``elapsed``."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def add(self, status: int, seconds: float, ok: tuple[int, ...] = (200, 201)) -> None:
        if status in ok:
            self.latencies.append(seconds)
        else:
            self.errors += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def summary(self) -> dict[str, Any]:
        return {
            "requests": len(self.latencies),
            "errors": self.errors,
            "error_statuses": dict(self.statuses),
            "per_second": round(len(self.latencies) / self.elapsed, 1) if self.elapsed else 0.0,
            "p50_ms": round(percentile(self.latencies, 0.50) * 1000, 2),
            "p99_ms": round(percentile(self.latencies, 0.99) * 1000, 2),
        }


async def closed_loop(
    port: int, make: Callable[[int], bytes], connections: int, duration_s: float
) -> dict[str, Any]:
    """``connections`` clients sending back to back for ``duration_s`` (the most it does)."""
    figures = Figures()
    start = time.perf_counter()
    deadline = start + duration_s

    async def client(index: int) -> None:
        conn = Connection(port)
        try:
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    status, _ = await conn.request(make(index))
                except (OSError, asyncio.IncompleteReadError):
                    status = 599
                    await conn.close()
                figures.add(status, time.perf_counter() - began)
        finally:
            await conn.close()

    await asyncio.gather(*(client(i) for i in range(connections)))
    figures.elapsed = time.perf_counter() - start
    return figures.summary()


async def paced(
    port: int,
    make: Callable[[int], bytes],
    rate: float,
    duration_s: float,
    figures: Figures,
    *,
    max_connections: int = 64,
) -> None:
    """Open loop: requests due at ``rate``/s for ``duration_s``; latency counts from when each
    was due (no coordinated omission). Up to ``max_connections`` in flight."""
    pool: list[Connection] = []
    start = time.perf_counter()
    total = int(rate * duration_s)
    sem = asyncio.Semaphore(max_connections)

    async def one(index: int, due: float) -> None:
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        async with sem:
            conn = pool.pop() if pool else Connection(port)
            try:
                status, _ = await conn.request(make(index))
                pool.append(conn)
            except (OSError, asyncio.IncompleteReadError):
                status = 599
                await conn.close()
            figures.add(status, time.perf_counter() - due)

    await asyncio.gather(*(one(i, start + i / rate) for i in range(total)))
    figures.elapsed += time.perf_counter() - start
    for conn in pool:
        await conn.close()


# --- users straight in the database (setup, not measured) -------------------------------


@dataclass
class Bootstrapped:
    casemanager_tokens: list[str]
    youth_tokens: list[str]
    youth_ids: list[str]
    conversations: list[str]  # the youth conversation of each youth's case


async def bootstrap(
    database_url: str,
    youths: int,
    *,
    youths_per_casemanager: int = 50,
    birth_date: dt.date = dt.date(2008, 3, 1),
    conversations: bool = True,
    prefix: str = "b",
) -> Bootstrapped:
    """Youths in cases of casemanagers (with two-factor sessions), made with the services'
    models in a few transactions, signed in by minting tokens for real sessions."""
    from server.accounts.models import AuthSession, Case, User
    from server.accounts.service import ensure_organisation
    from server.chat.service import ensure_conversations
    from server.core import security
    from server.core.auth import Actor
    from server.core.db import make_engine, make_sessionmaker, new_id
    from server.core.migrate import upgrade
    from server.settings import Settings

    engine = make_engine(Settings(database_url=database_url, secret_key=SECRET))
    await upgrade(engine)
    now = dt.datetime.now(dt.UTC)
    pw_hash = await security.hash_password(PASSWORD, "fast")
    tag = uuid.uuid4().hex[:6]

    def session_for(user_id: str, mfa: bool) -> AuthSession:
        return AuthSession(
            id=new_id(), user_id=user_id, refresh_hash=security.digest(security.opaque_secret()),
            mfa=mfa, created_at=now, last_used_at=now, expires_at=now + dt.timedelta(days=1),
        )  # fmt: skip

    def token(user_id: str, session_id: str, role: str, mfa: bool) -> str:
        return security.make_access_token(
            secret=SECRET, user_id=user_id, session_id=session_id, role=role, mfa=mfa,
            minutes=240,
        )  # fmt: skip

    result = Bootstrapped([], [], [], [])
    cms: list[Actor] = []
    async with make_sessionmaker(engine)() as session:
        org = await ensure_organisation(session, "Bench", now)
        for start in range(0, youths, youths_per_casemanager):
            cm = User(
                id=new_id(), role="casemanager", username=f"{prefix}cm{tag}{start}",
                password_hash=pw_hash, display_name=f"Casemanager {start}",
                organisation_id=org.id, totp_enabled=False, created_at=now,
            )  # fmt: skip
            sess = session_for(cm.id, True)
            later: list[Any] = [sess]
            session.add(cm)
            result.casemanager_tokens.append(token(cm.id, sess.id, "casemanager", True))
            cms.append(
                Actor(
                    id=cm.id,
                    role="casemanager",
                    session_id=sess.id,
                    mfa=True,
                    birth_date=None,
                    organisation_id=org.id,
                    display_name=cm.display_name,
                    username=cm.username,
                )
            )
            for i in range(start, min(youths, start + youths_per_casemanager)):
                youth = User(
                    id=new_id(), role="youth", username=f"{prefix}y{tag}{i}",
                    password_hash=pw_hash, birth_date=birth_date, totp_enabled=False,
                    created_at=now,
                )  # fmt: skip
                ysess = session_for(youth.id, False)
                case = Case(
                    id=new_id(), label=f"bench {i}", youth_id=youth.id, casemanager_id=cm.id,
                    organisation_id=org.id, created_at=now,
                )  # fmt: skip
                session.add(youth)
                later += [ysess, case]
                result.youth_tokens.append(token(youth.id, ysess.id, "youth", False))
                result.youth_ids.append(youth.id)
            await session.flush()  # users first: the unit of work does not order by FK
            session.add_all(later)
            await session.flush()
        if conversations:
            from sqlalchemy import select

            from server.chat.models import Conversation

            for actor in cms:
                await ensure_conversations(session, actor, now)
            await session.flush()
            rows = await session.execute(
                select(Case.youth_id, Conversation.id)
                .join(Conversation, Conversation.case_id == Case.id)
                .where(Conversation.kind == "youth")
            )
            by_youth = dict(rows.tuples().all())
            result.conversations = [by_youth[y] for y in result.youth_ids]
        await session.commit()
    await engine.dispose()
    return result


def loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "n/a"
