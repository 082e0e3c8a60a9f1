"""Chat delivery benchmark: Roer's websocket next to a bare ``websockets`` broadcast server.

N clients in M conversations (N/M sockets each: the youth's phones), one message per second
per conversation, sent by one socket of the conversation and delivered to all of them.
Reports delivery latency p50/p99 (send → arrival at each socket) and messages/s, for
Roer (persist in SQLite, then publish) and for a bare broadcast server on the same machine
with the same clients and pattern, in one run. Loopback only, bounded in time.

    python -m bench.chat --clients 1000 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pyotp
import websockets

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "een lange zin als wachtwoord"
PER_CONVERSATION = 10

BARE_SERVER = r"""
import asyncio, json, sys
import websockets
rooms = {}
async def handler(ws):
    room = json.loads(await ws.recv())["room"]
    rooms.setdefault(room, set()).add(ws)
    try:
        async for raw in ws:
            websockets.broadcast(rooms[room], raw)
    finally:
        rooms[room].discard(ws)
async def main():
    async with websockets.serve(handler, "127.0.0.1", int(sys.argv[1]), compression=None,
                                max_queue=None):
        print("ready", flush=True)
        await asyncio.Future()
asyncio.run(main())
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- Roer ---------------------------------------------------------------------------------


async def _make_casemanager(database_url: str) -> None:
    from server.accounts.service import create_user, ensure_organisation
    from server.core.clock import Clock
    from server.core.db import make_engine, make_sessionmaker
    from server.core.migrate import upgrade
    from server.settings import Settings

    engine = make_engine(Settings(database_url=database_url, secret_key="x"))
    await upgrade(engine)
    async with make_sessionmaker(engine)() as session:
        org = await ensure_organisation(session, "Bench", Clock().now())
        await create_user(
            session,
            role="casemanager",
            username="bench-cm",
            password=PASSWORD,
            now=Clock().now(),
            hashing="fast",
            display_name="Bench",
            organisation_id=org.id,
        )
        await session.commit()
    await engine.dispose()


def _start_roer(folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROER_")}
    env.update(
        {
            "ROER_DATABASE_URL": f"sqlite+aiosqlite:///{folder}/roer.db",
            "ROER_SECRET_KEY": "bench-secret-key-that-is-long-enough-for-hs256",
            "ROER_PASSWORD_HASHING": "fast",
            "ROER_SCHEDULER": "false",
            "ROER_LOG_REQUESTS": "false",
            # All load comes from one address: the per-address flood limit would measure itself.
            "ROER_RATE_LIMIT_REQUESTS": "0",
            "ROER_PORT": str(port),
            "ROER_WS_SEND_QUEUE": "1024",
            "PYTHONPATH": str(ROOT),
        }
    )
    with (folder / "server.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


async def _wait_http(url: str, proc: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(600):
            if proc.poll() is not None:
                raise RuntimeError("server exited during start")
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("server did not start")


async def _roer_people(base: str, conversations: int) -> list[tuple[str, str]]:
    """(youth token, conversation id) per case, all of one casemanager."""
    async with httpx.AsyncClient(base_url=base + "/api/v1", timeout=60) as http:
        tokens = (
            await http.post("/auth/login", json={"login": "bench-cm", "password": PASSWORD})
        ).json()
        cm = {"Authorization": f"Bearer {tokens['access_token']}"}
        secret = (await http.post("/me/2fa/enroll", headers=cm)).json()["secret"]
        confirmed = await http.post(
            "/me/2fa/confirm", headers=cm, json={"totp_code": pyotp.TOTP(secret).now()}
        )
        cm = {"Authorization": f"Bearer {confirmed.json()['access_token']}"}
        sem = asyncio.Semaphore(8)

        async def one(i: int) -> tuple[str, str]:
            async with sem:
                case = (await http.post("/cases", headers=cm, json={"label": f"b{i}"})).json()
                code = (
                    await http.post(
                        f"/cases/{case['id']}/invites", headers=cm, json={"role": "youth"}
                    )
                ).json()["code"]
                name = f"bench{i}x{uuid.uuid4().hex[:6]}"
                await http.post(
                    "/auth/register",
                    json={
                        "username": name,
                        "password": PASSWORD,
                        "birth_date": "2009-03-01",
                        "invite_code": code,
                    },
                )
                token = (
                    await http.post("/auth/login", json={"login": name, "password": PASSWORD})
                ).json()["access_token"]
                convs = (
                    await http.get("/conversations", headers={"Authorization": f"Bearer {token}"})
                ).json()
                return token, convs["items"][0]["id"]

        return list(await asyncio.gather(*(one(i) for i in range(conversations))))


# --- the load, the same for both servers --------------------------------------------------


class Load:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.sent = 0
        self.delivered = 0
        self.measuring = False

    def arrived(self, raw: str | bytes) -> None:
        frame = json.loads(raw)
        if frame.get("type") != "message":
            return
        stamp = float(frame["body"].split(" ", 1)[0])
        if self.measuring:
            self.latencies.append((time.perf_counter() - stamp) * 1000)
            self.delivered += 1


async def _listen(ws: Any, load: Load) -> None:
    try:
        async for raw in ws:
            load.arrived(raw)
    except websockets.ConnectionClosed:
        pass


async def _pace(send: Any, duration: float, load: Load) -> None:
    await asyncio.sleep(random.random())  # spread conversations over the second
    end = time.perf_counter() + duration
    while time.perf_counter() < end:
        started = time.perf_counter()
        await send(f"{time.perf_counter():.6f} hoe gaat het vandaag?")
        if load.measuring:
            load.sent += 1
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))


async def _measure(
    groups: list[list[Any]], make_send: Any, duration: float, load: Load
) -> dict[str, Any]:
    listeners = [asyncio.create_task(_listen(ws, load)) for group in groups for ws in group]
    warmup = 2.0
    pacers = [asyncio.create_task(_pace(make_send(g), duration + warmup, load)) for g in groups]
    await asyncio.sleep(warmup)
    load.measuring = True
    print("measuring", file=sys.stderr, flush=True)  # a profiler can attach now
    started = time.perf_counter()
    await asyncio.gather(*pacers)
    await asyncio.sleep(0.5)
    load.measuring = False
    elapsed = time.perf_counter() - started
    for task in listeners:
        task.cancel()
    return {
        "messages_sent": load.sent,
        "deliveries": load.delivered,
        "messages_per_s": round(load.sent / elapsed, 1),
        "deliveries_per_s": round(load.delivered / elapsed, 1),
        "p50_ms": round(_percentile(load.latencies, 0.50), 2),
        "p99_ms": round(_percentile(load.latencies, 0.99), 2),
    }


async def _connect_all(urls_and_first: list[tuple[str, str]], batch: int = 100) -> list[Any]:
    sockets: list[Any] = []
    for i in range(0, len(urls_and_first), batch):

        async def one(url: str, first: str) -> Any:
            ws = await websockets.connect(url, compression=None, max_queue=None, open_timeout=60)
            await ws.send(first)
            return ws

        sockets += await asyncio.gather(*(one(u, f) for u, f in urls_and_first[i : i + batch]))
    return sockets


async def _run_roer(duration: float, clients: int, folder: Path) -> dict[str, Any]:
    conversations = max(1, clients // PER_CONVERSATION)
    port = _free_port()
    db = f"sqlite+aiosqlite:///{folder}/roer.db"
    await _make_casemanager(db)
    proc = _start_roer(folder, port)
    try:
        await _wait_http(f"http://127.0.0.1:{port}/api/v1/health", proc)
        people = await _roer_people(f"http://127.0.0.1:{port}", conversations)
        url = f"ws://127.0.0.1:{port}/api/v1/ws"
        auth = [json.dumps({"type": "auth", "token": t}) for t, _ in people]
        flat = await _connect_all([(url, a) for a in auth for _ in range(PER_CONVERSATION)])
        for ws in flat:
            assert json.loads(await ws.recv())["type"] == "ready"
        groups = [
            flat[i * PER_CONVERSATION : (i + 1) * PER_CONVERSATION] for i in range(conversations)
        ]
        conv_of = {id(g[0]): people[i][1] for i, g in enumerate(groups)}

        def make_send(group: list[Any]) -> Any:
            ws, conv = group[0], conv_of[id(group[0])]

            async def send(body: str) -> None:
                frame = {
                    "type": "send",
                    "conversation_id": conv,
                    "client_id": str(uuid.uuid4()),
                    "body": body,
                }
                await ws.send(json.dumps(frame))

            return send

        result = await _measure(groups, make_send, duration, Load())
        for ws in flat:
            await ws.close()
        return result
    finally:
        proc.terminate()
        proc.wait(10)


def _start_bare(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", BARE_SERVER, str(port)], stdout=subprocess.PIPE)


async def _run_bare(duration: float, clients: int) -> dict[str, Any]:
    conversations = max(1, clients // PER_CONVERSATION)
    port = _free_port()
    proc = _start_bare(port)
    try:
        assert proc.stdout is not None
        await asyncio.to_thread(proc.stdout.readline)
        url = f"ws://127.0.0.1:{port}"
        firsts = [
            json.dumps({"room": i}) for i in range(conversations) for _ in range(PER_CONVERSATION)
        ]
        flat = await _connect_all([(url, f) for f in firsts])
        groups = [
            flat[i * PER_CONVERSATION : (i + 1) * PER_CONVERSATION] for i in range(conversations)
        ]

        def make_send(group: list[Any]) -> Any:
            async def send(body: str) -> None:
                await group[0].send(json.dumps({"type": "message", "body": body}))

            return send

        result = await _measure(groups, make_send, duration, Load())
        for ws in flat:
            await ws.close()
        return result
    finally:
        proc.terminate()
        proc.wait(10)


async def run(duration_s: float = 20.0, clients: int = 1000) -> dict[str, Any]:
    """Both servers, one after the other, same clients and pattern; returns the figures."""
    _raise_file_limit()
    with tempfile.TemporaryDirectory(prefix="roer-bench-") as tmp:
        roer = await _run_roer(duration_s, clients, Path(tmp))
    bare = await _run_bare(duration_s, clients)
    return {
        "benchmark": "chat",
        "clients": clients,
        "conversations": max(1, clients // PER_CONVERSATION),
        "duration_s": duration_s,
        "roer": roer,
        "bare_websockets": bare,
        "target": "p99 delivery < 50 ms at 1,000 clients on one process",
        "target_met": roer["p99_ms"] < 50,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.duration, args.clients)), indent=2))


if __name__ == "__main__":
    main()
