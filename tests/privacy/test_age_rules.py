"""The sharing rules switch by themselves on the 12th and 16th birthday, and people are told."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from client_api.client import RoerError
from client_api.schema.privacy import SharingChoice
from server.accounts.models import Case
from server.accounts.service import create_user
from tests.people import People, Person


async def youth_turning(people: People, age: int, in_days: int) -> tuple[Person, Person, str]:
    """A casemanager's case with a youth who turns ``age`` in ``in_days`` days."""
    cm = await people.staff("casemanager")
    case = await cm.client.create_case(people.name("casus-"))
    code = (await cm.client.invite(case.id, "youth")).code
    youth = await people.youth(age - 1, invite_code=code, days_past_birthday=365 - in_days)
    parent = await people.with_code((await cm.client.invite(case.id, "parent")).code)
    await cm.client.add_note(case.id, "Gesprek", "Inhoud van het gesprek.")
    return youth, parent, case.id


async def test_on_the_16th_birthday_the_parents_view_closes_and_both_are_told(
    people: People,
) -> None:
    youth, parent, case_id = await youth_turning(people, 16, in_days=5)
    assert (await parent.client.case_notes(case_id)).level == "summary"
    await people.http.post("/api/v1/test/tick")
    assert (await youth.client.notifications()).items == []  # not 16 yet
    await youth.client.test_clock(advance=dt.timedelta(days=6))
    with pytest.raises(RoerError) as err:
        await parent.client.case_notes(case_id)
    assert err.value.status == 403
    await youth.client.test_tick()
    await youth.client.test_tick()  # idempotent: told once
    told = [n for n in (await youth.client.notifications()).items if n.kind == "sharing_age_16"]
    assert len(told) == 1
    assert "16" in told[0].title
    assert "WGBO" in told[0].body
    assert "je dossier (verslagen): eerst een samenvatting" in told[0].body
    assert "nu niets" in told[0].body
    heard = [n for n in (await parent.client.notifications()).items if n.kind == "sharing_age_16"]
    assert len(heard) == 1
    assert heard[0].title == "Uw kind is 16 geworden"


async def test_a_youth_who_already_shares_hears_that_nothing_changes_for_them(
    people: People,
) -> None:
    youth, parent, case_id = await youth_turning(people, 16, in_days=2)
    await youth.client.update_sharing(
        [
            SharingChoice(category=c, audience="parent", level="full")  # type: ignore[arg-type]
            for c in ("checkins", "big5", "plans", "notes")
        ]
    )
    await youth.client.test_clock(advance=dt.timedelta(days=3))
    await youth.client.test_tick()
    assert (await parent.client.case_notes(case_id)).level == "full"
    told = [n for n in (await youth.client.notifications()).items if n.kind == "sharing_age_16"]
    assert "verandert er niets" in told[0].body


async def test_on_the_12th_birthday_parents_see_summaries_only(people: People) -> None:
    """Children under 12 have no login; the operator links them (as a care provider would)."""
    cm = await people.staff("casemanager")
    case = await cm.client.create_case(people.name("casus-"))
    parent = await people.with_code((await cm.client.invite(case.id, "parent")).code)
    today = people.clock.today()
    birth = today.replace(year=today.year - 12) + dt.timedelta(days=3)
    async with people.db() as session:
        child = await create_user(
            session,
            role="youth",
            username=people.name("kind"),
            password="een lange zin als wachtwoord",
            now=people.clock.now(),
            hashing="fast",
            birth_date=birth,
        )
        await session.execute(update(Case).where(Case.id == case.id).values(youth_id=child.id))
        await session.commit()
    await cm.client.add_note(case.id, "Gesprek", "Inhoud.")
    assert (await parent.client.case_notes(case.id)).level == "full"
    await parent.client.test_clock(advance=dt.timedelta(days=4))
    await parent.client.test_tick()
    assert (await parent.client.case_notes(case.id)).level == "summary"
    heard = [n for n in (await parent.client.notifications()).items if n.kind == "sharing_age_12"]
    assert [n.title for n in heard] == ["Uw kind is 12 geworden"]
