"""The youth-care file: who reads what, corrections that destroy the old text, statements."""

from __future__ import annotations

import uuid

import pytest

from client_api.client import RoerError
from client_api.schema.privacy import SharingChoice
from server.settings import Settings
from tests.people import People
from tests.privacy.helpers import assert_gone_everywhere

OLD = "Jongere gooide een stoel door het lokaal (onjuist-7f3c9a1e)"
NEW = "Jongere liep boos weg uit het lokaal"


async def test_parent_of_13_year_old_sees_date_and_title_until_the_youth_shares(
    people: People,
) -> None:
    family = await people.family(youth_age=13)
    cm, youth, parent = family.casemanager, family.youth, family.parents[0]
    await cm.client.add_note(family.case.id, "Gesprek op school", "Het ging goed vandaag.")
    summary = await parent.client.case_notes(family.case.id)
    assert summary.level == "summary"
    assert [n.title for n in summary.items] == ["Gesprek op school"]
    assert summary.items[0].body is None
    await youth.client.update_sharing(
        [SharingChoice(category="notes", audience="parent", level="full")]
    )
    full = await parent.client.case_notes(family.case.id)
    assert full.level == "full"
    assert full.items[0].body == "Het ging goed vandaag."
    # Both reads are in the youth's access log, saying who, what and how much.
    texts = [e.text for e in (await youth.client.access_log()).items if e.actor_role == "parent"]
    assert len(texts) == 2
    assert texts[1].startswith("Je ouder bekeek je dossier (verslagen)")
    assert "alleen een samenvatting" in texts[1]
    assert "alleen een samenvatting" not in texts[0]


async def test_who_may_read_the_file(people: People) -> None:
    family = await people.family(youth_age=17)
    other_cm = await people.staff("casemanager")
    moderator = await people.staff("moderator")
    stranger = await people.youth(17)
    await family.casemanager.client.add_note(family.case.id, "Intake", "Eerste gesprek.")
    assert (await family.youth.client.my_notes()).items[0].body == "Eerste gesprek."
    assert (await family.youth.client.case_notes(family.case.id)).level == "full"
    with pytest.raises(RoerError) as err:
        await family.parents[0].client.case_notes(family.case.id)  # 17: nothing unshared
    assert err.value.status == 403
    for outsider in (other_cm, moderator, stranger):
        with pytest.raises(RoerError) as err:
            await outsider.client.case_notes(family.case.id)
        assert err.value.status == 404
    with pytest.raises(RoerError) as err:
        await family.youth.client.add_note(family.case.id, "Zelf", "Mag niet.")
    assert err.value.status == 404


async def test_note_create_is_idempotent(people: People) -> None:
    family = await people.family(youth_age=15)
    key = str(uuid.uuid4())
    first = await family.casemanager.client.add_note(family.case.id, "A", "tekst", key)
    again = await family.casemanager.client.add_note(family.case.id, "A", "tekst", key)
    assert first.id == again.id
    assert len((await family.casemanager.client.case_notes(family.case.id)).items) == 1


async def test_accepted_correction_destroys_the_old_text_everywhere(
    people: People, settings: Settings
) -> None:
    family = await people.family(youth_age=15)
    cm, youth = family.casemanager, family.youth
    note = await cm.client.add_note(family.case.id, "Incident op school", OLD)
    await family.parents[0].client.case_notes(family.case.id)  # cached reads, log rows
    request = await youth.client.request_correction(
        note.id, f"Er staat '{OLD}' maar dat klopt niet.", proposed_text=NEW
    )
    open_requests = await cm.client.case_corrections(family.case.id)
    assert [c.status for c in open_requests.items] == ["open"]
    accepted = await cm.client.accept_correction(request.id, NEW)
    assert accepted.status == "accepted"
    assert accepted.what_is_wrong == ""  # the request quoted the old text
    mine = (await youth.client.my_notes()).items[0]
    assert mine.body == NEW
    assert mine.corrected_count == 1
    export = await youth.client.export()
    assert OLD not in str(export)
    await assert_gone_everywhere(people, settings, "onjuist-7f3c9a1e", present=NEW)
    log = [e.text for e in (await youth.client.access_log()).items]
    assert any("corrigeerde" in t for t in log)
    kinds = [n.kind for n in (await youth.client.notifications()).items]
    assert "correction_accepted" in kinds


async def test_declined_correction_carries_the_youths_statement(people: People) -> None:
    family = await people.family(youth_age=16)
    cm, youth = family.casemanager, family.youth
    note = await cm.client.add_note(family.case.id, "Thuissituatie", "Moeder maakt zich zorgen.")
    request = await youth.client.request_correction(note.id, "Dit is eenzijdig opgeschreven.")
    with pytest.raises(RoerError) as err:
        await youth.client.add_statement(request.id, "Nog niet beslist.")
    assert err.value.status == 409
    declined = await cm.client.decline_correction(request.id, "Dit is wat moeder vertelde.")
    assert declined.can_add_statement
    with pytest.raises(RoerError) as err:
        await (await people.youth(16)).client.add_statement(request.id, "Niet van mij.")
    assert err.value.status == 404
    await youth.client.add_statement(request.id, "Ik zie dat anders: ik voelde me niet gehoord.")
    shown = (await cm.client.case_notes(family.case.id)).items[0]
    assert shown.body == "Moeder maakt zich zorgen."
    assert [s.body for s in shown.statements] == ["Ik zie dat anders: ik voelde me niet gehoord."]
    with pytest.raises(RoerError) as err:
        await youth.client.add_statement(request.id, "Nog een.")
    assert err.value.status == 409
    with pytest.raises(RoerError) as err:
        await cm.client.accept_correction(request.id, "te laat")
    assert err.value.status == 409


async def test_correction_input_is_checked(people: People) -> None:
    family = await people.family(youth_age=15)
    other = await people.family(youth_age=15)
    theirs = await other.casemanager.client.add_note(other.case.id, "Ander", "Niet jouw verslag.")
    with pytest.raises(RoerError) as err:
        await family.youth.client.request_correction(theirs.id, "Dit klopt niet.")
    assert err.value.status == 422
    # A note's id is no casemanager's BIG5 entry (big5_view corrections: test_big5_corrections).
    own_note = await family.casemanager.client.add_note(family.case.id, "Gesprek", "Tekst.")
    with pytest.raises(RoerError) as err:
        await family.youth.client.request_correction(
            own_note.id, "Mijn BIG5-beeld klopt niet.", target="big5_view"
        )
    assert err.value.status == 422
    assert err.value.problem is not None and err.value.problem.errors is not None
    assert [e.field for e in err.value.problem.errors] == ["target_id"]
    note = await family.casemanager.client.add_note(family.case.id, "Eigen", "Tekst.")
    request = await family.youth.client.request_correction(note.id, "Dit klopt niet.")
    with pytest.raises(RoerError) as err:
        await other.casemanager.client.accept_correction(request.id, "Overgenomen")
    assert err.value.status == 404
    with pytest.raises(RoerError) as err:
        await family.youth.client.request_correction(note.id, "Nog een keer.")
    assert err.value.status == 409


async def test_the_file_is_read_page_by_page_without_gaps_or_repeats(people: People) -> None:
    family = await people.family(youth_age=15)
    for i in range(5):
        await family.casemanager.client.add_note(family.case.id, f"Gesprek {i}", "Verslag.")
    whole = [n.id for n in (await family.youth.client.my_notes()).items]
    assert len(whole) == 5
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        page = await family.youth.client.my_notes(cursor=cursor, limit=2)
        pages.append([n.id for n in page.items])
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [i for p in pages for i in p] == whole
