"""The world the authorisation matrix runs in: one case with everyone around its youth, a
second case for the "other" roles, and real objects of the youth's behind every path.

Roles (the matrix's columns):

- ``youth``: 17, in case A (BIG5 open, forum space "16-27");
- ``other_youth``: 17, in case B; ``parent`` of the youth (with authority, case A);
  ``other_parent`` (case B);
- ``cm``: casemanager of case A; ``other_cm``: casemanager of case B, in the *same*
  organisation ("Team Noord"), so a refusal is about the caseload, not the organisation;
- ``support``: the youth's steunfiguur; ``moderator``; ``admin`` (Team Noord, the
  organisation of both cases); ``peer_expert``; ``anon`` (no token).

The youth shares check-ins and the BIG5 as summaries with their parents (from 16 the
youth alone decides: nothing else is shared with them) and the BIG5 and plans with the
support person, so every kind of grant — full, summary, not shared, unrelated — occurs.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pyotp
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from client_api.client import RoerClient
from client_api.schema import big5, privacy
from client_api.schema.checkins import ScheduleSpec
from server.accounts.models import Case
from server.alerts.service import raise_alert
from server.core.audit import AccessLog
from server.core.db import make_engine, make_sessionmaker
from tests.people import PASSWORD, People, Person

ROLES = (
    "youth",
    "other_youth",
    "parent",
    "other_parent",
    "cm",
    "other_cm",
    "support",
    "moderator",
    "admin",
    "peer_expert",
    "anon",
)
PHONE = "Bel me maar op 0612345678"
YOUTH_Q = "jongere-dagelijks.v1"


def cid() -> str:
    return str(uuid.uuid4())


@dataclass
class World:
    people: People
    persons: dict[str, Person]
    # Path parameter values, by name (see ``PARAMS`` in matrix.py).
    ids: dict[str, str]
    # A second signed-in session per role, for the cells that end a session.
    spare: dict[str, RoerClient]
    engine: AsyncEngine
    # Values that cells hand on to later cells (a 2FA secret to confirm).
    scratch: dict[str, Any] = field(default_factory=dict)

    def token(self, role: str, spare: bool = False) -> str | None:
        if role == "anon":
            return None
        client = self.spare[role] if spare else self.persons[role].client
        return client.access_token

    async def last_log_id(self) -> int:
        """The newest access-log row about the youth (0 when none)."""
        async with make_sessionmaker(self.engine)() as session:
            found = await session.scalar(
                select(func.max(AccessLog.id)).where(AccessLog.subject_id == self.youth_id)
            )
            return int(found or 0)

    async def logged_since(self, after: int, role: str) -> bool:
        """Did ``role``'s person write an access-log row about the youth after row ``after``?"""
        async with make_sessionmaker(self.engine)() as session:
            found = await session.scalar(
                select(func.count(AccessLog.id)).where(
                    AccessLog.subject_id == self.youth_id,
                    AccessLog.id > after,
                    AccessLog.actor_id == self.persons[role].id,
                )
            )
            return bool(found)

    @property
    def youth_id(self) -> str:
        return self.persons["youth"].id


async def _spare_session(people: People, person: Person) -> RoerClient:
    """Sign the person in once more. Staff use the code of the next 30-second step: the
    step of their enrolment is spent (a code is accepted once) and one step of drift is."""
    client = people.client()
    code = None
    if person.totp_secret:
        code = pyotp.TOTP(person.totp_secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    await client.login(person.username, PASSWORD, totp_code=code)
    return client


async def build(people: People) -> World:
    cm = await people.staff("casemanager")
    other_cm = await people.staff("casemanager")
    admin = await people.staff("admin")
    moderator = await people.staff("moderator")
    peer = await people.staff("peer_expert", mfa=False)
    fam = await people.family(17, parents=1, casemanager=cm)
    ids: dict[str, str] = {"case": fam.case.id, "youth": fam.youth.id}
    other = await people.family(17, parents=1, casemanager=other_cm)
    youth = fam.youth.client
    invited = await youth.invite_support_person("coach")
    support = await people.with_code(invited.code, prefix="steun")
    ids["support_person"] = invited.person.id
    await youth.update_sharing(
        [
            privacy.SharingChoice(category="checkins", audience="parent", level="summary"),
            privacy.SharingChoice(category="big5", audience="parent", level="summary"),
            privacy.SharingChoice(category="big5", audience="support_person", level="full"),
            privacy.SharingChoice(category="plans", audience="support_person", level="full"),
        ]
    )
    persons = {
        "youth": fam.youth,
        "other_youth": other.youth,
        "parent": fam.parents[0],
        "other_parent": other.parents[0],
        "cm": cm,
        "other_cm": other_cm,
        "support": support,
        "moderator": moderator,
        "admin": admin,
        "peer_expert": peer,
    }
    case_id = fam.case.id

    # Check-ins: a rhythm, an answer, and an alert on the youth's case.
    every_day = ScheduleSpec(days=[1, 2, 3, 4, 5, 6, 7], times=["08:00"])
    await cm.client.set_checkin_schedule(case_id, youth=every_day)
    answers = {"mood": 4, "sleep": 3, "safe_home": "ja", "wants_contact": False}
    await youth.submit_checkin(cid(), YOUTH_Q, answers)
    async with people.db() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        await raise_alert(
            session, case=case, rule="wants_contact", urgent=False, now=people.clock.now(),
            settings=people.settings, tz=people.clock.tz, detail="matrix",
        )  # fmt: skip
        await session.commit()
    ids["alert"] = (await cm.client.alerts()).items[0].id

    # Chat: the youth's conversation with a message each way (the casemanager's answer
    # lands in the youth's inbox), and a family conversation waiting for the youth's consent.
    conversations = (await youth.conversations()).items
    ids["conversation"] = next(c.id for c in conversations if c.kind == "youth")
    await youth.send_message(ids["conversation"], "Hoi, hoe laat is de afspraak?")
    await cm.client.send_message(ids["conversation"], "Om drie uur, tot dan!")
    ids["family_conversation"] = (await cm.client.open_family_conversation(case_id)).id
    ids["notification"] = (await youth.notifications()).items[0].id

    # BIG5: an assessment and a plan.
    domains = [big5.DomainAssessmentIn(domain="wonen", status="deels")]
    await youth.big5_assess(domains, client_id=cid())
    plan = big5.PlanCreate(
        domain="wonen",
        goal="Een eigen kamer vinden",
        # Overdue since yesterday: the casemanager's list of overdue actions shows it.
        actions=[
            big5.ActionIn(
                text="Inschrijven bij de woningcorporatie",
                who="youth",
                due_date=people.clock.today() - dt.timedelta(days=1),
            )
        ],
    )
    ids["plan"] = (await youth.big5_create_plan(fam.youth.id, plan)).id

    # The file: three notes (a correction request on two, the third for the matrix to ask
    # about), and a destruction request.
    note_a = await cm.client.add_note(case_id, "Gesprek", "We spraken over school.")
    note_b = await cm.client.add_note(case_id, "Huisbezoek", "Moeder was er ook.")
    ids["note_c"] = (await cm.client.add_note(case_id, "Afspraak", "Om drie uur.")).id
    ids["correction"] = (await youth.request_correction(note_a.id, "Dat klopt niet.")).id
    ids["declined_correction"] = (
        await youth.request_correction(note_b.id, "Moeder was er niet.")
    ).id
    ids["destruction"] = (await youth.request_destruction(explanation="Opnieuw beginnen.")).id

    # Forum: the youth's thread, a reply of the other youth, a held post (a queue item)
    # and a removed one (appealable).
    board = next(b for b in (await youth.forum_boards()).items if b.space == "16-27")
    ids["board"] = board.id
    thread = await youth.forum_create_thread(board.id, "Even voorstellen", "Hoi allemaal!", cid())
    ids["thread"] = thread.thread.id
    ids["post"] = thread.post.id
    ids["own_post"] = (await youth.forum_reply(thread.thread.id, "Nog iets.", cid())).id
    ids["member"] = thread.post.author.member_id
    removed = await youth.forum_reply(thread.thread.id, PHONE, cid())
    [item] = (await moderator.client.moderation_queue()).items
    await moderator.client.moderation_decide(item.id, "remove", reason="Geen nummers hier.")
    ids["removed_post"] = removed.id
    await youth.forum_reply(thread.thread.id, PHONE + " of app", cid())
    ids["queue_item"] = (await moderator.client.moderation_queue()).items[0].id
    await other.youth.client.forum_reply(thread.thread.id, "Welkom!", cid())

    ids["device"] = (await youth.add_device("android", "push-token-jongere")).id
    ids["guide"] = (await people.client().guides()).items[0].slug
    ids["questionnaire"] = YOUTH_Q
    ids["pathway"] = (await people.client().pathways()).items[0].slug
    ids["reaction"] = "herkenbaar"

    spare = {role: await _spare_session(people, p) for role, p in persons.items()}
    # The youth's own device to end by id (DELETE /me/sessions/{id}).
    device = await _spare_session(people, fam.youth)
    sessions = (await device.sessions()).items
    ids["session"] = next(s.id for s in sessions if s.current)
    # An account to sign in as (POST /auth/login), apart from the world's people.
    ids["login"] = (await people.youth(17)).username
    return World(people, persons, ids, spare, make_engine(people.settings))
