"""Questionnaires, schedules, prompts at the right local time (also over DST), pause, ticks."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from client_api.client import RoerError
from client_api.schema.checkins import ScheduleSpec
from server.checkins.jobs import dispatch_due
from server.checkins.models import CheckinPrompt
from server.checkins.service import next_due
from server.notifications.models import Notification
from tests.checkins.helpers import (
    AMS,
    EVERY_DAY,
    PARENT_Q,
    YOUTH_Q,
    cid,
    daily,
    local,
    tick_at,
    youth_answers,
)
from tests.people import People


async def test_questionnaires_are_versioned_data_in_plain_dutch(people: People) -> None:
    youth = await people.youth(14)
    listed = {q.id: q for q in (await youth.client.questionnaires()).items}
    assert set(listed) == {YOUTH_Q, PARENT_Q}
    daily_q = listed[YOUTH_Q]
    assert daily_q.audience == "youth" and daily_q.version == 1
    items = {i.id: i for i in daily_q.items}
    assert {i.kind for i in daily_q.items} == {"scale", "yes_no", "choice", "text"}
    assert items["mood"].min == 1 and items["mood"].max == 5 and len(items["mood"].labels) == 5
    assert items["safe_home"].text == "Voel je je veilig thuis?"
    assert [o.value for o in items["safe_home"].options] == ["ja", "een_beetje", "nee"]
    assert items["wants_contact"].text == "Wil je dat je casemanager contact met je opneemt?"
    assert not items["note"].required
    assert [q.id for q in (await youth.client.questionnaires("parent")).items] == [PARENT_Q]
    assert (await youth.client.questionnaire(PARENT_Q)).audience == "parent"
    with pytest.raises(RoerError) as err:
        await youth.client.questionnaire("bestaat-niet.v9")
    assert err.value.status == 404


@pytest.mark.parametrize(
    ("after", "expected_local"),
    [
        # Spring forward (29 March 2026, 02:00 → 03:00): 08:00 stays 08:00 local.
        (local(2026, 3, 28, 9, 0), dt.datetime(2026, 3, 29, 8, 0)),
        # Fall back (25 October 2026, 03:00 → 02:00).
        (local(2026, 10, 24, 9, 0), dt.datetime(2026, 10, 25, 8, 0)),
        # 02:30 does not exist on 29 March: asked an hour later, once.
        (local(2026, 3, 28, 9, 0), dt.datetime(2026, 3, 29, 3, 30)),
        # 02:30 exists twice on 25 October: asked once, at the first.
        (local(2026, 10, 24, 9, 0), dt.datetime(2026, 10, 25, 2, 30)),
    ],
)
def test_next_due_keeps_local_time_over_dst(
    after: dt.datetime, expected_local: dt.datetime
) -> None:
    moment = expected_local.strftime("%H:%M") if expected_local.hour != 3 else "02:30"
    due = next_due(EVERY_DAY, [moment], after, AMS)
    assert due.astimezone(AMS).replace(tzinfo=None) == expected_local
    assert next_due(EVERY_DAY, [moment], due, AMS) - due >= dt.timedelta(hours=23)


@pytest.mark.parametrize(
    ("evening", "night_of_change", "utc_hour"),
    [
        (local(2026, 3, 28, 20, 0), (2026, 3, 29), 6),  # CEST: 08:00 = 06:00 UTC
        (local(2026, 10, 24, 20, 0), (2026, 10, 25), 7),  # CET: 08:00 = 07:00 UTC
    ],
)
async def test_prompt_at_eight_local_on_a_daylight_saving_night(
    people: People, evening: dt.datetime, night_of_change: tuple[int, int, int], utc_hour: int
) -> None:
    family = await people.family(15)
    await daily(people, family, evening)
    youth = family.youth.client
    # 07:30 local: nothing yet, though it is past 08:00 by the other offset.
    await tick_at(people, local(*night_of_change, 7, 30))
    assert (await youth.due_checkins()).items == []
    await tick_at(people, local(*night_of_change, 8, 0, 30))
    due = (await youth.due_checkins()).items
    assert len(due) == 1
    assert due[0].due_at == dt.datetime(*night_of_change, utc_hour, 0, tzinfo=dt.UTC)
    assert due[0].closes_at - due[0].due_at == dt.timedelta(hours=4)
    kinds = [n.kind for n in (await youth.notifications()).items]
    assert kinds == ["checkin_prompt"]
    # Answering the prompt with "contact please" puts the case in the attention queue.
    answered = await youth.submit_checkin(
        cid(), YOUTH_Q, youth_answers(3, wants_contact=True), prompt_id=due[0].id
    )
    assert answered.prompt_status == "answered" and not answered.late
    alerts = (await family.casemanager.client.alerts()).items
    assert [(a.rule, a.case_id) for a in alerts] == [("wants_contact", family.case.id)]


async def test_ticks_and_processes_never_prompt_twice(people: People) -> None:
    family = await people.family(16)
    await daily(people, family, local(2026, 6, 1, 7, 0))
    await tick_at(people, local(2026, 6, 1, 8, 0, 10))
    await tick_at(people, local(2026, 6, 1, 8, 0, 40))
    # Two processes whose leases overlapped: the job itself runs twice for the same moment.
    for _ in range(2):
        async with people.db() as session:
            await dispatch_due(session, local(2026, 6, 1, 8, 1), people.settings, AMS)
            await session.commit()
    async with people.db() as session:
        prompts = await session.scalar(select(func.count()).select_from(CheckinPrompt))
        pushes = await session.scalar(
            select(func.count()).where(Notification.kind == "checkin_prompt")
        )
    assert (prompts, pushes) == (1, 1)
    assert len((await family.youth.client.due_checkins()).items) == 1


async def test_youth_pauses_and_the_casemanager_sees_it(people: People) -> None:
    family = await people.family(15)
    await daily(people, family, local(2026, 7, 1, 12, 0))
    youth, cm = family.youth.client, family.casemanager.client
    mine = (await youth.my_checkin_schedule()).items
    assert len(mine) == 1 and mine[0].times == ["08:00"] and not mine[0].paused
    until = local(2026, 7, 4, 0, 0)
    paused = (await youth.pause_checkins(until)).items[0]
    assert paused.paused and paused.paused_until == until
    seen = await cm.case_checkin_schedule(family.case.id)
    assert seen.youth is not None and seen.youth.paused and seen.youth.paused_until == until
    for day in (2, 3):
        await tick_at(people, local(2026, 7, day, 8, 5))
        assert (await youth.due_checkins()).items == []
    await tick_at(people, local(2026, 7, 4, 8, 5))
    assert len((await youth.due_checkins()).items) == 1
    # Holidays are not "missed": three paused days raise nothing.
    await tick_at(people, local(2026, 7, 4, 13, 0))
    assert (await cm.alerts()).items == []
    with pytest.raises(RoerError) as err:
        await youth.pause_checkins(local(2026, 12, 1, 0, 0))
    assert err.value.status == 422 and err.value.problem is not None
    assert err.value.problem.errors and err.value.problem.errors[0].field == "until"
    assert not (await youth.resume_checkins()).items[0].paused


async def test_parent_schedule_and_validation(people: People) -> None:
    family = await people.family(13, parents=1)
    cm, parent = family.casemanager.client, family.parents[0]
    stranger = await people.family(13, parents=1)
    spec = ScheduleSpec(days=[7], times=["19:00"], window_minutes=600)
    with pytest.raises(RoerError) as err:
        await cm.set_checkin_schedule(family.case.id, parents={stranger.parents[0].id: spec})
    assert err.value.status == 422
    with pytest.raises(RoerError) as err:
        await cm.set_checkin_schedule(
            family.case.id, youth=ScheduleSpec(days=[1], times=["08:00"], questionnaire_id=PARENT_Q)
        )
    assert err.value.status == 422 and err.value.problem is not None
    assert (
        err.value.problem.errors and err.value.problem.errors[0].field == "youth.questionnaire_id"
    )
    response = await people.http.put(
        f"/api/v1/cases/{family.case.id}/checkin-schedule",
        json={"youth": {"days": [8], "times": ["25:00"]}},
        headers={"Authorization": f"Bearer {cm.access_token}"},
    )
    assert response.status_code == 400
    result = await cm.set_checkin_schedule(
        family.case.id, youth=ScheduleSpec(days=[1], times=["08:00"]), parents={parent.id: spec}
    )
    assert result.youth is not None and [p.user_id for p in result.parents] == [parent.id]
    assert result.parents[0].questionnaire_id == PARENT_Q
    assert (await parent.client.my_checkin_schedule()).items[0].window_minutes == 600
    # Leaving the parent out ends their schedule.
    result = await cm.set_checkin_schedule(
        family.case.id, youth=ScheduleSpec(days=[1], times=["08:00"])
    )
    assert result.parents == [] and (await parent.client.my_checkin_schedule()).items == []


async def test_only_the_own_casemanager_sets_or_sees_the_schedule(people: People) -> None:
    family = await people.family(15, parents=1)
    other = await people.staff("casemanager")
    spec = ScheduleSpec(days=[1], times=["08:00"])
    for who in (other.client, family.youth.client, family.parents[0].client):
        with pytest.raises(RoerError) as err:
            await who.set_checkin_schedule(family.case.id, youth=spec)
        assert err.value.status == 404
        with pytest.raises(RoerError) as err:
            await who.case_checkin_schedule(family.case.id)
        assert err.value.status == 404
