"""Benchmark of ``POST /api/v1/checkins`` against the bare limit of the database below it.

    python -m bench.checkins [--duration 15] [--clients 200]

Starts a real server process (``roer serve``: uvicorn on 127.0.0.1, a free port, a SQLite
file in a temporary folder), signs up one youth per client and measures, in one run:

1. **bare**: the same check-in rows inserted by a plain SQLAlchemy async loop, one
   transaction per row (as one request makes), into another SQLite file set up the same way
   (migrated, WAL, one writer connection) — the ceiling the service is built on;
2. **service, saturated**: ``clients`` connections each sending check-ins back to back
   (closed loop) — the most the service does;
3. **service, paced at half the bare limit**: the same clients sending at a fixed total
   rate of 50% of the bare figure (open loop) — the latency people get at the target load.

With a closed loop latency is simply clients / throughput (200 clients at 1,000/s queue for
200 ms whatever the code does), so the p99 target is judged at the paced load. The paced
run also reports how late the generator's own timers woke (on a loaded machine that lag is
in the latency too, though the server never saw it). The client
is a minimal keep-alive HTTP/1.1 client on raw asyncio streams, so that the load generator
does not eat the CPU the server needs. Loopback only; bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx
import msgspec

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "een lange zin als wachtwoord voor de benchmark"
ANSWER_BODY = {"sleep": 4, "safe_home": "ja", "wants_contact": False}
QUESTIONNAIRE = "jongere-dagelijks.v1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROER_")}
    env.update(
        ROER_DATABASE_URL=f"sqlite+aiosqlite:///{db}",
        ROER_SECRET_KEY="bench-secret-key-that-is-long-enough-for-hs256-signing",
        ROER_PASSWORD_HASHING="fast",  # sign-up of the bench's users only
        ROER_LOG_REQUESTS="false",
        # All load comes from one address: the per-address flood limit would measure itself.
        ROER_RATE_LIMIT_REQUESTS="0",
        ROER_SCHEDULER="false",
    )
    # The server process runs this checkout's code, whatever is installed in the venv.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


def _body(mood: int | None = None) -> bytes:
    answers = {"mood": mood or random.randint(3, 5), **ANSWER_BODY}
    return msgspec.json.encode(
        {"client_id": str(uuid.uuid4()), "questionnaire_id": QUESTIONNAIRE, "answers": answers}
    )


class Connection:
    """One keep-alive HTTP/1.1 connection that posts check-ins."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = (
            f"POST /api/v1/checkins HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        body = _body()
        self.writer.write(self.head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _p(values: list[float], cut: int) -> float:
    return round(quantiles(values, n=100)[cut - 1] * 1000, 1) if len(values) > 1 else 0.0


def _summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, float]:
    return {
        "requests": len(latencies),
        "errors": errors,
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": _p(latencies, 50),
        "p99_ms": _p(latencies, 99),
    }


async def drive(
    port: int, tokens: list[str], duration_s: float, rate: float | None = None
) -> dict[str, float]:
    """Closed loop (rate None) or paced at ``rate`` requests/s in total."""
    latencies: list[float] = []
    # Paced: how late the generator's own timer woke (the sleep ended after the due moment)
    # — time the server never saw, yet counted in the latency. Sends that are late because
    # the previous answer on that connection came late are the server's and not in here.
    lags: list[float] = []
    errors = 0
    start = time.perf_counter()
    deadline = start + duration_s
    interval = len(tokens) / rate if rate else 0.0

    async def client(index: int, token: str) -> None:
        nonlocal errors
        conn = Connection(port, token)
        next_at = start + (interval * index / len(tokens))
        try:
            while True:
                if interval:
                    wait = next_at - time.perf_counter()
                    if wait > 0:
                        await asyncio.sleep(wait)
                        if next_at < deadline:
                            lags.append(time.perf_counter() - next_at)
                    sent = next_at  # latency counted from when it was due (no omission)
                    next_at += interval
                else:
                    sent = time.perf_counter()
                if sent >= deadline:
                    return
                status = await conn.post()
                if status == 201:
                    latencies.append(time.perf_counter() - sent)
                else:
                    errors += 1
        finally:
            await conn.close()

    await asyncio.gather(*(client(i, t) for i, t in enumerate(tokens)))
    summary = _summary(latencies, errors, time.perf_counter() - start)
    if interval:
        summary["timer_lag_p50_ms"], summary["timer_lag_p99_ms"] = _p(lags, 50), _p(lags, 99)
    return summary


async def bare_limit(folder: Path, duration_s: float) -> dict[str, float]:
    """Check-in rows by a plain SQLAlchemy async loop, one transaction per row."""
    from server.accounts.service import create_user
    from server.checkins.models import Checkin
    from server.core.db import make_engine, make_sessionmaker, new_id
    from server.core.migrate import upgrade
    from server.settings import Settings

    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'bare.db'}", secret_key="x")
    engine = make_engine(settings)
    await upgrade(engine)
    factory = make_sessionmaker(engine)
    now = dt.datetime.now(dt.UTC)
    async with factory() as session:
        user = await create_user(
            session, role="youth", username="bare", password=PASSWORD, now=now, hashing="fast",
            birth_date=dt.date(2010, 1, 1),
        )  # fmt: skip
        await session.commit()
        user_id = user.id
    latencies: list[float] = []
    start = time.perf_counter()
    while time.perf_counter() - start < duration_s:
        began = time.perf_counter()
        answers = {"mood": random.randint(3, 5), **ANSWER_BODY}
        async with factory() as session:
            session.add(
                Checkin(
                    id=new_id(), user_id=user_id, client_id=str(uuid.uuid4()), body_hash="0" * 64,
                    role="youth", questionnaire_id=QUESTIONNAIRE, answers=answers,
                    mood=answers["mood"], answered_at=now, received_at=now, late=False,
                    signposts=[],
                )
            )  # fmt: skip
            await session.commit()
        latencies.append(time.perf_counter() - began)
    elapsed = time.perf_counter() - start
    await engine.dispose()
    return _summary(latencies, 0, elapsed)


async def _sign_up(port: int, count: int) -> list[str]:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/api/v1") as http:

        async def one(i: int) -> str:
            name = f"bench{i}"
            await http.post(
                "/auth/register",
                json={"username": name, "password": PASSWORD, "birth_date": "2010-05-01"},
            )
            response = await http.post("/auth/login", json={"login": name, "password": PASSWORD})
            response.raise_for_status()
            return str(response.json()["access_token"])

        tokens = []
        for batch in range(0, count, 20):
            tokens += await asyncio.gather(*(one(i) for i in range(batch, min(count, batch + 20))))
        return tokens


async def _wait_up(port: int, process: asyncio.subprocess.Process) -> None:
    # Start-up (imports, the OpenAPI document) takes seconds, more on a loaded machine.
    deadline = time.monotonic() + 60
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError("the server process stopped during start-up")
            try:
                if (await http.get(f"http://127.0.0.1:{port}/api/v1/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not come up")


async def run(duration_s: float = 15.0, clients: int = 200) -> dict[str, Any]:
    """Run the three measurements; returns the figures (``python -m bench`` calls this)."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="roer-bench-") as tmp:
        folder = Path(tmp)
        bare = await bare_limit(folder, duration_s)
        port = _free_port()
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1"),
            *("--port", str(port)),
            env=_env(folder / "service.db"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            await _wait_up(port, process)
            tokens = await _sign_up(port, clients)
            await drive(port, tokens, min(2.0, duration_s))  # warm-up
            saturated = await drive(port, tokens, duration_s)
            paced = await drive(port, tokens, duration_s, rate=bare["per_second"] / 2)
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=10)
    ratio = saturated["per_second"] / bare["per_second"] if bare["per_second"] else 0.0
    return {
        "name": "checkins",
        "duration_s": duration_s,
        "clients": clients,
        "bare": bare,
        "service": saturated,
        "service_paced_half_bare": paced,
        "ratio": round(ratio, 2),
        # Other work on the machine skews absolute figures; the side-by-side ratio holds better.
        "cpus": os.cpu_count(),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "target_met": ratio >= 0.5 and paced["p99_ms"] < 100,
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        ("bare: SQLAlchemy async, 1 transaction per row", result["bare"]),
        (f"service: POST /checkins, {result['clients']} clients, back to back", result["service"]),
        (
            f"service: POST /checkins, {result['clients']} clients, paced at ½ bare",
            result["service_paced_half_bare"],
        ),
    ]
    lines = [
        "| path | rows/s | p50 ms | p99 ms | errors |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, r in rows:
        lines.append(
            f"| {name} | {r['per_second']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} |"
        )
    lines.append("")
    lines.append(
        f"service / bare = {result['ratio']} (target ≥ 0.5); p99 at ½ bare = "
        f"{result['service_paced_half_bare']['p99_ms']} ms (target < 100 ms); "
        f"target {'met' if result['target_met'] else 'NOT met'} "
        f"({result['cpus']} CPUs, load average {result['load_before']} → {result['load_after']})"
    )
    paced = result["service_paced_half_bare"]
    lines.append(
        f"paced: the load generator's timers woke {paced['timer_lag_p50_ms']} ms (p50) / "
        f"{paced['timer_lag_p99_ms']} ms (p99) after the due moment — time the server never "
        "saw, counted in its latency (a loaded machine delays the generator too)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measurement")
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args(argv)
    print(markdown(asyncio.run(run(args.duration, args.clients))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
