"""The chat writer: concurrent sends share one commit, resends in a batch, failures.

These drive a ``ChatWriter`` of the test's own (on the test's event loop, on the test's
database) and read the result back through the app's HTTP API.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from client_api.schema import chat as api
from server.accounts.models import User
from server.chat import service
from server.chat.models import ChatMessage
from server.chat.writer import ChatWriter
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.db import make_engine, make_sessionmaker, new_id
from server.core.errors import ProblemException
from server.settings import Settings
from tests.people import Family, People, Person


@dataclass
class Harness:
    writer: ChatWriter
    env: service.Env
    actors: dict[str, Actor]
    published: list[tuple[bytes, str]] = field(default_factory=list)
    commits: list[int] = field(default_factory=lambda: [0])
    fail_commit: list[bool] = field(default_factory=lambda: [False])

    async def send(
        self, person: Person, conv_id: str, body: str, client_id: str | None = None
    ) -> service.Sent:
        data = api.MessageCreate(client_id=client_id or str(uuid.uuid4()), body=body)
        return await self.writer.send(self.actors[person.id], conv_id, data, self.env)


@asynccontextmanager
async def harness(settings: Settings, clock: Clock, people: list[Person]) -> AsyncIterator[Harness]:
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        users = await session.scalars(select(User).where(User.id.in_([p.id for p in people])))
        actors = {u.id: _actor(u) for u in users}

    async def offline(user_id: str) -> bool:
        return False

    env = service.Env(clock.now(), clock.today(), clock.tz, settings, offline)
    h = Harness(ChatWriter(sessions), env, actors)

    def on_commit(conn: Any) -> None:
        if h.fail_commit[0]:
            raise RuntimeError("disk full")
        h.commits[0] += 1

    event.listen(engine.sync_engine, "commit", on_commit)
    h.writer.start(lambda frame, name: h.published.append((frame, name)))
    try:
        yield h
    finally:
        await h.writer.stop()
        await engine.dispose()


def _actor(user: User) -> Actor:
    return Actor(
        id=user.id,
        role=user.role,
        session_id="test",
        mfa=True,
        birth_date=user.birth_date,
        organisation_id=user.organisation_id,
        display_name=user.display_name,
        username=user.username,
    )


async def _conv(person: Person, kind: str) -> str:
    return next(c.id for c in (await person.client.conversations()).items if c.kind == kind)


async def _families(people: People, n: int) -> list[tuple[Family, str, str]]:
    out = []
    for _ in range(n):
        fam = await people.family(parents=1)
        out.append((fam, await _conv(fam.youth, "youth"), await _conv(fam.parents[0], "parent")))
    return out


def _everyone(families: list[tuple[Family, str, str]]) -> list[Person]:
    return [p for f, _, _ in families for p in (f.casemanager, f.youth, *f.parents)]


async def test_burst_from_many_senders_is_one_commit_with_gap_free_seqs(
    people: People, settings: Settings, clock: Clock
) -> None:
    families = await _families(people, 4)
    sends: list[tuple[Person, str, str]] = []
    for i in range(10):
        for fam, youth_conv, parent_conv in families:
            sender = fam.youth if i % 2 else fam.casemanager
            sends.append((sender, youth_conv, f"bericht {i}"))
            sends.append((fam.parents[0], parent_conv, f"ouder {i}"))
    outsider = families[1][0].youth  # not in family 0's parent conversation
    async with harness(settings, clock, _everyone(families)) as h:
        results = await asyncio.gather(
            *(h.send(p, c, b) for p, c, b in sends),
            h.send(outsider, families[0][2], "mag ik meelezen?"),
            return_exceptions=True,
        )
        assert h.commits[0] == 1  # 81 sends, one transaction
    *sent, refused = results
    assert isinstance(refused, ProblemException) and refused.status_code == 404
    assert all(isinstance(s, service.Sent) and s.created for s in sent)
    for fam, youth_conv, parent_conv in families:
        for conv_id, reader in ((youth_conv, fam.youth), (parent_conv, fam.parents[0])):
            acked = [s.message.seq for s in sent if s.message.conversation_id == conv_id]  # type: ignore[union-attr]
            assert acked == list(range(1, 11))  # queue order, gap-free
            stored = (await reader.client.messages(conv_id)).items
            assert [m.seq for m in stored] == list(range(1, 11))
    # Published after the commit: each message once, in seq order per conversation.
    per_conv: dict[str, list[int]] = {}
    for frame, name in h.published:
        per_conv.setdefault(name, []).append(json.loads(frame)["seq"])
    assert len(per_conv) == 8 and all(seqs == list(range(1, 11)) for seqs in per_conv.values())


async def test_resends_inside_one_batch_get_the_same_seq_and_are_stored_once(
    people: People, settings: Settings, clock: Clock
) -> None:
    (fam, conv_id, _), *_ = await _families(people, 1)
    again = str(uuid.uuid4())
    async with harness(settings, clock, _everyone([(fam, conv_id, "")])) as h:
        first, other, resend, resend2 = await asyncio.gather(
            h.send(fam.youth, conv_id, "een keer", again),
            h.send(fam.casemanager, conv_id, "tussendoor"),
            h.send(fam.youth, conv_id, "een keer", again.upper()),  # client ids are lowercased
            h.send(fam.youth, conv_id, "een keer", again),
        )
        assert h.commits[0] == 1
        later = await h.send(fam.youth, conv_id, "een keer", again)  # and in a later batch
    assert (first.created, resend.created, resend2.created, later.created) == (
        True,
        False,
        False,
        False,
    )
    assert first.message.seq == resend.message.seq == resend2.message.seq == later.message.seq == 1
    assert resend.message.id == first.message.id and other.message.seq == 2
    stored = (await fam.youth.client.messages(conv_id)).items
    assert [(m.seq, m.body) for m in stored] == [(1, "een keer"), (2, "tussendoor")]
    assert len(h.published) == 2  # the resends publish nothing


async def test_failed_commit_acks_nothing_and_the_writer_recovers(
    people: People, settings: Settings, clock: Clock
) -> None:
    (fam, conv_id, parent_conv), *_ = await _families(people, 1)
    ids = [str(uuid.uuid4()) for _ in range(5)]
    async with harness(settings, clock, _everyone([(fam, conv_id, parent_conv)])) as h:
        h.fail_commit[0] = True
        failed = await asyncio.gather(
            *(h.send(fam.youth, conv_id, f"bericht {i}", cid) for i, cid in enumerate(ids)),
            h.send(fam.parents[0], parent_conv, "ook weg"),
            return_exceptions=True,
        )
        assert all(isinstance(r, ProblemException) and r.status_code == 503 for r in failed)
        assert h.published == []  # nothing published for what was not committed
        assert (await fam.casemanager.client.messages(conv_id)).items == []
        h.fail_commit[0] = False
        retried = await asyncio.gather(
            *(h.send(fam.youth, conv_id, f"bericht {i}", cid) for i, cid in enumerate(ids))
        )
    assert [s.message.seq for s in retried] == [1, 2, 3, 4, 5]
    assert all(s.created for s in retried)
    stored = (await fam.casemanager.client.messages(conv_id)).items
    assert [m.seq for m in stored] == [1, 2, 3, 4, 5]


async def test_a_batch_failing_on_a_constraint_is_written_one_by_one(
    people: People, settings: Settings, clock: Clock
) -> None:
    """A row the counter does not know (seq 2 taken) fails the batch's insert; the
    writer then writes message by message: only the one that collides fails."""
    families = await _families(people, 2)
    (fam, conv_id, _), (other, other_conv, _) = families
    async with people.db() as session:
        await session.execute(
            insert(ChatMessage).values(
                id=new_id(),
                conversation_id=conv_id,
                seq=2,
                sender_role="system",
                body="in de weg",
                sent_at=clock.now(),
            )
        )
        await session.commit()
    async with harness(settings, clock, _everyone(families)) as h:
        results = await asyncio.gather(
            h.send(fam.youth, conv_id, "een"),
            h.send(other.youth, other_conv, "ander gesprek"),
            h.send(fam.youth, conv_id, "twee"),
            h.send(other.casemanager, other_conv, "antwoord"),
            return_exceptions=True,
        )
        assert h.commits[0] == 3  # the batch rolled back; three single sends committed
    assert [isinstance(r, service.Sent) for r in results] == [True, True, False, True]
    assert isinstance(results[2], ProblemException) and results[2].status_code == 503
    assert (results[0].message.seq, results[1].message.seq, results[3].message.seq) == (1, 1, 2)  # type: ignore[union-attr]
    stored = (await other.youth.client.messages(other_conv)).items
    assert [m.body for m in stored] == ["ander gesprek", "antwoord"]


@pytest.mark.parametrize("queued", [3])
async def test_stop_drains_queued_sends_then_refuses(
    people: People, settings: Settings, clock: Clock, queued: int
) -> None:
    (fam, conv_id, _), *_ = await _families(people, 1)
    async with harness(settings, clock, [fam.youth, fam.casemanager]) as h:
        pending = [
            asyncio.ensure_future(h.send(fam.youth, conv_id, "net op tijd")) for _ in range(queued)
        ]
        await asyncio.sleep(0)
        await h.writer.stop()
        assert [(await p).message.seq for p in pending] == [1, 2, 3]
        with pytest.raises(ProblemException) as refused:
            await h.send(fam.youth, conv_id, "te laat")
        assert refused.value.status_code == 503
