"""The check-in writer: concurrent check-ins share one commit, retries in a batch, failures.

These drive a ``CheckinWriter`` of the test's own (on the test's event loop, on the test's
database) and read the result back through the app's HTTP API.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event, select

from client_api.schema import checkins as api
from server.accounts.models import User
from server.checkins import service
from server.checkins.writer import CheckinWriter
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.db import make_engine, make_sessionmaker
from server.core.errors import ProblemException
from server.settings import Settings
from tests.checkins.helpers import YOUTH_Q, cid, daily, local, tick_at, youth_answers
from tests.people import Family, People, Person


@dataclass
class Harness:
    writer: CheckinWriter
    settings: Settings
    clock: Clock
    actors: dict[str, Actor]
    sessions: Any
    commits: list[int] = field(default_factory=lambda: [0])
    fail_commit: list[bool] = field(default_factory=lambda: [False])

    async def pending(
        self, person: Person, client_id: str, answers: dict[str, Any], prompt_id: str | None = None
    ) -> service.Pending:
        data = api.CheckinCreate(
            client_id=client_id, questionnaire_id=YOUTH_Q, answers=answers, prompt_id=prompt_id
        )
        async with self.sessions() as session:
            prepared = await service.prepare(
                session, self.actors[person.id], data, now=self.clock.now(),
                today=self.clock.today(), settings=self.settings, tz=self.clock.tz,
            )  # fmt: skip
        assert isinstance(prepared, service.Pending)
        return prepared


@asynccontextmanager
async def harness(settings: Settings, clock: Clock, people: list[Person]) -> AsyncIterator[Harness]:
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        users = await session.scalars(select(User).where(User.id.in_([p.id for p in people])))
        actors = {u.id: _actor(u) for u in users}
    h = Harness(CheckinWriter(sessions), settings, clock, actors, sessions)

    def on_commit(conn: Any) -> None:
        if h.fail_commit[0]:
            raise RuntimeError("disk full")
        h.commits[0] += 1

    event.listen(engine.sync_engine, "commit", on_commit)
    h.writer.start()
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
        mfa=False,
        birth_date=user.birth_date,
        organisation_id=user.organisation_id,
        display_name=user.display_name,
        username=user.username,
    )


async def _stored(family: Family) -> list[api.CheckinEntry]:
    return (await family.casemanager.client.case_checkins(family.case.id)).checkins


async def _prompt(people: People, family: Family) -> str:
    await daily(people, family, local(2026, 9, 1, 7, 0))
    await tick_at(people, local(2026, 9, 1, 8, 1))
    return (await family.youth.client.due_checkins()).items[0].id


async def test_a_burst_is_one_commit_and_retries_in_it_get_the_original(
    people: People, settings: Settings, clock: Clock
) -> None:
    one, two = await people.family(15), await people.family(15)
    prompt_id = await _prompt(people, one)
    same, taken, answer = cid(), cid(), cid()
    async with harness(settings, clock, [one.youth, two.youth]) as h:
        jobs = [
            await h.pending(one.youth, answer, youth_answers(4), prompt_id),
            await h.pending(one.youth, same, youth_answers(3, note="Ging oké")),
            await h.pending(two.youth, cid(), youth_answers(2, safe_home="nee")),
            await h.pending(one.youth, same, youth_answers(3, note="Ging oké")),  # a retry
            await h.pending(one.youth, answer, youth_answers(4), prompt_id),  # a retry
            await h.pending(two.youth, taken, youth_answers(5)),
            await h.pending(two.youth, taken, youth_answers(1)),  # another body: 409
            await h.pending(one.youth, cid(), youth_answers(4), prompt_id),  # answered: 409
        ]
        results = await asyncio.gather(
            *(h.writer.submit(job) for job in jobs), return_exceptions=True
        )
        assert h.commits[0] == 1 and h.writer.written == len(jobs)
    first, note, unsafe, retry, prompt_retry, kept, other, answered = results
    assert isinstance(first, api.Checkin) and first.prompt_status == "answered"
    assert prompt_retry == first and retry == note
    assert isinstance(unsafe, api.Checkin) and any(s.phone == "0800-2000" for s in unsafe.signposts)
    assert isinstance(kept, api.Checkin) and kept.answers["mood"] == 5
    for refused in (other, answered):
        assert isinstance(refused, ProblemException) and refused.status_code == 409
    assert sorted(c.answers["mood"] for c in await _stored(one)) == [3, 4]
    assert sorted(c.answers["mood"] for c in await _stored(two)) == [2, 5]
    assert (await one.youth.client.due_checkins()).items == []
    alerts = (await two.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("unsafe_home", True)]


async def test_failed_commit_acks_nothing_and_the_writer_recovers(
    people: People, settings: Settings, clock: Clock
) -> None:
    family = await people.family(15)
    prompt_id = await _prompt(people, family)
    async with harness(settings, clock, [family.youth]) as h:
        jobs = [await h.pending(family.youth, cid(), youth_answers(m)) for m in (1, 2, 3)]
        jobs.append(await h.pending(family.youth, cid(), youth_answers(4), prompt_id))
        h.fail_commit[0] = True
        failed = await asyncio.gather(
            *(h.writer.submit(job) for job in jobs), return_exceptions=True
        )
        assert all(isinstance(r, ProblemException) and r.status_code == 503 for r in failed)
        assert await _stored(family) == []
        assert [p.id for p in (await family.youth.client.due_checkins()).items] == [prompt_id]
        h.fail_commit[0] = False
        retried = await asyncio.gather(*(h.writer.submit(job) for job in jobs))
    assert [c.answers["mood"] for c in retried] == [1, 2, 3, 4]
    assert retried[3].prompt_status == "answered"
    assert len(await _stored(family)) == 4


async def test_a_prompt_answer_with_a_taken_client_id_is_stored_one_by_one(
    people: People, settings: Settings, clock: Clock
) -> None:
    """The batch marks the prompt, then finds the client_id taken: only a rollback undoes
    the mark, so the batch is rolled back and stored check-in by check-in."""
    family = await people.family(15)
    prompt_id = await _prompt(people, family)
    taken = cid()
    await family.youth.client.submit_checkin(taken, YOUTH_Q, youth_answers(2))
    async with harness(settings, clock, [family.youth]) as h:
        jobs = [
            await h.pending(family.youth, cid(), youth_answers(3)),
            await h.pending(family.youth, taken, youth_answers(4), prompt_id),
            await h.pending(family.youth, cid(), youth_answers(5)),
        ]
        results = await asyncio.gather(
            *(h.writer.submit(job) for job in jobs), return_exceptions=True
        )
        assert h.commits[0] == 2  # the batch rolled back; the two good ones one by one
    assert isinstance(results[1], ProblemException) and results[1].status_code == 409
    assert [r.answers["mood"] for r in (results[0], results[2])] == [3, 5]  # type: ignore[union-attr]
    assert sorted(c.answers["mood"] for c in await _stored(family)) == [2, 3, 5]
    # The prompt is still open: its mark was rolled back with the batch.
    assert [p.id for p in (await family.youth.client.due_checkins()).items] == [prompt_id]


async def test_stop_stores_queued_check_ins_then_refuses(
    people: People, settings: Settings, clock: Clock
) -> None:
    family = await people.family(15)
    queued = 3
    async with harness(settings, clock, [family.youth]) as h:
        jobs = [await h.pending(family.youth, cid(), youth_answers(4)) for _ in range(queued)]
        pending = [asyncio.ensure_future(h.writer.submit(job)) for job in jobs]
        await asyncio.sleep(0)
        await h.writer.stop()
        assert all(isinstance(r, api.Checkin) for r in await asyncio.gather(*pending))
        with pytest.raises(ProblemException) as refused:
            await h.writer.submit(await h.pending(family.youth, cid(), youth_answers(4)))
        assert refused.value.status_code == 503
    assert len(await _stored(family)) == queued
