"""Redis gone in the middle of a chat (scale-out mode: two processes on PostgreSQL).

The test starts its own ``redis-server`` on a free port (never the shared one), kills it
while a casemanager on one process chats with a youth on the other, keeps sending, and
starts it again: messages are stored and acked all the time, the youth gets everything
on resume, and live fan-out across the processes comes back by itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import msgspec

from client_api.socket import RoerSocket
from server.settings import Settings
from tests.chat.live import LiveServer
from tests.faults.conftest import RedisProcess
from tests.people import People


async def _collect(sock: RoerSocket, conv_id: str, upto: int, seconds: float) -> list[int]:
    seen: list[int] = []
    async with asyncio.timeout(seconds):
        while not seen or seen[-1] < upto:
            frame = await sock.next_message(seconds)
            if frame.conversation_id == conv_id:
                seen.append(frame.seq)
    return seen


async def test_redis_gone_mid_chat_messages_acked_resumed_and_fan_out_recovers(
    settings: Settings,
    private_redis: RedisProcess,
    servers: Callable[..., LiveServer],
    people_on: Callable[[LiveServer], People],
) -> None:
    scaled = msgspec.structs.replace(settings, redis_url=private_redis.url)
    first, second = servers(scaled), servers(scaled)
    people = people_on(first)
    fam = await people.family(parents=0)
    conv = next(c.id for c in (await fam.youth.client.conversations()).items if c.kind == "youth")
    console = fam.casemanager.client.socket(first.ws_url, max_backoff=0.3)
    phone = fam.youth.client.socket(second.ws_url, max_backoff=0.3)
    async with console, phone:
        # Live across the two processes through Redis.
        sent = [(await console.send(conv, f"voor {i}")).seq for i in range(5)]
        assert sent == [1, 2, 3, 4, 5]
        assert await _collect(phone, conv, 5, 10) == [1, 2, 3, 4, 5]

        await asyncio.to_thread(private_redis.kill)
        # Still stored and acked, over the socket and over HTTP.
        async with asyncio.timeout(20):
            acks = [(await console.send(conv, f"zonder redis {i}")).seq for i in range(8)]
            http = await fam.casemanager.client.send_message(conv, "via http zonder redis")
        assert acks == list(range(6, 14)) and http.seq == 14
        # The phone reconnects (to the other process, Redis still away) and resumes.
        await phone.cut()
        assert await _collect(phone, conv, 14, 20) == list(range(6, 15))

        restarted = RedisProcess(private_redis.log)
        restarted.port = private_redis.port
        await asyncio.to_thread(restarted.start)
        try:
            # Live fan-out comes back by itself: no reconnect of either socket.
            connects = phone.connects
            seq = 14
            async with asyncio.timeout(30):
                while True:
                    seq = (await console.send(conv, "is redis terug?")).seq
                    try:
                        got = await _collect(phone, conv, seq, 1.5)
                        break
                    except TimeoutError:
                        continue
            assert got[-1] == seq
            burst = [(await console.send(conv, f"na redis {i}")).seq for i in range(10)]
            assert await _collect(phone, conv, burst[-1], 10) == burst
            assert phone.connects == connects, "delivered live, not by reconnecting"
        finally:
            restarted.kill()
    stored = await fam.youth.client.messages(conv, limit=200)
    seqs = [m.seq for m in stored.items]
    assert seqs == list(range(1, burst[-1] + 1)), "no gap, no double"
