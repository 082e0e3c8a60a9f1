"""The attention queue: one open alert per rule, urgent first, resolve, escalation."""

from __future__ import annotations

import datetime as dt

import pytest

from client_api.client import RoerError
from server.accounts.models import Case
from server.alerts.service import raise_alert
from tests.people import Family, People


async def trigger(people: People, family: Family, rule: str, urgent: bool) -> None:
    """Raise an alert the way a domain service does (check-ins and chat call this)."""
    async with people.db() as session:
        case = await session.get(Case, family.case.id)
        assert case is not None
        await raise_alert(
            session,
            case=case,
            rule=rule,
            urgent=urgent,
            now=people.clock.now(),
            settings=people.settings,
            tz=people.clock.tz,
            detail="test",
        )
        await session.commit()


async def test_one_open_alert_per_rule_and_urgent_first(people: People) -> None:
    family = await people.family(15)
    await trigger(people, family, "low_mood", urgent=False)
    people.clock.advance(dt.timedelta(minutes=5))
    await trigger(people, family, "unsafe_home", urgent=True)
    await trigger(people, family, "unsafe_home", urgent=True)
    items = (await family.casemanager.client.alerts()).items
    assert [a.rule for a in items] == ["unsafe_home", "low_mood"]
    assert items[0].trigger_count == 2 and items[0].urgent
    assert items[1].waiting_minutes >= 5


async def test_resolve_needs_a_note_and_reopens_fresh(people: People) -> None:
    family = await people.family(16)
    await trigger(people, family, "wants_contact", urgent=False)
    cm = family.casemanager.client
    alert = (await cm.alerts()).items[0]
    with pytest.raises(RoerError) as err:
        await cm.resolve_alert(alert.id, "")
    assert err.value.status == 400
    done = await cm.resolve_alert(alert.id, "Gebeld, afspraak gemaakt")
    assert done.resolved_at is not None and done.resolution_note == "Gebeld, afspraak gemaakt"
    assert (await cm.alerts()).items == []
    assert len((await cm.alerts(include_resolved=True)).items) == 1
    with pytest.raises(RoerError) as err:
        await cm.resolve_alert(alert.id, "nog een keer")
    assert err.value.status == 409
    await trigger(people, family, "wants_contact", urgent=False)
    assert [a.trigger_count for a in (await cm.alerts()).items] == [1]


async def test_other_casemanager_sees_nothing_and_reads_are_logged(people: People) -> None:
    family = await people.family(15)
    other = await people.staff("casemanager", organisation="Team Zuid")
    await trigger(people, family, "missed", urgent=False)
    assert (await other.client.alerts()).items == []
    alert_id = (await family.casemanager.client.alerts()).items[0].id
    with pytest.raises(RoerError) as err:
        await other.client.resolve_alert(alert_id, "niet van mij")
    assert err.value.status == 404
    log = (await family.youth.client.access_log()).items
    assert any(e.resource == "alerts" and e.actor_role == "casemanager" for e in log)
    for who in (family.youth.client, family.parents[0].client):
        with pytest.raises(RoerError) as err:
            await who.alerts()
        assert err.value.status == 403


async def test_unacknowledged_urgent_alert_escalates_to_the_team(people: People) -> None:
    family = await people.family(14)
    colleague = await people.staff("casemanager")  # same organisation: "Team Noord"
    outsider = await people.staff("casemanager", organisation="Team Zuid")
    await trigger(people, family, "unsafe_home", urgent=True)
    client = family.youth.client
    await client.test_tick()
    assert (await colleague.client.alerts()).items == []
    await client.test_clock(advance=dt.timedelta(minutes=31))
    await client.test_tick()
    seen = (await colleague.client.alerts()).items
    assert len(seen) == 1 and seen[0].escalated_to_me and seen[0].escalated_at is not None
    assert (await outsider.client.alerts()).items == []
    own = (await family.casemanager.client.alerts()).items[0]
    assert own.escalated_at is not None and not own.escalated_to_me
    kinds = [n.kind for n in (await colleague.client.notifications()).items]
    assert "alert_escalated" in kinds
    await colleague.client.resolve_alert(seen[0].id, "Ik heb haar gebeld")


async def test_acknowledged_alert_does_not_escalate(people: People) -> None:
    family = await people.family(14)
    colleague = await people.staff("casemanager")
    await trigger(people, family, "crisis", urgent=True)
    alert = (await family.casemanager.client.alerts()).items[0]
    await family.casemanager.client.acknowledge_alert(alert.id)
    await family.youth.client.test_clock(advance=dt.timedelta(hours=2))
    await family.youth.client.test_tick()
    assert (await colleague.client.alerts()).items == []
