"""``kill -9`` of the server in the middle of mixed writes.

Several phones write at once (chat messages, forum threads and replies, BIG5 assessments,
check-ins when that domain is present), each remembering every write it got an answer for.
The server process is SIGKILLed mid-burst and started again. Then: every acknowledged write
is stored exactly once; every write that got no answer, retried with the same client_id,
is stored once (never twice); and nothing is half-written (a thread without its first
post, an assessment without its domains, a chat with a gap in its sequence numbers).
"""

from __future__ import annotations

import asyncio
import importlib.util
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import text

from server.core.db import make_engine
from server.settings import Settings
from tests.chat.live import LiveServer
from tests.people import People

HAS_CHECKINS = importlib.util.find_spec("server.checkins") is not None
DOMAINS = ["support", "wonen", "school_werk", "inkomen", "welzijn"]
STATUSES = ["niet_geregeld", "deels", "grotendeels", "geregeld"]
ACKED_BEFORE_KILL = 40


def _board(space: str, slug: str = "gewoon-kletsen") -> str:
    namespace = uuid.UUID("6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f")
    return str(uuid.uuid5(namespace, f"{space}/{slug}"))


@dataclass
class Writer:
    """One phone writing one kind of thing with client_ids, back to back."""

    kind: str
    token: str
    path: str
    body: Callable[[str], dict[str, Any]]
    acked: list[str] = field(default_factory=list)
    unacked: list[str] = field(default_factory=list)
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    on_ack: Callable[[], None] = lambda: None

    async def post(self, http: httpx.AsyncClient, cid: str) -> int:
        headers = {"Authorization": f"Bearer {self.token}"}
        response = await http.post(self.path, json=self.bodies[cid], headers=headers)
        return response.status_code

    async def run(self, http: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            cid = str(uuid.uuid4())
            self.bodies[cid] = self.body(cid)
            try:
                status = await self.post(http, cid)
            except httpx.TransportError:
                self.unacked.append(cid)  # no answer: the phone keeps it to retry
                return
            assert status in (200, 201), f"{self.kind}: {status}"
            self.acked.append(cid)
            self.on_ack()


async def _writers(people: People) -> tuple[list[Writer], dict[str, str]]:
    fam = await people.family(youth_age=17, parents=0)
    poster = await people.youth(17)
    conv = next(c.id for c in (await fam.youth.client.conversations()).items if c.kind == "youth")
    thread = await poster.client.forum_create_thread(
        _board("16-27"), "Wie kent dit?", "Hoe gaan jullie om met stress?", str(uuid.uuid4())
    )
    ids = {"conversation": conv, "youth": fam.youth.id, "thread": thread.thread.id}
    api = "/api/v1"

    def message(cid: str) -> dict[str, Any]:
        return {"client_id": cid, "body": f"bericht {cid[:8]}"}

    def new_thread(cid: str) -> dict[str, Any]:
        return {"client_id": cid, "title": f"Onderwerp {cid[:6]}", "body": "Wie herkent dit?"}

    def reply(cid: str) -> dict[str, Any]:
        return {"client_id": cid, "body": f"Herkenbaar {cid[:6]}"}

    def assessment(cid: str) -> dict[str, Any]:
        domains = [{"domain": d, "status": random.choice(STATUSES)} for d in DOMAINS]
        return {"client_id": cid, "domains": domains}

    writers = [
        Writer("chat-youth", fam.youth.client.access_token or "",
               f"{api}/conversations/{conv}/messages", message),
        Writer("chat-casemanager", fam.casemanager.client.access_token or "",
               f"{api}/conversations/{conv}/messages", message),
        Writer("forum-thread", poster.client.access_token or "",
               f"{api}/forum/boards/{_board('16-27')}/threads", new_thread),
        Writer("forum-reply", poster.client.access_token or "",
               f"{api}/forum/threads/{thread.thread.id}/posts", reply),
        Writer("big5", fam.youth.client.access_token or "", f"{api}/big5/assessments",
               assessment),
    ]  # fmt: skip
    if HAS_CHECKINS:

        def checkin(cid: str) -> dict[str, Any]:
            answers = {"mood": random.randint(1, 5), "sleep": 4, "safe_home": "ja",
                       "wants_contact": False}  # fmt: skip
            return {"client_id": cid, "questionnaire_id": "jongere-dagelijks.v1",
                    "answers": answers}  # fmt: skip

        writers.append(
            Writer("checkin", fam.youth.client.access_token or "", f"{api}/checkins", checkin)
        )
    return writers, ids


async def _count(settings: Settings, sql: str, **params: Any) -> list[Any]:
    engine = make_engine(settings)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(text(sql), params)).all())
    finally:
        await engine.dispose()


async def _check_stored(settings: Settings, writers: list[Writer], ids: dict[str, str]) -> None:
    tables = {
        "chat": ("chat_messages", "conversation_id = :scope", ids["conversation"]),
        "forum": ("forum_posts", "1 = 1", None),
        "big5": ("big5_assessments", "youth_id = :scope", ids["youth"]),
        "checkin": ("checkins", "1 = 1", None),
    }
    for writer in writers:
        table, where, scope = tables[writer.kind.split("-")[0]]
        wanted = writer.acked + writer.unacked
        rows = await _count(
            settings,
            f"SELECT client_id, count(*) FROM {table} WHERE {where} GROUP BY client_id",
            scope=scope,
        )
        counts = dict(rows)
        assert all(counts.get(cid) == 1 for cid in wanted), (
            writer.kind,
            {cid: counts.get(cid) for cid in wanted if counts.get(cid) != 1},
        )
        assert max(counts.values()) == 1, f"{writer.kind}: a client_id stored twice"


async def _check_whole(settings: Settings, ids: dict[str, str]) -> None:
    seqs = [r[0] for r in await _count(
        settings, "SELECT seq FROM chat_messages WHERE conversation_id = :c ORDER BY seq",
        c=ids["conversation"],
    )]  # fmt: skip
    last = (await _count(settings, "SELECT last_seq FROM chat_conversations WHERE id = :c",
                         c=ids["conversation"]))[0][0]  # fmt: skip
    assert seqs == list(range(1, last + 1)), "chat: no gap, no double, last_seq agrees"
    headless = await _count(
        settings,
        "SELECT t.id FROM forum_threads t LEFT JOIN forum_posts p "
        "ON p.id = t.first_post_id AND p.thread_id = t.id WHERE p.id IS NULL",
    )
    assert headless == [], "forum: a thread without its first post"
    partial = await _count(
        settings,
        "SELECT a.id, count(e.id) FROM big5_assessments a LEFT JOIN big5_entries e "
        "ON e.assessment_id = a.id GROUP BY a.id HAVING count(e.id) <> :n",
        n=len(DOMAINS),
    )
    assert partial == [], "big5: an assessment without all its domains"
    if HAS_CHECKINS:
        empty = await _count(settings, "SELECT id FROM checkins WHERE answers IS NULL")
        assert empty == [], "check-in without its answers"


async def test_kill9_during_mixed_writes_keeps_each_acknowledged_write_exactly_once(
    servers: Callable[..., LiveServer],
    people_on: Callable[[LiveServer], People],
    settings: Settings,
) -> None:
    live = servers()
    people = people_on(live)
    writers, ids = await _writers(people)
    stop = asyncio.Event()
    http = httpx.AsyncClient(base_url=live.url, timeout=10)
    under_way = asyncio.Event()
    for writer in writers:
        writer.on_ack = lambda: (
            under_way.set() if sum(len(w.acked) for w in writers) >= ACKED_BEFORE_KILL else None
        )
    tasks = [asyncio.create_task(w.run(http, stop)) for w in writers]
    await asyncio.wait_for(under_way.wait(), 30)
    await asyncio.to_thread(live.kill)  # mid-burst: requests are in flight
    stop.set()
    async with asyncio.timeout(15):
        await asyncio.gather(*tasks)
    await http.aclose()
    assert all(w.acked for w in writers), [(w.kind, len(w.acked)) for w in writers]

    await asyncio.to_thread(live.start, 60)
    # Nothing half-written is visible before anyone retries.
    await _check_whole(settings, ids)
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        for writer in writers:
            # The phone resends what got no answer, and (a lost answer) some that did.
            for cid in writer.unacked + writer.acked[-2:]:
                status = await writer.post(http, cid)
                assert status in (200, 201), (writer.kind, status)
    await _check_stored(settings, writers, ids)
    await _check_whole(settings, ids)
    # And the API shows each acknowledged chat message once.
    fam_token = writers[0].token
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as http:
        listed = (
            await http.get(
                f"/api/v1/conversations/{ids['conversation']}/messages",
                params={"limit": 200},
                headers={"Authorization": f"Bearer {fam_token}"},
            )
        ).json()["items"]
    shown = [m["client_id"] for m in listed]
    for writer in writers[:2]:
        assert all(shown.count(cid) == 1 for cid in writer.acked + writer.unacked)
