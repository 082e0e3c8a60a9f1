"""Read paths: forum thread read and guide search, beside a bare Litestar route; and login.

    python -m bench.reads [--duration 10] [--connections 32]

All three HTTP servers are uvicorn processes started the same way (one process, uvloop,
httptools, no access log) and driven by the same closed-loop client from this process:
the server has one core, the load generator the other.

* **bare**: a Litestar app with one GET route returning a fixed msgspec Struct — what
  the framework and server cost with no database and no auth;
* **forum thread read**: ``GET /forum/threads/{id}`` (a thread with 20 posts) as a signed-in
  youth: token check, session check, access rules, two queries;
* **guide search**: ``GET /guides?q=...`` (Dutch full-text search, ranked, snippets), public;
* **login**: ``POST /auth/login`` with the production argon2 profile; its bare figure is
  ``argon2.PasswordHasher().verify`` timed in this process, one after another.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench.common import (
    PASSWORD,
    ROOT,
    Server,
    bootstrap,
    closed_loop,
    free_port,
    get_request,
    percentile,
    post_request,
)

BARE_APP = r"""
import msgspec, uvicorn, sys
from litestar import Litestar, get

class Post(msgspec.Struct):
    id: str
    author: str
    body: str
    created_at: str

class Thread(msgspec.Struct):
    id: str
    title: str
    posts: list[Post]

FIXED = Thread(id="t1", title="Even voorstellen", posts=[
    Post(id=f"p{i}", author="Zeeuwse Meeuw", body="Hoi allemaal, hoe gaat het met jullie?",
         created_at="2026-11-22T19:00:00Z") for i in range(20)])

@get("/bare", sync_to_thread=False)
def bare() -> Thread:
    return FIXED

uvicorn.run(Litestar([bare]), host="127.0.0.1", port=int(sys.argv[1]), access_log=False,
            log_level="warning", ws_per_message_deflate=False)
"""

SEARCHES = ["hulp bij geld", "18 worden", "slapen", "school", "ruzie thuis", "zorgverzekering"]


async def bare_route(duration_s: float, connections: int, folder: Path) -> dict[str, Any]:
    port = free_port()
    server = Server([sys.executable, "-c", BARE_APP, str(port)], {}, port, folder / "bare.log")
    server.env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    await server.start(health="/bare")
    try:
        request = get_request(port, "/bare")
        await closed_loop(port, lambda _: request, connections, 1.0)  # warm-up
        return await closed_loop(port, lambda _: request, connections, duration_s)
    finally:
        server.stop()


def _board_id(space: str, slug: str = "gewoon-kletsen") -> str:
    namespace = uuid.UUID("6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f")
    return str(uuid.uuid5(namespace, f"{space}/{slug}"))


async def make_thread(base: str, tokens: list[str], posts: int = 20) -> str:
    """A thread in the 16-27 space with ``posts`` posts (first one included)."""
    async with httpx.AsyncClient(base_url=base + "/api/v1", timeout=30) as http:
        first = {"Authorization": f"Bearer {tokens[0]}"}
        created = await http.post(
            f"/forum/boards/{_board_id('16-27')}/threads",
            headers=first,
            json={
                "client_id": str(uuid.uuid4()),
                "title": "Hoe houden jullie het vol op school?",
                "body": "Ik vind het lastig om me te concentreren sinds ik verhuisd ben.",
            },
        )
        created.raise_for_status()
        thread_id = str(created.json()["thread"]["id"])
        for i in range(posts - 1):
            headers = {"Authorization": f"Bearer {tokens[(i + 1) % len(tokens)]}"}
            reply = await http.post(
                f"/forum/threads/{thread_id}/posts",
                headers=headers,
                json={"client_id": str(uuid.uuid4()), "body": f"Herkenbaar! Mij helpt {i}."},
            )
            reply.raise_for_status()
        return thread_id


async def roer_reads(duration_s: float, connections: int, folder: Path) -> dict[str, Any]:
    url = f"sqlite+aiosqlite:///{folder / 'reads.db'}"
    people = await bootstrap(url, 10, conversations=False, prefix="r")
    server = Server.roer(url, folder, "reads")
    await server.start()
    try:
        thread_id = await make_thread(server.url, people.youth_tokens)
        tokens = people.youth_tokens
        port = server.port
        forum = [
            get_request(port, f"/api/v1/forum/threads/{thread_id}", t) for t in tokens
        ]  # one request per youth, round robin over the connections
        check = await httpx.AsyncClient().get(
            f"{server.url}/api/v1/forum/threads/{thread_id}",
            headers={"Authorization": f"Bearer {tokens[0]}"},
        )
        assert check.status_code == 200 and len(check.json()["posts"]["items"]) == 20
        searches = [
            get_request(port, "/api/v1/guides?" + httpx.QueryParams(q=q).__str__())
            for q in SEARCHES
        ]
        hits = await httpx.AsyncClient().get(
            f"{server.url}/api/v1/guides", params={"q": "18 worden"}
        )
        assert hits.status_code == 200 and hits.json()["items"], hits.text
        await closed_loop(port, lambda i: forum[i % len(forum)], connections, 1.0)
        thread = await closed_loop(port, lambda i: forum[i % len(forum)], connections, duration_s)
        await closed_loop(port, lambda i: searches[i % len(searches)], connections, 1.0)
        search = await closed_loop(
            port, lambda i: searches[i % len(searches)], connections, duration_s
        )
        return {"forum_thread": thread, "guide_search": search}
    finally:
        server.stop()


async def login(duration_s: float, connections: int, folder: Path) -> dict[str, Any]:
    """POST /auth/login with the production argon2 profile, and bare argon2 verify."""
    from argon2 import PasswordHasher

    from server.accounts.models import User
    from server.core.db import make_engine, make_sessionmaker
    from server.core.security import hash_password
    from server.settings import Settings

    url = f"sqlite+aiosqlite:///{folder / 'login.db'}"
    people = await bootstrap(url, connections, conversations=False, prefix="l")
    stored = await hash_password(PASSWORD, "default")
    engine = make_engine(Settings(database_url=url, secret_key="x"))
    async with make_sessionmaker(engine)() as session:
        from sqlalchemy import select, update

        names = list(await session.scalars(select(User.username).where(User.role == "youth")))
        await session.execute(update(User).values(password_hash=stored))
        await session.commit()
    await engine.dispose()
    del people
    # Bare: argon2id verify with the same parameters, back to back, in this process.
    hasher = PasswordHasher()
    times: list[float] = []
    deadline = time.perf_counter() + min(duration_s, 5.0)
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        hasher.verify(stored, PASSWORD)
        times.append(time.perf_counter() - began)
    bare = {
        "requests": len(times),
        "errors": 0,
        "per_second": round(len(times) / sum(times), 1),
        "p50_ms": round(percentile(times, 0.5) * 1000, 2),
        "p99_ms": round(percentile(times, 0.99) * 1000, 2),
    }
    server = Server.roer(url, folder, "login", ROER_PASSWORD_HASHING="default")
    await server.start()
    try:
        port = server.port
        bodies = [
            post_request(
                port,
                "/api/v1/auth/login",
                json.dumps({"login": n, "password": PASSWORD}).encode(),
            )
            for n in names
        ]
        service = await closed_loop(
            port, lambda i: bodies[i % len(bodies)], connections, duration_s
        )
    finally:
        server.stop()
    return {
        "service": service,
        "bare_argon2_verify": bare,
        "argon2": (
            f"argon2id t={hasher.time_cost} m={hasher.memory_cost} KiB p={hasher.parallelism}"
        ),
    }


async def run(duration_s: float = 10.0, connections: int = 32) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="roer-bench-") as tmp:
        folder = Path(tmp)
        bare = await bare_route(duration_s, connections, folder)
        reads = await roer_reads(duration_s, connections, folder)
        logins = await login(duration_s, 4, folder)
    return {"bare_route": bare, **reads, "login": logins, "connections": connections}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.duration, args.connections)), indent=2))


if __name__ == "__main__":
    main()
