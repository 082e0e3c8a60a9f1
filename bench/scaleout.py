"""Scale-out: two Roer processes on PostgreSQL + Redis behind one load, with correctness checks.

    python -m bench.scaleout [--duration 15] [--postgres URL] [--redis URL]

A fresh PostgreSQL database (created and dropped by this run) and a unique Redis prefix.
The load is the municipality evening's, spread over both processes: 300 chats (each
youth's phone on one process, the casemanager's console on the other, so every message
crosses over Redis), 200 forum readers (half on each), and check-ins at ten times the
evening's arrival rate, alternating between the processes; every fourth check-in is sent
again to the *other* process with the same client_id, as a phone does when an answer got
lost. Checked afterwards, in the database and at the clients:

* chat: per conversation the stored seqs are exactly 1..last_seq (no gap, no double),
  every acknowledged message is stored once under the seq it was acked with, and every
  phone and console has received every seq of its conversations;
* check-ins: every client_id is stored exactly once (retries included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.common import Figures, Server, bootstrap, get_request, paced, post_request
from bench.evening import (
    CHATS,
    EVENING_CHECKINS,
    EVENING_SECONDS,
    READ_EVERY_S,
    READERS,
    ChatLoad,
    chats,
    checkin_body,
    connect_chats,
    has_checkins,
)
from bench.reads import make_thread

CHECKIN_SPEEDUP = 10.0
RETRY_EVERY = 4


async def _reachable(postgres: str, redis_url: str) -> str | None:
    from redis.asyncio import Redis

    try:
        engine = create_async_engine(postgres)
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        await engine.dispose()
    except Exception as exc:
        return f"PostgreSQL at {postgres} not reachable ({type(exc).__name__})"
    try:
        client = Redis.from_url(redis_url)
        await client.ping()
        await client.aclose()
    except Exception as exc:
        return f"Redis at {redis_url} not reachable ({type(exc).__name__})"
    return None


async def _admin(postgres: str, statement: str) -> None:
    engine = create_async_engine(postgres, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


async def _checkins_with_retries(
    servers: list[Server], tokens: list[str], rate: float, seconds: float, figures: Figures
) -> tuple[list[str], int]:
    """Check-ins alternating over the processes; every RETRY_EVERY-th sent again to the
    other process with the same client_id and body. Returns the client_ids and retries."""
    from bench.common import Connection

    sent: list[str] = []
    retried = 0
    start = time.perf_counter()
    total = int(rate * seconds)
    sem = asyncio.Semaphore(64)

    async def one(i: int) -> None:
        nonlocal retried
        await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
        due = start + i / rate
        body = checkin_body()
        cid = json.loads(body)["client_id"]
        sent.append(cid)
        async with sem:
            first, other = servers[i % 2], servers[(i + 1) % 2]
            conn = Connection(first.port)
            try:
                status, _ = await conn.request(
                    post_request(first.port, "/api/v1/checkins", body, tokens[i])
                )
                figures.add(status, time.perf_counter() - due)
                if i % RETRY_EVERY == 0:
                    again = Connection(other.port)
                    status, _ = await again.request(
                        post_request(other.port, "/api/v1/checkins", body, tokens[i])
                    )
                    await again.close()
                    retried += 1
                    figures.add(status, time.perf_counter() - due)
            except (OSError, asyncio.IncompleteReadError):
                figures.add(599, 0.0)
            finally:
                await conn.close()

    await asyncio.gather(*(one(i) for i in range(total)))
    figures.elapsed = time.perf_counter() - start
    return sent, retried


async def _verify_chat(url: str, load: ChatLoad) -> list[str]:
    problems: list[str] = []
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        rows = (await conn.execute(text(
            "SELECT conversation_id, seq, client_id FROM chat_messages "
            "ORDER BY conversation_id, seq"
        ))).all()  # fmt: skip
        last = dict((await conn.execute(text("SELECT id, last_seq FROM chat_conversations"))).all())
    await engine.dispose()
    by_conv: dict[str, list[tuple[int, str]]] = {}
    for conv, seq, cid in rows:
        by_conv.setdefault(conv, []).append((seq, cid))
    for conv, acked in load.acked.items():
        stored = by_conv.get(conv, [])
        seqs = [s for s, _ in stored]
        if seqs != list(range(1, last[conv] + 1)):
            problems.append(f"conversation {conv[:8]}: seqs not 1..{last[conv]}")
        cids = [c for _, c in stored]
        if len(cids) != len(set(cids)):
            problems.append(f"conversation {conv[:8]}: a client_id stored twice")
        where = dict((c, s) for s, c in stored)
        lost = [c for c, s in acked if where.get(c) != s]
        if lost:
            problems.append(f"conversation {conv[:8]}: {len(lost)} acked messages not stored")
    for sock in load.sockets:
        for conv, seen in sock.last_seq.items():
            own = load.own.get((id(sock), conv), set())
            # A socket is not sent back its own messages (it has their acks).
            unseen = [s for s in range(seen + 1, last.get(conv, 0) + 1) if s not in own]
            if unseen:
                problems.append(f"a socket missed seqs {unseen[:5]} of conversation {conv[:8]}")
    return problems


async def _verify_checkins(url: str, sent: list[str]) -> list[str]:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        counts = dict(
            (
                await conn.execute(
                    text("SELECT client_id, count(*) FROM checkins GROUP BY client_id")
                )
            )
            .tuples()
            .all()
        )
    await engine.dispose()
    missing = sum(1 for c in sent if counts.get(c, 0) == 0)
    doubled = sum(1 for c in sent if counts.get(c, 0) > 1)
    problems = []
    if missing:
        problems.append(f"{missing} check-ins missing")
    if doubled:
        problems.append(f"{doubled} check-ins stored twice")
    return problems


async def run(
    duration_s: float = 15.0,
    postgres: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres",
    redis_url: str = "redis://127.0.0.1:6379/0",
) -> dict[str, Any]:
    reason = await _reachable(postgres, redis_url)
    if reason:
        return {"skipped": reason}
    tag = uuid.uuid4().hex[:10]
    name = f"roer_bench_{tag}"
    url = postgres.rsplit("/", 1)[0] + f"/{name}"
    await _admin(postgres, f"CREATE DATABASE {name}")
    with_checkins = has_checkins()
    rate = EVENING_CHECKINS / EVENING_SECONDS * CHECKIN_SPEEDUP
    count = int(rate * duration_s) if with_checkins else 0
    servers: list[Server] = []
    try:
        with tempfile.TemporaryDirectory(prefix="roer-scaleout-") as tmp:
            folder = Path(tmp)
            chatters = await bootstrap(url, CHATS, prefix="s")
            others = await bootstrap(
                url, max(READERS, count), conversations=False, prefix="o",
            )  # fmt: skip
            env = {"ROER_REDIS_URL": redis_url, "ROER_REDIS_PREFIX": f"roer-bench-{tag}"}
            servers = [Server.roer(url, folder, f"p{i}", **env) for i in range(2)]
            await asyncio.gather(*(s.start() for s in servers))
            threads = [
                await make_thread(servers[0].url, others.youth_tokens[:20]) for _ in range(5)
            ]
            readers = others.youth_tokens[:READERS]
            figures = {
                "GET /forum/threads/{id} (both)": Figures(),
                "POST /checkins (both)": Figures(),
            }
            load = ChatLoad()
            read_fig = figures["GET /forum/threads/{id} (both)"]

            def reader(port: int) -> Any:
                return lambda i: get_request(
                    port, f"/api/v1/forum/threads/{threads[i % 5]}", random.choice(readers)
                )

            await connect_chats(
                [f"ws://127.0.0.1:{s.port}/api/v1/ws" for s in servers],
                chatters.youth_tokens, chatters.casemanager_tokens, load,
            )  # fmt: skip
            tasks: list[Any] = [
                chats(chatters.conversations, duration_s, load, close=False),
                *(
                    paced(s.port, reader(s.port), READERS / READ_EVERY_S / 2, duration_s,
                          read_fig)
                    for s in servers
                ),
            ]  # fmt: skip
            if with_checkins:
                tasks.append(
                    _checkins_with_retries(
                        servers, others.youth_tokens, rate, count / rate,
                        figures["POST /checkins (both)"],
                    )
                )  # fmt: skip
            else:
                del figures["POST /checkins (both)"]
            results = await asyncio.gather(*tasks)
            await asyncio.sleep(3.0)  # let the last deliveries and resumes settle
            problems = await _verify_chat(url, load)
            await asyncio.gather(*(s.close() for s in load.sockets))
            retried = 0
            if with_checkins:
                sent, retried = results[-1]
                problems += await _verify_checkins(url, sent)
    finally:
        for server in servers:
            server.stop()
        await _admin(postgres, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    read_fig.elapsed = read_fig.elapsed / 2  # two paced loops ran side by side
    endpoints = {k: f.summary() for k, f in figures.items()}
    endpoints["chat send → ack (websocket)"] = load.ack.summary()
    endpoints["chat send → delivery across processes"] = load.delivery.summary()
    messages = sum(len(v) for v in load.acked.values())
    checked = (
        f"{count:,} check-ins at {rate:.0f}/s, {retried} of them retried on the other process"
        if with_checkins
        else "check-ins NOT run (the check-in domain is not in this tree)"
    )
    verdict = "all checks passed" if not problems else "PROBLEMS: " + "; ".join(problems[:10])
    summary = (
        f"two processes, PostgreSQL + Redis, {duration_s:g} s: {messages:,} chat messages in "
        f"{len(load.acked)} chats (phone and console on different processes), {checked}. "
        f"Correctness — stored seqs per conversation complete and unique, every acked message "
        f"stored once under its seq, every socket received every seq, no check-in missing or "
        f"doubled: **{verdict}**."
    )
    return {
        "endpoints": endpoints,
        "problems": problems,
        "note": "2 processes, PostgreSQL + Redis",
        "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument(
        "--postgres", default="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.duration, args.postgres, args.redis)), indent=2))


if __name__ == "__main__":
    main()
