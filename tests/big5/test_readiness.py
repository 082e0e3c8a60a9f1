"""Readiness over moved time, the caseload overview, and the monthly prompt."""

from __future__ import annotations

import datetime as dt

from tests.big5.helpers import all_domains, cid
from tests.people import PASSWORD, People, Person


async def test_readiness_needs_both_views_geregeld_for_the_whole_period(people: People) -> None:
    family = await people.family(17)
    youth, cm = family.youth, family.casemanager
    await youth.client.big5_assess(all_domains(), client_id=cid())
    ready = (await cm.client.big5(youth.id)).readiness
    assert not ready.ready and ready.label == "nog niet klaar om los te laten"
    assert {m.domain for m in ready.missing} == {
        "support", "wonen", "school_werk", "inkomen", "welzijn"
    }  # fmt: skip
    assert ready.missing[0].missing == ["Nog geen beoordeling door de casemanager"]
    await cm.client.big5_assess(all_domains(), client_id=cid(), youth_id=youth.id)
    ready = (await cm.client.big5(youth.id)).readiness
    assert not ready.ready and ready.stable_since is not None
    assert ready.missing[0].missing == ["Nog geen 3 maanden achter elkaar geregeld"]
    await youth.client.test_clock(advance=dt.timedelta(days=60))
    await cm.client.big5_assess(
        all_domains(wonen="grotendeels"), client_id=cid(), youth_id=youth.id
    )
    ready = (await youth.client.big5(youth.id)).readiness
    missing = {m.domain: m.missing for m in ready.missing}
    assert missing["wonen"] == ["Volgens de casemanager: grotendeels geregeld"]
    assert missing["inkomen"] == ["Nog geen 3 maanden achter elkaar geregeld"]
    await cm.client.big5_assess(all_domains(), client_id=cid(), youth_id=youth.id)
    await youth.client.test_clock(advance=dt.timedelta(days=60))
    assert not (await youth.client.big5(youth.id)).readiness.ready  # the run restarted
    caseload = await cm.client.big5_caseload()
    assert caseload.nearest[0].youth_id == youth.id and caseload.nearest[0].geregeld == 10
    await youth.client.test_clock(advance=dt.timedelta(days=35))
    view = await youth.client.big5(youth.id)
    assert view.readiness.ready and view.readiness.label == "klaar om los te laten"
    assert view.readiness.missing == []
    assert (await cm.client.big5_caseload()).nearest[0].ready


async def test_caseload_counts_per_domain_and_logs_each_youth(people: People) -> None:
    cm = await people.staff("casemanager")
    first = await people.family(17, casemanager=cm)
    second = await people.family(20, casemanager=cm)
    await people.family(14, casemanager=cm)  # too young for the BIG5: not counted
    await first.youth.client.big5_assess(all_domains(wonen="deels"), client_id=cid())
    await cm.client.big5_assess(all_domains(), client_id=cid(), youth_id=second.youth.id)
    overview = await cm.client.big5_caseload()
    assert overview.youths == 2
    wonen = next(d for d in overview.domains if d.domain == "wonen")
    assert (wonen.youth_view.geregeld, wonen.youth_view.niet_geregeld) == (0, 1)
    assert wonen.youth_view.onbekend == 1
    assert (wonen.casemanager_view.geregeld, wonen.casemanager_view.onbekend) == (1, 1)
    for family in (first, second):
        log = (await family.youth.client.access_log()).items
        assert any(e.resource == "big5" and e.action == "list" for e in log)


async def test_timeline_in_care_past_18_and_until_27(people: People) -> None:
    family = await people.family(19)  # 19 since 40 days: 18th birthday ~13 months ago
    timeline = (await family.youth.client.big5(family.youth.id)).timeline
    assert timeline.age == 19 and timeline.months_in_care_past_18 == 0  # case started today
    await family.youth.client.test_clock(advance=dt.timedelta(days=100))
    timeline = (await family.casemanager.client.big5(family.youth.id)).timeline
    assert timeline.months_in_care_past_18 == 3
    assert 7 * 12 <= timeline.months_until_27 <= 8 * 12


async def prompts(youth: Person) -> int:
    """Big5 prompts in the youth's inbox (signing in again: the tick purges old sessions)."""
    await youth.client.login(youth.username, PASSWORD)
    return len([n for n in (await youth.client.notifications()).items if n.kind == "big5_prompt"])


async def test_monthly_prompt_can_be_switched_off(people: People) -> None:
    family = await people.family(17)
    youth = family.youth
    for advance, expected in ((0, 1), (0, 1), (32, 2)):
        await youth.client.test_clock(advance=dt.timedelta(days=advance))
        await youth.client.test_tick()
        assert await prompts(youth) == expected
    assert not (await youth.client.set_big5_reminders(False)).enabled
    await youth.client.test_clock(advance=dt.timedelta(days=32))
    await youth.client.test_tick()
    assert await prompts(youth) == 2
    assert (await youth.client.big5_reminders()).enabled is False
    young = await people.family(15)
    await young.youth.client.test_tick()
    assert await prompts(young.youth) == 0
