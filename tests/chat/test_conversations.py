"""Conversations and messages over HTTP: membership, seq, idempotency, read marks, handover."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from client_api.client import RoerError
from tests.people import People


async def _youth_conversation(person_client, kind: str = "youth") -> str:  # type: ignore[no-untyped-def]
    convs = await person_client.conversations()
    return next(c.id for c in convs.items if c.kind == kind)


async def test_youth_and_casemanager_chat_with_seq_unread_and_read(people: People) -> None:
    fam = await people.family(youth_age=15, parents=1)
    youth, cm = fam.youth.client, fam.casemanager.client
    conv_id = await _youth_conversation(youth)
    first = await youth.send_message(conv_id, "Hoi, mag ik iets vragen?")
    second = await cm.send_message(conv_id, "Natuurlijk, vertel.")
    assert (first.seq, second.seq) == (1, 2)
    assert first.sender.role == "youth" and second.sender.role == "casemanager"
    listing = await youth.conversations()
    mine = next(c for c in listing.items if c.id == conv_id)
    assert mine.unread == 1
    assert mine.last_message is not None and mine.last_message.seq == 2
    assert {p.role for p in mine.participants} == {"youth", "casemanager"}
    state = await youth.mark_read(conv_id, 2)
    assert (state.read_seq, state.unread) == (2, 0)
    page = await cm.messages(conv_id, after_seq=1)
    assert [m.seq for m in page.items] == [2]
    # The casemanager reading the youth's conversation is in the youth's access log.
    log = await youth.access_log()
    assert any(e.resource == "chat" and e.action == "read" for e in log.items)


async def test_resend_with_same_client_id_returns_the_original(people: People) -> None:
    fam = await people.family()
    youth = fam.youth.client
    conv_id = await _youth_conversation(youth)
    client_id = str(uuid.uuid4())
    first = await youth.send_message(conv_id, "een keer", client_id=client_id)
    again = await youth.send_message(conv_id, "een keer", client_id=client_id)
    assert again.id == first.id and again.seq == first.seq == 1
    assert [m.seq for m in (await youth.messages(conv_id)).items] == [1]


async def test_concurrent_senders_get_gap_free_unique_seqs(people: People) -> None:
    fam = await people.family(parents=0)
    youth, cm = fam.youth.client, fam.casemanager.client
    conv_id = await _youth_conversation(youth)
    sends = [(youth if i % 2 else cm).send_message(conv_id, f"bericht {i}") for i in range(30)]
    results = await asyncio.gather(*sends)
    assert sorted(m.seq for m in results) == list(range(1, 31))
    stored = (await cm.messages(conv_id, limit=100)).items
    assert [m.seq for m in stored] == list(range(1, 31))


async def test_outsiders_cannot_read_or_post(people: People) -> None:
    fam = await people.family(parents=1)
    other_cm = await people.staff()
    other_family = await people.family()
    moderator = await people.staff("moderator")
    conv_id = await _youth_conversation(fam.youth.client)
    parent_conv = await _youth_conversation(fam.parents[0].client, "parent")
    outsiders = [
        (other_cm.client, conv_id),
        (other_family.youth.client, conv_id),
        (moderator.client, conv_id),
        (fam.parents[0].client, conv_id),  # the youth's own chat is not the parent's
        (fam.youth.client, parent_conv),  # nor the parent's chat the youth's
    ]
    for client, target in outsiders:
        for attempt in (client.messages(target), client.send_message(target, "hallo")):
            with pytest.raises(RoerError) as err:
                await attempt
            assert err.value.status == 404


async def test_casemanager_without_two_factor_gets_nothing(people: People) -> None:
    cm = await people.staff(mfa=False)
    with pytest.raises(RoerError) as err:
        await cm.client.conversations()
    assert err.value.status == 403


@pytest.mark.parametrize(("age", "needs_consent"), [(14, False), (17, True)])
async def test_family_conversation_needs_consent_from_16(
    people: People, age: int, needs_consent: bool
) -> None:
    fam = await people.family(youth_age=age, parents=1)
    conv = await fam.casemanager.client.open_family_conversation(fam.case.id)
    assert conv.status == ("awaiting_consent" if needs_consent else "active")
    parent = fam.parents[0].client
    if needs_consent:
        with pytest.raises(RoerError) as err:
            await fam.casemanager.client.send_message(conv.id, "Welkom allemaal")
        assert err.value.status == 409
        with pytest.raises(RoerError):
            await parent.messages(conv.id)
        agreed = await fam.youth.client.consent_family_conversation(conv.id, agree=True)
        assert agreed.status == "active"
    sent = await fam.casemanager.client.send_message(conv.id, "Welkom allemaal")
    assert [m.id for m in (await parent.messages(conv.id)).items] == [sent.id]
    with pytest.raises(RoerError) as err:
        await parent.consent_family_conversation(conv.id, agree=False)
    assert err.value.status == 404


async def test_handover_moves_conversations_and_tells_the_youth(people: People) -> None:
    fam = await people.family()
    admin = await people.staff("admin")
    new_cm = await people.staff()
    conv_id = await _youth_conversation(fam.youth.client)
    await fam.youth.client.send_message(conv_id, "Tot morgen")
    await admin.client.handover(fam.case.id, new_cm.id, "Verhuizing van de casemanager")
    with pytest.raises(RoerError) as err:
        await fam.casemanager.client.messages(conv_id)
    assert err.value.status == 404
    history = (await new_cm.client.messages(conv_id)).items
    assert history[0].body == "Tot morgen"
    assert history[-1].sender.role == "system" and "nieuwe casemanager" in history[-1].body
    notes = await fam.youth.client.notifications()
    assert any("nieuwe casemanager" in n.title for n in notes.items)
    log = await fam.youth.client.access_log()
    assert any(e.resource == "chat" and e.action == "handover" for e in log.items)


@pytest.mark.parametrize(
    "body",
    [
        {"client_id": "niet-een-uuid", "body": "hoi"},
        {"client_id": str(uuid.uuid4()), "body": ""},
        {"client_id": str(uuid.uuid4()), "body": "x" * 4001},
        {"client_id": str(uuid.uuid4())},
        {"client_id": str(uuid.uuid4()), "body": "hoi", "extra": 1},
    ],
)
async def test_bad_message_input_is_refused_and_changes_nothing(
    people: People, body: dict[str, object]
) -> None:
    fam = await people.family(parents=0)
    youth = fam.youth.client
    conv_id = await _youth_conversation(youth)
    response = await youth.http.post(
        f"/api/v1/conversations/{conv_id}/messages",
        json=body,
        headers={"Authorization": f"Bearer {youth.access_token}"},
    )
    assert response.status_code in (400, 422)
    assert (await youth.messages(conv_id)).items == []
