"""No message lost or doubled: a cut connection, a killed server, two server processes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from client_api.socket import RoerSocket
from tests.chat.live import LiveServer
from tests.conftest import POSTGRES_URL, REDIS_URL
from tests.people import People


async def _conversation(client, kind: str = "youth") -> str:  # type: ignore[no-untyped-def]
    return next(c.id for c in (await client.conversations()).items if c.kind == kind)


async def _collect(sock: RoerSocket, conv_id: str, upto: int, seconds: float = 20) -> list[int]:
    seen: list[int] = []
    async with asyncio.timeout(seconds):
        while not seen or seen[-1] < upto:
            frame = await sock.next_message(seconds)
            if frame.conversation_id == conv_id:
                seen.append(frame.seq)
    return seen


async def test_connection_cut_mid_burst_resumes_without_loss_or_duplicates(
    shared_live: LiveServer, shared_people: People
) -> None:
    fam = await shared_people.family(parents=0)
    conv_id = await _conversation(fam.youth.client)
    youth = fam.youth.client.socket(shared_live.ws_url)
    console = fam.casemanager.client.socket(shared_live.ws_url)
    async with youth, console:

        async def burst() -> list[int]:
            acks = []
            for i in range(60):
                acks.append((await console.send(conv_id, f"bericht {i}")).seq)
                if i in (15, 40):
                    await youth.cut()  # the phone loses its connection mid-burst
                if i == 25:
                    await console.cut()  # and so does the sender, with sends in flight
            return acks

        acks, seen = await asyncio.gather(burst(), _collect(youth, conv_id, 60))
    assert acks == list(range(1, 61))
    assert seen == list(range(1, 61))
    assert youth.connects >= 3 and console.connects >= 2


async def test_server_killed_mid_burst_every_acked_message_exactly_once(
    live: LiveServer, live_people: People, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the kill -9 test runs on SQLite (the two-process test covers PostgreSQL)")
    fam = await live_people.family(parents=2)
    convs = [await _conversation(fam.youth.client)] + [
        await _conversation(p.client, "parent") for p in fam.parents
    ]
    senders = [fam.youth.client, *(p.client for p in fam.parents)]
    sockets = [c.socket(live.ws_url, max_backoff=0.3) for c in senders]
    reader = fam.casemanager.client.socket(live.ws_url, max_backoff=0.3)
    acked: dict[str, list[int]] = {c: [] for c in convs}
    under_way = asyncio.Event()
    for sock in [*sockets, reader]:
        await sock.start()

    async def sender(sock: RoerSocket, conv_id: str) -> None:
        for i in range(40):
            ack = await sock.send(conv_id, f"{conv_id[:4]} {i}")
            acked[conv_id].append(ack.seq)
            if sum(len(v) for v in acked.values()) >= 30:
                under_way.set()

    tasks = [asyncio.create_task(sender(s, c)) for s, c in zip(sockets, convs, strict=True)]
    await asyncio.wait_for(under_way.wait(), 20)
    await asyncio.to_thread(live.kill)  # kill -9 in the middle of the burst
    await asyncio.to_thread(live.start)
    async with asyncio.timeout(60):
        await asyncio.gather(*tasks)
    for conv_id in convs:
        assert acked[conv_id] == list(range(1, 41)), "every send acked once, in order"
        stored = await fam.casemanager.client.messages(conv_id, limit=200)
        assert [m.seq for m in stored.items] == list(range(1, 41)), "no gap, no double"
        assert len({m.client_id for m in stored.items}) == 40
    seen = {c: [] for c in convs}  # type: dict[str, list[int]]
    async with asyncio.timeout(20):
        while any(len(v) < 40 for v in seen.values()):
            frame = await reader.next_message(20)
            seen[frame.conversation_id].append(frame.seq)
    assert all(v == list(range(1, 41)) for v in seen.values()), "the reader resumed cleanly"
    for sock in [*sockets, reader]:
        await sock.close()


@pytest.mark.skipif(
    not (POSTGRES_URL and REDIS_URL),
    reason="needs ROER_TEST_POSTGRES_URL and ROER_TEST_REDIS_URL (two processes share them)",
)
async def test_two_processes_deliver_across_each_other_and_resume_across_them(
    live_servers: Callable[[], LiveServer], live_people: People, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("two server processes need PostgreSQL and Redis")
    first = live_servers()  # the live_people fixture's server
    second = live_servers()
    fam = await live_people.family(parents=0)
    conv_id = await _conversation(fam.youth.client)
    youth = fam.youth.client.socket(second.ws_url)
    console_a = fam.casemanager.client.socket(first.ws_url)
    console_b = fam.casemanager.client.socket(second.ws_url)
    async with youth, console_a, console_b:

        async def both() -> None:
            await asyncio.gather(
                *(console_a.send(conv_id, f"a{i}") for i in range(25)),
                *(console_b.send(conv_id, f"b{i}") for i in range(25)),
            )

        _, seen = await asyncio.gather(both(), _collect(youth, conv_id, 50))
        assert seen == list(range(1, 51))
        # The youth's phone moves to the other process mid-conversation and resumes there.
        last = youth.last_seq[conv_id]
    moved = fam.youth.client.socket(first.ws_url, last_seq={conv_id: last - 10})
    async with moved:
        assert await _collect(moved, conv_id, 50) == list(range(last - 9, 51))
