"""Assessments: two views kept apart, age limits, closing at 27, who sees what."""

from __future__ import annotations

import datetime as dt

import pytest

from client_api.client import RoerError
from client_api.schema.privacy import SharingChoice
from tests.big5.helpers import DOMAINS, all_domains, cid, one
from tests.people import People


async def test_domains_carry_the_conditions_parts_and_guides(people: People) -> None:
    youth = await people.youth(17)
    domains = await youth.client.big5_domains()
    assert [d.id for d in domains.items] == list(DOMAINS)
    by_id = {d.id: d for d in domains.items}
    assert by_id["inkomen"].definition == (
        "Ik heb voldoende inkomen en een plan om schulden te voorkomen of op te lossen."
    )
    assert [p.key for p in by_id["welzijn"].parts] == ["in_balans", "signaleringsplan"]
    # The domain's own guides first, then the guides whose front matter names "support".
    assert by_id["support"].guides == ["steunfiguur-jim", "verlengde-jeugdhulp", "18-worden"]
    assert [s.id for s in domains.statuses] == ["niet_geregeld", "deels", "grotendeels", "geregeld"]


async def test_youth_and_casemanager_disagree_on_wonen_both_kept(people: People) -> None:
    family = await people.family(17)
    youth, cm = family.youth, family.casemanager
    key = cid()
    mine = all_domains()
    mine[1] = one("wonen", "geregeld", "Ik woon nu bij mijn tante", passend=True, stabiel=True)
    first = await youth.client.big5_assess(mine, client_id=key)
    again = await youth.client.big5_assess(mine, client_id=key)
    assert again.id == first.id and first.side == "youth" and first.signposts == []
    theirs = await cm.client.big5_assess(
        [one("wonen", "deels", "Tante kan het maar tijdelijk")], client_id=cid(), youth_id=youth.id
    )
    assert theirs.side == "casemanager"
    for client in (youth.client, cm.client):
        view = await client.big5(youth.id)
        wonen = next(d for d in view.domains if d.domain == "wonen")
        assert wonen.youth and wonen.youth.status == "geregeld"
        assert wonen.youth.parts == {"passend": True, "stabiel": True}
        assert wonen.casemanager and wonen.casemanager.status == "deels"
        assert wonen.disagree
        assert [d.domain for d in view.domains if d.disagree] == ["wonen"]
        history = next(h for h in view.history if h.domain == "wonen")
        assert [p.score for p in history.youth] == [3]
        assert [p.score for p in history.casemanager] == [1]
    log = (await youth.client.access_log()).items
    assert any(e.resource == "big5" and e.actor_role == "casemanager" for e in log)


async def test_bad_input_is_refused_and_changes_nothing(people: People) -> None:
    family = await people.family(17)
    youth = family.youth
    cases = [
        [one("inkomen", "deels", onzin=True)],
        [one("wonen", "deels"), one("wonen", "geregeld")],
    ]
    for domains in cases:
        with pytest.raises(RoerError) as err:
            await youth.client.big5_assess(domains, client_id=cid())
        assert err.value.status == 422
    response = await youth.client.http.post(
        "/api/v1/big5/assessments",
        json={"client_id": cid(), "domains": [{"domain": "wonen", "status": "prima"}]},
        headers={"Authorization": f"Bearer {youth.client.access_token}"},
    )
    assert response.status_code == 400
    view = await youth.client.big5(youth.id)
    assert all(d.youth is None for d in view.domains)


async def test_youth_of_15_is_refused_clearly(people: People) -> None:
    family = await people.family(15)
    for client, youth_id in (
        (family.youth.client, None),
        (family.casemanager.client, family.youth.id),
    ):
        with pytest.raises(RoerError) as err:
            await client.big5_assess(all_domains(), client_id=cid(), youth_id=youth_id)
        assert err.value.status == 403 and err.value.type == "big5-too-young"
        assert err.value.problem and "16" in err.value.problem.detail


async def test_turning_27_closes_the_big5_read_only_with_export(people: People) -> None:
    family = await people.family(26)  # 26 since 40 days: the 27th birthday is ~325 days away
    youth = family.youth
    await youth.client.big5_assess(all_domains("deels"), client_id=cid())
    await youth.client.test_clock(advance=dt.timedelta(days=330))
    with pytest.raises(RoerError) as err:
        await youth.client.big5_assess(all_domains(), client_id=cid())
    assert err.value.status == 409 and err.value.type == "big5-closed"
    with pytest.raises(RoerError) as err:
        await family.casemanager.client.big5_assess(
            all_domains(), client_id=cid(), youth_id=youth.id
        )
    assert err.value.status == 409
    view = await youth.client.big5(youth.id)
    assert view.closed and view.export_url == "/api/v1/me/export"
    assert all(d.youth and d.youth.status == "deels" for d in view.domains)
    assert view.timeline.age == 27 and view.timeline.days_until_27 == 0


async def test_parent_sees_nothing_until_shared_then_no_notes(people: People) -> None:
    family = await people.family(17, parents=1)
    youth, parent = family.youth, family.parents[0]
    await youth.client.big5_assess([one("welzijn", "deels", "Slaap slecht")], client_id=cid())
    with pytest.raises(RoerError) as err:
        await parent.client.big5(youth.id)
    assert err.value.status == 403
    await youth.client.update_sharing(
        [SharingChoice(category="big5", audience="parent", level="summary")]
    )
    view = await parent.client.big5(youth.id)
    welzijn = next(d for d in view.domains if d.domain == "welzijn")
    assert view.level == "summary" and welzijn.youth and welzijn.youth.status == "deels"
    assert welzijn.youth.note is None
    with pytest.raises(RoerError) as err:
        await parent.client.big5_assess(all_domains(), client_id=cid(), youth_id=youth.id)
    assert err.value.status == 403
    log = (await youth.client.access_log()).items
    assert any(e.resource == "big5" and e.actor_role == "parent" for e in log)


async def test_other_casemanager_and_moderator_see_nothing(people: People) -> None:
    family = await people.family(17)
    other = await people.staff("casemanager", organisation="Team Zuid")
    moderator = await people.staff("moderator")
    for client in (other.client, moderator.client):
        with pytest.raises(RoerError) as err:
            await client.big5(family.youth.id)
        assert err.value.status == 404
        with pytest.raises(RoerError) as err:
            await client.big5_assess(all_domains(), client_id=cid(), youth_id=family.youth.id)
        assert err.value.status in (403, 404)


async def test_crisis_note_gets_signposts_and_an_urgent_alert(people: People) -> None:
    family = await people.family(17)
    result = await family.youth.client.big5_assess(
        [one("welzijn", "niet_geregeld", "Ik wil niet meer leven, ik wil dood")], client_id=cid()
    )
    assert result.signposts
    alerts = (await family.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("crisis", True)]
    assert "dood" not in alerts[0].detail
