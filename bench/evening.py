"""The municipality evening: check-ins arriving, chats going on, forum readers — one process.

    python -m bench.evening [--seconds 60] [--speedup 1]

A municipality's 5,200 youths answer their evening check-in within 10 minutes (8.7/s)
while 300 chats go on (a message every 10 s per chat, youth and casemanager taking turns)
and 200 youths read the forum (each opens a board and a thread every 10 s). One Roer
process (uvicorn) on SQLite, the load from this process.

Time is compressed honestly: ``--speedup 1`` (default) keeps the real arrival rates and
runs a shorter window (``--seconds``), so 60 s carries 520 of the 5,200 check-ins at the
evening's real rate; ``--speedup 10 --seconds 60`` sends all 5,200 in one minute (10× the
rate). Chats and readers keep their real pace either way. All requests are paced (open
loop, latency counted from when each was due). Users are made straight in the database
before the clock starts (setup, not measured).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import msgspec

from bench.common import (
    Figures,
    Server,
    bootstrap,
    get_request,
    loadavg,
    paced,
    percentile,
    post_request,
    raise_file_limit,
)
from bench.reads import _board_id, make_thread
from client_api.schema import chat
from client_api.socket import RoerSocket

EVENING_CHECKINS = 5200
EVENING_SECONDS = 600
CHATS = 300
READERS = 200
CHAT_EVERY_S = 10.0
READ_EVERY_S = 10.0
YOUTHS_PER_CASEMANAGER = 50


def checkin_body() -> bytes:
    """A youth's evening check-in, as the check-in benchmark sends it."""
    from bench.checkins import ANSWER_BODY, QUESTIONNAIRE  # type: ignore[attr-defined]

    answers = {"mood": random.randint(3, 5), **ANSWER_BODY}
    return msgspec.json.encode(
        {"client_id": str(uuid.uuid4()), "questionnaire_id": QUESTIONNAIRE, "answers": answers}
    )


def has_checkins() -> bool:
    try:
        import bench.checkins  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True


class ChatLoad:
    """Sockets of the chats: each youth's phone and each casemanager's console."""

    def __init__(self) -> None:
        self.sent_at: dict[str, float] = {}
        self.sender_of: dict[str, int] = {}
        self.ack = Figures()
        self.delivery = Figures()
        # conversation id → (client_id, acked seq) of every acknowledged message
        self.acked: dict[str, list[tuple[str, int]]] = {}
        self.youth_socks: list[RoerSocket] = []
        self.cm_socks: list[RoerSocket] = []
        # (socket, conversation) → seqs that socket sent itself (acked, not echoed to it)
        self.own: dict[tuple[int, str], set[int]] = {}

    @property
    def sockets(self) -> list[RoerSocket]:
        return self.youth_socks + self.cm_socks

    def on_frame(self, socket_index: int) -> Any:
        def seen(frame: Any) -> None:
            if (
                isinstance(frame, chat.MessageFrame)
                and frame.client_id in self.sent_at
                and self.sender_of.get(frame.client_id) != socket_index
            ):
                self.delivery.add(200, time.perf_counter() - self.sent_at[frame.client_id])

        return seen


async def connect_chats(
    ws_urls: list[str], youth_tokens: list[str], cm_tokens: list[str], load: ChatLoad
) -> None:
    """Each youth's phone on process ``i % n``, their casemanager's console on the next one
    (so with two processes every message crosses over Redis), all connected before any
    load is measured: the scenario is chats going on, not phones connecting."""
    n = len(ws_urls)
    youth_socks = [
        RoerSocket(ws_urls[i % n], token=t, on_frame=load.on_frame(i))
        for i, t in enumerate(youth_tokens)
    ]
    cm_socks = [
        RoerSocket(ws_urls[(i + 1) % n], token=t, on_frame=load.on_frame(10_000 + i))
        for i, t in enumerate(cm_tokens)
    ]
    for i in range(0, len(youth_socks), 50):
        await asyncio.gather(*(s.start(60) for s in youth_socks[i : i + 50]))
    await asyncio.gather(*(s.start(60) for s in cm_socks))
    load.youth_socks, load.cm_socks = youth_socks, cm_socks


async def chats(
    conversations: list[str], seconds: float, load: ChatLoad, close: bool = True
) -> None:
    """A message per chat every CHAT_EVERY_S seconds, turn about, on ``connect_chats``'
    sockets."""
    youth_socks, cm_socks = load.youth_socks, load.cm_socks
    start = time.perf_counter()

    async def one_chat(index: int) -> None:
        conv = conversations[index]
        pair = [(index, youth_socks[index]), (10_000 + index // YOUTHS_PER_CASEMANAGER,
                cm_socks[index // YOUTHS_PER_CASEMANAGER])]  # fmt: skip
        due = start + random.random() * CHAT_EVERY_S
        for turn in itertools.count():
            if due >= start + seconds:
                return
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            who, sock = pair[turn % 2]
            cid = str(uuid.uuid4())
            load.sent_at[cid], load.sender_of[cid] = due, who
            try:
                ack = await asyncio.wait_for(sock.send(conv, "hoe gaat het vanavond?", cid), 30)
                load.ack.add(200, time.perf_counter() - due)
                load.acked.setdefault(conv, []).append((cid, ack.seq))
                load.own.setdefault((id(sock), conv), set()).add(ack.seq)
            except (TimeoutError, Exception):
                load.ack.add(599, 0.0)
            due += CHAT_EVERY_S

    await asyncio.gather(*(one_chat(i) for i in range(len(conversations))))
    await asyncio.sleep(1.0)  # last deliveries
    load.ack.elapsed = load.delivery.elapsed = time.perf_counter() - start
    if close:
        await asyncio.gather(*(s.close() for s in load.sockets))


async def run(seconds: float = 60.0, speedup: float = 1.0) -> dict[str, Any]:
    raise_file_limit()
    rate = EVENING_CHECKINS / EVENING_SECONDS * speedup
    checkin_count = min(EVENING_CHECKINS, int(rate * seconds))
    with_checkins = has_checkins()
    with tempfile.TemporaryDirectory(prefix="roer-evening-") as tmp:
        folder = Path(tmp)
        url = f"sqlite+aiosqlite:///{folder / 'evening.db'}"
        began = time.perf_counter()
        chatters = await bootstrap(url, CHATS, prefix="c")
        others = await bootstrap(
            url, max(READERS, checkin_count), conversations=False, prefix="e",
            youths_per_casemanager=YOUTHS_PER_CASEMANAGER,
        )  # fmt: skip
        setup_s = time.perf_counter() - began
        server = Server.roer(url, folder, "evening")
        await server.start()
        try:
            threads = [await make_thread(server.url, others.youth_tokens[:20]) for _ in range(5)]
            port = server.port
            readers = others.youth_tokens[:READERS]
            board = f"/api/v1/forum/boards/{_board_id('16-27')}/threads"
            figures = {
                "POST /checkins": Figures(),
                "GET /forum/boards/{id}/threads": Figures(),
                "GET /forum/threads/{id}": Figures(),
            }
            load = ChatLoad()
            await connect_chats(
                [f"ws://127.0.0.1:{port}/api/v1/ws"],
                chatters.youth_tokens,
                chatters.casemanager_tokens,
                load,
            )
            read_rate = READERS / READ_EVERY_S
            tasks = [
                chats(chatters.conversations, seconds, load),
                paced(
                    port,
                    lambda i: get_request(port, board, readers[i % READERS]),
                    read_rate,
                    seconds,
                    figures["GET /forum/boards/{id}/threads"],
                ),
                paced(
                    port,
                    lambda i: get_request(
                        port, f"/api/v1/forum/threads/{threads[i % 5]}", readers[-1 - i % READERS]
                    ),
                    read_rate,
                    seconds,
                    figures["GET /forum/threads/{id}"],
                ),
            ]
            if with_checkins:
                tokens = others.youth_tokens
                tasks.append(
                    paced(
                        port,
                        lambda i: post_request(port, "/api/v1/checkins", checkin_body(), tokens[i]),
                        rate,
                        checkin_count / rate,
                        figures["POST /checkins"],
                    )
                )
            else:
                del figures["POST /checkins"]
            await asyncio.gather(*tasks)
            load_now = loadavg()
        finally:
            server.stop()
    endpoints = {name: f.summary() for name, f in figures.items()}
    endpoints["chat send → ack (websocket)"] = load.ack.summary()
    endpoints["chat send → delivery to the other party"] = load.delivery.summary()
    failed = sum(e["errors"] for e in endpoints.values())
    mode = "real arrival rate" if speedup == 1 else f"{speedup:g}× the real check-in arrival rate"
    note = f"{mode}, {seconds:g} s window"
    checkin_text = (
        f"{checkin_count:,} check-ins at {rate:.1f}/s ({mode})"
        if with_checkins
        else "check-ins NOT run (the check-in domain is not in this tree)"
    )
    summary = (
        f"{checkin_text}, {CHATS} chats (a message per chat every {CHAT_EVERY_S:g} s), "
        f"{READERS} forum readers (board + thread every {READ_EVERY_S:g} s each) for "
        f"{seconds:g} s on one process with SQLite; p99 per endpoint in the table; "
        f"**{'no request failed' if failed == 0 else f'{failed} requests FAILED'}**; "
        f"setup (users straight in the database) {setup_s:.0f} s, not measured; "
        f"load at the end: {load_now}."
    )
    return {
        "endpoints": endpoints,
        "failed": failed,
        "note": note,
        "summary": summary,
        "checkins_run": with_checkins,
        "p99_ack_ms": round(percentile(load.ack.latencies, 0.99) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--speedup", type=float, default=1.0)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.seconds, args.speedup)), indent=2))


if __name__ == "__main__":
    main()
