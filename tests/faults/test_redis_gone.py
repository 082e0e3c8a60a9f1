"""Redis gone (scale-out mode, on PostgreSQL): in the middle of a chat, and at sign-in.

The tests start their own ``redis-server`` on a free port (never the shared one). The chat
test kills it while a casemanager on one process chats with a youth on the other, keeps
sending, and starts it again: messages are stored and acked all the time, the youth gets
everything on resume, and live fan-out across the processes comes back by itself. The
sign-in test kills it and signs in: still possible, and still throttled.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable, Iterator

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from client_api.client import RoerError
from client_api.socket import RoerSocket
from server.app import create_app
from server.core.clock import Clock
from server.settings import Settings
from tests.chat.live import LiveServer
from tests.faults.conftest import RedisProcess
from tests.people import PASSWORD, People


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


async def test_login_keeps_working_and_throttled_while_redis_is_gone(
    settings: Settings, clock: Clock, private_redis: RedisProcess
) -> None:
    """Sign-in counts failures and requests in Redis when scaled out. Without Redis it goes
    on with this process's own counts (limits per process until Redis answers again)."""
    scaled = msgspec.structs.replace(
        settings,
        redis_url=private_redis.url,
        login_max_failures_account=3,
        rate_limit_requests=20,
        rate_limit_window="minute",
    )
    app = create_app(scaled, clock)
    async with AsyncTestClient(app=app) as http:
        people = People(app, http, clock, scaled)
        youth = await people.youth(16)
        await asyncio.to_thread(private_redis.kill)

        again = people.client()
        await again.login(youth.username, PASSWORD)
        assert (await again.me()).id == youth.id
        for _ in range(3):
            assert (await _fails(people.client().login(youth.username, "fout"))).status == 401
        throttled = await _fails(people.client().login(youth.username, PASSWORD))
        assert throttled.status == 429 and throttled.type == "too-many-requests"

        # The request limit holds too: 6 requests since Redis went, 20 a minute.
        for _ in range(14):
            await again.me()
        assert (await _fails(again.me())).status == 429


async def _fails(call: Awaitable[object]) -> RoerError:
    with pytest.raises(RoerError) as err:
        await call
    return err.value


@contextlib.contextmanager
def _unanswering_host() -> Iterator[str]:
    """The address of a Redis whose host is gone from the network: connection attempts get
    no answer at all (not even a refusal). A listening socket whose one-place accept queue
    is full does that on loopback: the kernel drops every further SYN."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)):
            yield f"redis://127.0.0.1:{port}/0"


async def test_sign_in_and_chat_go_on_when_the_redis_host_does_not_answer(
    backend: str, settings: Settings, clock: Clock
) -> None:
    """Every Redis call fails after ``redis_timeout_seconds``: without a connect timeout it
    would wait for the kernel to give up on the connection attempt (about two minutes), and
    sign-in and chat with it."""
    if backend != "postgres":
        pytest.skip("scale-out mode needs PostgreSQL (ROER_TEST_POSTGRES_URL)")
    with _unanswering_host() as url:
        scaled = msgspec.structs.replace(settings, redis_url=url, redis_timeout_seconds=1.0)
        app = create_app(scaled, clock)
        async with asyncio.timeout(45), AsyncTestClient(app=app) as http:
            people = People(app, http, clock, scaled)
            fam = await people.family(parents=0)
            convs = (await fam.youth.client.conversations()).items
            conv = next(c.id for c in convs if c.kind == "youth")
            sent = await fam.youth.client.send_message(conv, "is er iemand?")
            again = people.client()
            await again.login(fam.youth.username, PASSWORD)
            got = await again.messages(conv)
            assert [m.seq for m in got.items] == [sent.seq]
