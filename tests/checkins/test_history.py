"""A week of check-ins, mood rules, who sees what of the history, access log, data rights."""

from __future__ import annotations

import datetime as dt

import pytest

from client_api.client import RoerError
from server.checkins import rules
from server.checkins.history import cohort_response_rate
from server.checkins.service import erase_user_data, export_user_data
from server.settings import Settings
from tests.checkins.helpers import YOUTH_Q, cid, daily, local, tick_at, youth_answers
from tests.people import People, Person

DEFAULTS = Settings(secret_key="x")


async def test_a_week_with_answered_and_missed_days(people: People) -> None:
    """Mon–Sun: answers on Mon, Wed and Sun; Tue missed, Thu–Sat missed → alert after Sat."""
    family = await people.family(15)
    await daily(people, family, local(2026, 6, 7, 20, 0))  # Sunday evening
    youth, cm = family.youth.client, family.casemanager.client
    answered_days = {8, 10, 14}
    for day in range(8, 15):
        await tick_at(people, local(2026, 6, day, 8, 1))
        due = (await youth.due_checkins()).items
        assert len(due) == 1
        if day in answered_days:
            await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(4), prompt_id=due[0].id)
        await tick_at(people, local(2026, 6, day, 12, 30))  # the window has closed
        rules_now = [a.rule for a in (await cm.alerts()).items]
        assert rules_now == (["missed"] if day >= 13 else []), day
    alert = (await cm.alerts()).items[0]
    assert alert.trigger_count == 1 and not alert.urgent
    history = await cm.case_checkins(family.case.id, days=7)
    assert [p.done for p in history.prompts] == [d in answered_days for d in range(8, 15)]
    rate = history.response_rate
    assert (rate.prompts, rate.answered, rate.missed, rate.rate) == (
        7,
        3,
        4,
        pytest.approx(3 / 7, abs=1e-3),
    )
    # The same figure, as an aggregate, feeds the admin statistics (GET /stats/big5).
    async with people.db() as session:
        cohort = await cohort_response_rate(
            session, [family.youth.id], dt.date(2026, 6, 1), dt.date(2026, 6, 30)
        )
    assert cohort == pytest.approx(3 / 7, abs=1e-3)


@pytest.mark.parametrize(
    ("moods", "fires"),
    [([2, 1, 2], True), ([2, 3, 2], False), ([2, 2], False), ([1, 1, 1, 5], True)],
)
def test_low_mood_rule(moods: list[int], fires: bool) -> None:
    assert rules.low_mood(moods, DEFAULTS) is fires


def _history(recent: list[int], baseline: list[int]) -> list[tuple[dt.datetime, int]]:
    start = dt.datetime(2026, 6, 30, 9, tzinfo=dt.UTC)
    points = [(start - dt.timedelta(days=i), m) for i, m in enumerate(recent)]
    base_start = start - dt.timedelta(days=len(recent))
    return points + [(base_start - dt.timedelta(days=i), m) for i, m in enumerate(baseline)]


@pytest.mark.parametrize(
    ("recent", "baseline", "fires"),
    [
        ([3, 3, 3], [5, 5, 4, 5, 5], True),  # 3.0 against 4.8
        ([4, 3, 4], [5, 5, 4, 5, 5], False),  # 3.67 against 4.8: less than 1.5 lower
        ([2, 2, 2], [4, 4, 3], False),  # baseline too short to compare against
        ([1, 1, 1], [2, 2, 2, 2, 2], False),  # steady low: low_mood's job, not a drop
    ],
)
def test_mood_drop_rule(recent: list[int], baseline: list[int], fires: bool) -> None:
    assert (rules.mood_drop(_history(recent, baseline), DEFAULTS) is not None) is fires


async def test_mood_rules_raise_alerts_from_check_ins(people: People) -> None:
    family = await people.family(16)
    youth, cm = family.youth.client, family.casemanager.client
    for day, mood in enumerate([5, 5, 4, 5, 5, 3, 3], start=1):
        people.clock.set(local(2026, 8, day, 9, 0))
        await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(mood))
        await youth.test_tick()
    assert [a.rule for a in (await cm.alerts()).items] == []
    people.clock.set(local(2026, 8, 8, 9, 0))
    await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(2))
    # Trend rules read a series: they run on the next tick, not inside the answer's request.
    assert [a.rule for a in (await cm.alerts()).items] == []
    await youth.test_tick()
    assert [a.rule for a in (await cm.alerts()).items] == ["mood_drop"]
    for day in (9, 10):
        people.clock.set(local(2026, 8, day, 9, 0))
        await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(1))
    await youth.test_tick()
    assert sorted(a.rule for a in (await cm.alerts()).items) == ["low_mood", "mood_drop"]
    history = await cm.case_checkins(family.case.id, days=10)
    mood = next(s for s in history.series if s.item_id == "mood")
    assert [p.value for p in mood.points] == [5, 5, 4, 5, 5, 3, 3, 2, 1, 1]
    assert mood.points[6].avg7 == pytest.approx(30 / 7, abs=0.01)
    assert mood.points[9].avg7 == pytest.approx((5 + 5 + 3 + 3 + 2 + 1 + 1) / 7, abs=0.01)


async def test_who_sees_what_and_every_read_is_logged(people: People) -> None:
    family = await people.family(13, parents=1)
    # Everyone signs in before the clock moves (sign-in sessions expire on real time).
    other_cm = await people.staff("casemanager")
    other_family = await people.family(13, parents=1)
    moderator = await people.staff("moderator")
    await daily(people, family, local(2026, 10, 1, 7, 0))
    await tick_at(people, local(2026, 10, 1, 8, 1))
    youth = family.youth.client
    prompt = (await youth.due_checkins()).items[0]
    await youth.submit_checkin(
        cid(), YOUTH_Q, youth_answers(4, note="Leuke dag gehad"), prompt_id=prompt.id
    )
    cm_view = await family.casemanager.client.case_checkins(family.case.id)
    assert cm_view.level == "full" and cm_view.checkins[0].answers["note"] == "Leuke dag gehad"
    # A parent of a 13-year-old: done / not done, never the answers.
    parent_view = await family.parents[0].client.case_checkins(family.case.id)
    assert parent_view.level == "summary"
    assert [p.done for p in parent_view.prompts] == [True]
    assert parent_view.checkins == [] and parent_view.series == []
    # The youth sees their own; nobody else sees anything.
    assert (await youth.case_checkins(family.case.id)).level == "full"
    for who in (other_cm, other_family.youth, other_family.parents[0], moderator):
        with pytest.raises(RoerError) as err:
            await who.client.case_checkins(family.case.id)
        assert err.value.status == 404
    log = (await youth.access_log()).items
    reads = {(e.actor_role, e.resource) for e in log if e.action == "read"}
    assert ("casemanager", "checkins") in reads and ("parent", "checkins") in reads

    def seen_by(person: Person) -> bool:
        return any(e.actor.endswith(str(person.me.display_name)) for e in log)

    assert seen_by(family.casemanager)
    assert not seen_by(other_cm) and not seen_by(moderator)


async def test_youth_of_sixteen_decides_what_parents_see(people: People) -> None:
    family = await people.family(16, parents=1)
    with pytest.raises(RoerError) as err:
        await family.parents[0].client.case_checkins(family.case.id)
    assert err.value.status == 403


async def test_export_and_erase(people: People) -> None:
    family = await people.family(15)
    await daily(people, family, local(2026, 6, 1, 7, 0))
    await tick_at(people, local(2026, 6, 1, 8, 1))
    await family.youth.client.submit_checkin(cid(), YOUTH_Q, youth_answers(4, note="Goed"))
    async with people.db() as session:
        data = await export_user_data(session, family.youth.id)
        assert data["checkins"][0]["answers"]["note"] == "Goed"
        assert len(data["prompts"]) == 1 and data["schedules"][0]["times"] == ["08:00"]
        assert (await export_user_data(session, family.casemanager.id))["checkins"] == []
        await erase_user_data(session, family.youth.id, people.clock.now())
        await session.commit()
        assert await export_user_data(session, family.youth.id) == {
            "schedules": [],
            "prompts": [],
            "checkins": [],
        }


async def test_history_days_out_of_range_is_a_400(people: People) -> None:
    family = await people.family(15)
    headers = {"Authorization": f"Bearer {family.casemanager.client.access_token}"}
    for days in ("0", "367", "-69796534530079793152", "abc"):
        response = await people.http.get(
            f"/api/v1/cases/{family.case.id}/checkins?days={days}", headers=headers
        )
        assert response.status_code == 400, (days, response.text)
