"""Care around a message: office-hours notice once per period, crisis help and alert, pushes."""

from __future__ import annotations

import datetime as dt

from client_api.schema.chat import OfficeSlot
from tests.people import People

SATURDAY_EVENING = dt.datetime(2026, 11, 28, 21, 0, tzinfo=dt.UTC)  # 22:00 in Amsterdam
WEEKDAYS_9_TO_5 = [OfficeSlot(weekday=d, start="09:00", end="17:00") for d in range(5)]


async def _conversation(client, kind: str = "youth") -> str:  # type: ignore[no-untyped-def]
    return next(c.id for c in (await client.conversations()).items if c.kind == kind)


async def test_one_office_hours_notice_per_closed_period(people: People) -> None:
    fam = await people.family(parents=1)
    saved = await fam.casemanager.client.set_office_hours(WEEKDAYS_9_TO_5)
    assert len(saved.slots) == 5
    youth = fam.youth.client
    conv_id = await _conversation(youth)
    people.clock.set(SATURDAY_EVENING)
    first = await youth.send_message(conv_id, "Hoi, ben je er?")
    second = await youth.send_message(conv_id, "Nog een vraag")
    assert len(first.replies) == 1 and second.replies == []
    notice = first.replies[0]
    assert notice.sender.role == "system" and notice.seq == first.seq + 1
    assert "maandag om 09:00" in notice.body
    assert all(number in notice.body for number in ("0800-0113", "0800-0432", "0800-2000", "112"))
    # Monday during office hours: no notice. Monday evening: a new period, a new notice.
    people.clock.set(SATURDAY_EVENING + dt.timedelta(days=2, hours=-11))  # Mon 11:00
    assert (await youth.send_message(conv_id, "Goedemorgen")).replies == []
    people.clock.set(SATURDAY_EVENING + dt.timedelta(days=2))  # Mon 22:00
    late = await youth.send_message(conv_id, "Nog iets")
    assert len(late.replies) == 1 and "morgen om 09:00" in late.replies[0].body
    # The casemanager's own messages never get a notice; a parent's do (own conversation).
    assert (await fam.casemanager.client.send_message(conv_id, "Ik lees het morgen")).replies == []
    parent_conv = await _conversation(fam.parents[0].client, "parent")
    assert len((await fam.parents[0].client.send_message(parent_conv, "Hallo")).replies) == 1


async def test_office_hours_validation_and_roles(people: People) -> None:
    fam = await people.family(parents=0)
    response = await fam.casemanager.client.http.put(
        "/api/v1/me/office-hours",
        json={"slots": [{"weekday": 1, "start": "17:00", "end": "09:00"}]},
        headers={"Authorization": f"Bearer {fam.casemanager.client.access_token}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "slots.0.end"
    response = await fam.youth.client.http.get(
        "/api/v1/me/office-hours",
        headers={"Authorization": f"Bearer {fam.youth.client.access_token}"},
    )
    assert response.status_code == 403


async def test_crisis_message_gets_help_at_once_and_an_urgent_alert(people: People) -> None:
    fam = await people.family(youth_age=15)
    youth = fam.youth.client
    conv_id = await _conversation(youth)
    sent = await youth.send_message(conv_id, "Ik wil niet meer leven, het heeft geen zin meer")
    assert sent.signposts, "the sender gets the help numbers in the answer"
    assert "112" in {s.phone for s in sent.signposts}
    assert len(sent.replies) == 1
    help_message = sent.replies[0]
    assert help_message.sender.role == "system" and "0800-0113" in help_message.body
    stored = (await fam.casemanager.client.messages(conv_id)).items
    assert [m.seq for m in stored] == [1, 2]
    alerts = (await fam.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("crisis", True)]
    assert "niet meer leven" not in alerts[0].detail  # content-free


async def test_push_for_a_recipient_without_socket_once_until_read(people: People) -> None:
    fam = await people.family(parents=0)
    youth, cm = fam.youth.client, fam.casemanager.client
    conv_id = await _conversation(youth)
    await youth.send_message(conv_id, "Een")
    await youth.send_message(conv_id, "Twee")
    chats = [n for n in (await cm.notifications()).items if n.kind == "chat"]
    assert len(chats) == 1
    await cm.mark_read(conv_id, 2)
    await youth.send_message(conv_id, "Drie")
    chats = [n for n in (await cm.notifications()).items if n.kind == "chat"]
    assert len(chats) == 2
