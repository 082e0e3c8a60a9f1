"""Corrections of a casemanager's BIG5 view: asked by the youth it is about, accepted in
place with every earlier version destroyed, or declined with the youth's statement."""

from __future__ import annotations

import uuid

import pytest

from client_api.client import RoerClient, RoerError
from client_api.schema.big5 import Big5ViewCorrection, SideView
from client_api.schema.privacy import SharingChoice
from server.settings import Settings
from tests.big5.helpers import cid, one
from tests.people import Family, People
from tests.privacy.helpers import assert_gone_everywhere

MARKER = "onjuist-b5e1d0c4"
OLD = f"Woont op straat en wil geen hulp ({MARKER})"
NEW = "Woont tijdelijk bij een vriend en zoekt samen met ons een kamer"
STATEMENT = "Ik wil wel hulp, ik wilde alleen niet naar die ene opvang."


async def cm_view(client: RoerClient, youth_id: str, domain: str = "wonen") -> SideView:
    overview = await client.big5(youth_id)
    view = next(d for d in overview.domains if d.domain == domain).casemanager
    assert view is not None
    return view


async def family_with_view(people: People, age: int = 17) -> tuple[Family, str]:
    """A family whose casemanager recorded a wrong view on wonen; returns its entry id."""
    family = await people.family(age)
    await family.casemanager.client.big5_assess(
        [one("wonen", "niet_geregeld", OLD, passend=False)],
        client_id=cid(),
        youth_id=family.youth.id,
    )
    entry_id = (await cm_view(family.youth.client, family.youth.id)).entry_id
    assert entry_id is not None
    return family, entry_id


async def test_accepted_correction_destroys_the_old_view_everywhere(
    people: People, settings: Settings
) -> None:
    family, entry_id = await family_with_view(people)
    cm, youth = family.casemanager, family.youth
    key = str(uuid.uuid4())
    asked = f"Er staat '{OLD}' maar ik wil wel hulp."
    request = await youth.client.request_correction(
        entry_id, asked, NEW, target="big5_view", client_id=key
    )
    again = await youth.client.request_correction(
        entry_id, asked, NEW, target="big5_view", client_id=key
    )
    assert again.id == request.id  # idempotent by client_id
    assert (request.target, request.target_id, request.status) == ("big5_view", entry_id, "open")
    listed = (await cm.client.case_corrections(family.case.id)).items
    assert [(c.id, c.target) for c in listed] == [(request.id, "big5_view")]
    assert "correction_requested" in [n.kind for n in (await cm.client.notifications()).items]

    corrected = Big5ViewCorrection(status="grotendeels", parts={"passend": True}, note=NEW)
    accepted = await cm.client.accept_correction(request.id, big5_view=corrected)
    assert accepted.status == "accepted"
    assert accepted.what_is_wrong == "" and accepted.proposed_text is None
    for client in (youth.client, cm.client):
        view = await cm_view(client, youth.id)
        assert (view.entry_id, view.status, view.note) == (entry_id, "grotendeels", NEW)
        assert view.parts == {"passend": True}
        assert view.corrected_count == 1 and view.last_corrected_at is not None
        history = next(h for h in (await client.big5(youth.id)).history if h.domain == "wonen")
        assert [(p.entry_id, p.score) for p in history.casemanager] == [(entry_id, 2)]
    assert MARKER not in str(await youth.client.export())
    log = [e.text for e in (await youth.client.access_log()).items]
    assert any(
        "corrigeerde op jouw verzoek het beeld van je casemanager in je BIG5" in t for t in log
    )
    assert "correction_accepted" in [n.kind for n in (await youth.client.notifications()).items]
    await youth.client.test_tick()  # the storage scrub job
    await assert_gone_everywhere(people, settings, MARKER, present=NEW)


async def test_declined_correction_shows_the_youths_statement_with_the_view(
    people: People,
) -> None:
    family, entry_id = await family_with_view(people)
    cm, youth, parent = family.casemanager, family.youth, family.parents[0]
    request = await youth.client.request_correction(
        entry_id, "Ik wil wel hulp.", target="big5_view"
    )
    with pytest.raises(RoerError) as err:
        await youth.client.add_statement(request.id, "Nog niet beslist.")
    assert err.value.status == 409
    declined = await cm.client.decline_correction(request.id, "Zo zag ik het in het gesprek.")
    assert declined.status == "declined" and declined.can_add_statement
    assert "correction_declined" in [n.kind for n in (await youth.client.notifications()).items]
    with pytest.raises(RoerError) as err:
        await (await people.youth(17)).client.add_statement(request.id, "Niet van mij.")
    assert err.value.status == 404
    added = await youth.client.add_statement(request.id, STATEMENT)
    assert added.statement is not None and added.statement.body == STATEMENT
    assert not added.can_add_statement
    for client in (youth.client, cm.client):
        view = await cm_view(client, youth.id)
        assert view.note == OLD  # declined: unchanged, with the statement beside it
        assert [s.body for s in view.statements] == [STATEMENT]
        assert view.statements[0].correction_id == request.id
    mine = (await youth.client.my_corrections()).items
    assert mine[0].statement is not None and mine[0].statement.body == STATEMENT
    # A parent the youth shares BIG5 with sees statuses, not the casemanager's note or the
    # youth's statement on it (the own circle only, like the note itself).
    await youth.client.update_sharing(
        [SharingChoice(category="big5", audience="parent", level="full")]
    )
    shared = await cm_view(parent.client, youth.id)
    assert shared.note is None and shared.statements == []
    with pytest.raises(RoerError) as err:
        await youth.client.add_statement(request.id, "Nog een.")
    assert err.value.status == 409
    with pytest.raises(RoerError) as err:
        await cm.client.accept_correction(
            request.id, big5_view=Big5ViewCorrection(status="geregeld")
        )
    assert err.value.status == 409


async def test_only_the_youth_asks_and_only_their_casemanager_decides(people: People) -> None:
    family, entry_id = await family_with_view(people)
    cm, youth, parent = family.casemanager, family.youth, family.parents[0]
    other = await people.family(17)
    await other.casemanager.client.big5_assess(
        [one("wonen", "deels", "Ander beeld")], client_id=cid(), youth_id=other.youth.id
    )
    own = await youth.client.big5_assess(
        [one("wonen", "geregeld", "Mijn eigen beeld")], client_id=cid()
    )
    own_entry = next(d.entry_id for d in own.domains if d.domain == "wonen")
    theirs = (await cm_view(other.youth.client, other.youth.id)).entry_id
    assert own_entry is not None and theirs is not None
    # Not about you, your own side, a note id or nothing at all: 422 on target_id.
    for target_id in (entry_id, theirs, own_entry, str(uuid.uuid4())):
        asker = other.youth if target_id == entry_id else youth
        with pytest.raises(RoerError) as err:
            await asker.client.request_correction(target_id, "Klopt niet.", target="big5_view")
        assert err.value.status == 422
        assert err.value.problem is not None and err.value.problem.errors is not None
        assert [e.field for e in err.value.problem.errors] == ["target_id"]
    for outsider in (parent, cm):
        with pytest.raises(RoerError) as err:
            await outsider.client.request_correction(entry_id, "Klopt niet.", target="big5_view")
        assert err.value.status == 403
    request = await youth.client.request_correction(entry_id, "Klopt niet.", target="big5_view")
    with pytest.raises(RoerError) as err:
        await youth.client.request_correction(entry_id, "Nog een keer.", target="big5_view")
    assert err.value.status == 409
    corrected = Big5ViewCorrection(status="geregeld", note="Overgenomen")
    for outsider in (other.casemanager, youth, parent, other.youth):
        with pytest.raises(RoerError) as err:
            await outsider.client.accept_correction(request.id, big5_view=corrected)
        assert err.value.status == 404
        with pytest.raises(RoerError) as err:
            await outsider.client.decline_correction(request.id, "Nee hoor.")
        assert err.value.status == 404
    assert (await cm_view(cm.client, youth.id)).note == OLD
    assert [c.status for c in (await youth.client.my_corrections()).items] == ["open"]


async def test_bad_acceptance_is_refused_and_changes_nothing(people: People) -> None:
    family, entry_id = await family_with_view(people)
    cm, youth = family.casemanager, family.youth
    request = await youth.client.request_correction(entry_id, "Klopt niet.", target="big5_view")
    note = await cm.client.add_note(family.case.id, "Verslag", "Tekst van het verslag.")
    note_request = await youth.client.request_correction(note.id, "Klopt ook niet.")
    url = f"/api/v1/corrections/{request.id}/accept"
    headers = {"Authorization": f"Bearer {cm.client.access_token}"}
    view = {"status": "geregeld", "note": "Nieuw"}
    cases: list[tuple[str, dict[str, object], int, str | None]] = [
        (url, {"body": "Een verslagtekst in plaats van een BIG5-beeld"}, 422, "body"),
        (url, {}, 422, "big5_view"),
        (url, {"big5_view": {**view, "parts": {"onzin": True}}}, 422, "big5_view.parts.onzin"),
        (url, {"big5_view": {**view, "note": ""}}, 400, None),
        (url, {"big5_view": {"status": "prima"}}, 400, None),
        (f"/api/v1/corrections/{note_request.id}/accept", {"big5_view": view}, 422, "big5_view"),
        (f"/api/v1/corrections/{note_request.id}/accept", {}, 422, "body"),
    ]
    for path, body, status, field in cases:
        response = await cm.client.http.post(path, json=body, headers=headers)
        assert response.status_code == status, body
        assert response.headers["content-type"].startswith("application/problem+json")
        if field is not None:
            assert [e["field"] for e in response.json()["errors"]] == [field]
    after = await cm_view(cm.client, youth.id)
    assert (after.status, after.note, after.parts, after.corrected_count) == (
        "niet_geregeld",
        OLD,
        {"passend": False},
        0,
    )
    statuses = {c.id: c.status for c in (await cm.client.case_corrections(family.case.id)).items}
    assert statuses == {request.id: "open", note_request.id: "open"}


async def test_destroying_the_file_destroys_the_casemanagers_views_and_statements(
    people: People, settings: Settings
) -> None:
    family, entry_id = await family_with_view(people)
    cm, youth = family.casemanager, family.youth
    await youth.client.big5_assess(
        [one("wonen", "deels", "Mijn eigen kijk blijft")], client_id=cid()
    )
    request = await youth.client.request_correction(entry_id, "Klopt niet.", target="big5_view")
    await cm.client.decline_correction(request.id, "Zo zag ik het.")
    await youth.client.add_statement(request.id, f"Mijn verklaring ({MARKER}-verklaring)")
    destruction = await youth.client.request_destruction()
    await cm.client.approve_destruction(destruction.id)
    wonen = next(d for d in (await youth.client.big5(youth.id)).domains if d.domain == "wonen")
    assert wonen.casemanager is None
    assert wonen.youth is not None and wonen.youth.note == "Mijn eigen kijk blijft"
    assert (await youth.client.my_corrections()).items == []
    await youth.client.test_tick()  # the storage scrub job
    await assert_gone_everywhere(people, settings, MARKER, present="Mijn eigen kijk blijft")
