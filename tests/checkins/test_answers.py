"""Answers: strict validation, idempotent retries, offline and late answers, safety replies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from client_api.client import RoerError
from tests.checkins.helpers import PARENT_Q, YOUTH_Q, cid, daily, local, tick_at, youth_answers
from tests.people import Family, People

HELP_NUMBERS = ("0800-0113", "0800-0432", "0800-2000", "112")


async def stored(family: Family) -> int:
    return len((await family.casemanager.client.case_checkins(family.case.id)).checkins)


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"sleep": 3, "safe_home": "ja", "wants_contact": False}, "answers.mood"),
        (youth_answers(mood=6), "answers.mood"),
        (youth_answers(mood=0), "answers.mood"),
        (youth_answers(mood="goed"), "answers.mood"),
        (youth_answers(mood=True), "answers.mood"),
        (youth_answers(mood=2.5), "answers.mood"),
        (youth_answers(shoe_size=42), "answers.shoe_size"),
        (youth_answers(safe_home="misschien"), "answers.safe_home"),
        (youth_answers(wants_contact="ja"), "answers.wants_contact"),
        (youth_answers(wants_contact=1), "answers.wants_contact"),
        (youth_answers(note=["a", "b"]), "answers.note"),
        (youth_answers(note="x" * 1001), "answers.note"),
    ],
)
async def test_invalid_answers_are_422_naming_the_item_and_store_nothing(
    people: People, answers: dict[str, Any], field: str
) -> None:
    family = await people.family(15)
    with pytest.raises(RoerError) as err:
        await family.youth.client.submit_checkin(cid(), YOUTH_Q, answers)
    assert err.value.status == 422 and err.value.problem is not None
    assert err.value.problem.errors is not None
    assert field in [e.field for e in err.value.problem.errors]
    assert await stored(family) == 0


async def test_wrong_questionnaire_and_malformed_bodies(people: People) -> None:
    family = await people.family(15)
    youth = family.youth.client
    for questionnaire, field in ((PARENT_Q, "questionnaire_id"), ("nope.v1", "questionnaire_id")):
        with pytest.raises(RoerError) as err:
            await youth.submit_checkin(cid(), questionnaire, youth_answers())
        assert err.value.status == 422 and err.value.problem is not None
        assert err.value.problem.errors and err.value.problem.errors[0].field == field
    headers = {"Authorization": f"Bearer {youth.access_token}"}
    for body in (
        {"client_id": "niet-een-uuid", "questionnaire_id": YOUTH_Q, "answers": {}},
        {"client_id": cid(), "questionnaire_id": YOUTH_Q, "answers": []},
        {"client_id": cid(), "questionnaire_id": YOUTH_Q, "answers": {}, "extra": 1},
    ):
        response = await people.http.post("/api/v1/checkins", json=body, headers=headers)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
    moderator = await people.staff("moderator")
    with pytest.raises(RoerError) as err:
        await moderator.client.submit_checkin(cid(), YOUTH_Q, youth_answers())
    assert err.value.status == 403
    assert await stored(family) == 0


async def test_duplicate_submits_store_one_and_answer_the_same(people: People) -> None:
    family = await people.family(15)
    youth = family.youth.client
    client_id = cid()
    first = await youth.submit_checkin(client_id, YOUTH_Q, youth_answers(3, note="Ging oké"))
    again = await youth.submit_checkin(client_id, YOUTH_Q, youth_answers(3, note="Ging oké"))
    assert again == first
    assert await stored(family) == 1
    with pytest.raises(RoerError) as err:
        await youth.submit_checkin(client_id, YOUTH_Q, youth_answers(5))
    assert err.value.status == 409
    # client ids are per person: someone else's id is no conflict and reveals nothing.
    other = await people.family(15)
    await other.youth.client.submit_checkin(client_id, YOUTH_Q, youth_answers(4))
    assert await stored(family) == 1


async def test_three_offline_answers_sent_at_once_after_two_days(people: People) -> None:
    family = await people.family(15)
    now = local(2026, 5, 20, 18, 0)
    people.clock.set(now)
    youth = family.youth.client
    sent = []
    for hours_ago in (50, 26, 2):
        sent.append(
            await youth.submit_checkin(
                cid(), YOUTH_Q, youth_answers(4), answered_at=now - dt.timedelta(hours=hours_ago)
            )
        )
    assert [c.late for c in sent] == [True, True, True]
    assert all(dt.timedelta(0) <= c.received_at - now < dt.timedelta(minutes=1) for c in sent)
    assert sent[0].answered_at == now - dt.timedelta(hours=50)
    with pytest.raises(RoerError) as err:
        await youth.submit_checkin(
            cid(), YOUTH_Q, youth_answers(4), answered_at=now - dt.timedelta(hours=73)
        )
    assert err.value.status == 422 and err.value.problem is not None
    assert err.value.problem.errors and err.value.problem.errors[0].field == "answered_at"
    with pytest.raises(RoerError) as err:
        await youth.submit_checkin(
            cid(), YOUTH_Q, youth_answers(4), answered_at=now + dt.timedelta(hours=1)
        )
    assert err.value.status == 422
    history = await family.casemanager.client.case_checkins(family.case.id)
    assert len(history.checkins) == 3
    # A retry arriving after the 72 hours still gets its original answer back.
    people.clock.set(now + dt.timedelta(hours=30))
    first = sent[0]
    retry = await youth.submit_checkin(
        first.client_id, YOUTH_Q, youth_answers(4), answered_at=first.answered_at
    )
    assert retry == first


async def test_a_prompt_answered_after_its_window_is_late(people: People) -> None:
    family = await people.family(15)
    stranger = await people.youth(15)
    await daily(people, family, local(2026, 9, 1, 7, 0))
    await tick_at(people, local(2026, 9, 1, 8, 1))
    youth = family.youth.client
    prompt = (await youth.due_checkins()).items[0]
    # Answered on the phone at 11:30 (in the window), sent at 15:00: on time, sent late.
    await tick_at(people, local(2026, 9, 1, 15, 0))
    assert (await youth.due_checkins()).items == []
    offline = await youth.submit_checkin(
        cid(), YOUTH_Q, youth_answers(), answered_at=local(2026, 9, 1, 11, 30), prompt_id=prompt.id
    )
    assert offline.prompt_status == "answered" and offline.late
    # The next day's prompt answered at 12:30, after its 4-hour window.
    await tick_at(people, local(2026, 9, 2, 8, 1))
    prompt2 = (await youth.due_checkins()).items[0]
    people.clock.set(local(2026, 9, 2, 12, 30))
    late = await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(), prompt_id=prompt2.id)
    assert late.prompt_status == "late" and late.late
    with pytest.raises(RoerError) as err:
        await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(), prompt_id=prompt2.id)
    assert err.value.status == 409
    # Someone else's prompt, or no prompt at all: 422 on prompt_id, whatever its state.
    for prompt_id in (prompt2.id, "geen-vraag"):
        with pytest.raises(RoerError) as err:
            await stranger.client.submit_checkin(
                cid(), YOUTH_Q, youth_answers(), prompt_id=prompt_id
            )
        assert err.value.status == 422
    rate = (await family.casemanager.client.case_checkins(family.case.id)).response_rate
    assert (rate.answered, rate.late, rate.missed, rate.rate) == (1, 1, 0, 1.0)


async def test_crisis_note_gets_help_at_once_and_an_urgent_alert(people: People) -> None:
    family = await people.family(14)
    people.clock.set(local(2026, 11, 3, 3, 12))  # the middle of the night: help anyway
    result = await family.youth.client.submit_checkin(
        cid(), YOUTH_Q, youth_answers(1, note="ik wil niet meer leven, ik wil dood")
    )
    text = " ".join(f"{s.phone} {s.text}" for s in result.signposts)
    for number in HELP_NUMBERS:
        assert number in text
    assert result.message
    alerts = (await family.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("crisis", True)]
    assert "leven" not in alerts[0].detail  # the queue never shows the youth's words


async def test_unsafe_at_home_and_wants_contact_raise_alerts(people: People) -> None:
    family = await people.family(13, parents=1)
    youth = family.youth.client
    result = await youth.submit_checkin(
        cid(), YOUTH_Q, youth_answers(3, safe_home="nee", wants_contact=True)
    )
    assert any(s.phone == "0800-2000" for s in result.signposts)
    calm = await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(4, safe_home="een_beetje"))
    assert calm.signposts == [] and calm.message is None
    await youth.submit_checkin(cid(), YOUTH_Q, youth_answers(3, safe_home="nee"))
    alerts = (await family.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent, a.trigger_count) for a in alerts] == [
        ("unsafe_home", True, 2),
        ("wants_contact", False, 1),
    ]
    parent = family.parents[0].client
    await parent.submit_checkin(
        cid(), PARENT_Q, {"home": 2, "own_wellbeing": 3, "wants_contact": True}
    )
    rules = {a.rule for a in (await family.casemanager.client.alerts()).items}
    assert "parent_wants_contact" in rules
