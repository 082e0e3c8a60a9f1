"""Export, leaving Roer, destroying a file, and retention terms."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from sqlalchemy import select, update

from client_api.client import RoerError
from client_api.schema.privacy import SharingChoice
from server.accounts.models import Case
from server.core import audit
from server.settings import Settings
from tests.people import PASSWORD, People
from tests.privacy.helpers import assert_gone_everywhere, rows_containing


async def test_export_holds_everything_of_the_requester_and_nothing_of_anyone_else(
    people: People,
) -> None:
    family = await people.family(youth_age=15)
    other = await people.family(youth_age=15)
    cm, youth, parent = family.casemanager, family.youth, family.parents[0]
    note = await cm.client.add_note(family.case.id, "Gesprek thuis", "Het ging over school.")
    await other.casemanager.client.add_note(other.case.id, "Ander", "Geheim-van-een-ander.")
    await youth.client.update_sharing(
        [SharingChoice(category="checkins", audience="parent", level="full")]
    )
    await youth.client.add_device("android", "fcm-token-jongere-1", "Telefoon")
    request = await youth.client.request_correction(note.id, "De datum klopt niet.")
    await cm.client.decline_correction(request.id, "De datum klopt wel.")
    await youth.client.add_statement(request.id, "Ik was er die dag niet.")
    await parent.client.case_notes(family.case.id)
    archive = await youth.client.export()
    assert (archive.schema, archive.version, archive.subject_id) == ("roer-export", 1, youth.id)
    assert set(archive.sections) >= {"accounts", "privacy", "notes", "notifications"}
    flat = msgspec.json.encode(archive).decode()
    for mine in (
        youth.username,
        "Het ging over school.",
        "Ik was er die dag niet.",
        "De datum klopt niet.",
        "fcm-token-jongere-1",
        "Je ouder bekeek je dossier",
    ):
        assert mine in flat
    assert archive.sections["privacy"]["sharing"][0]["level"] == "full"
    for theirs in (other.youth.username, other.youth.id, "Geheim-van-een-ander", parent.username):
        assert theirs not in flat
    parents = msgspec.json.encode(await parent.client.export()).decode()
    assert parent.username in parents
    for childs in (youth.username, youth.id, "Het ging over school.", "Ik was er die dag niet."):
        assert childs not in parents
    page = await youth.client.export_html()
    assert "Mijn gegevens bij Roer" in page
    assert "Het ging over school." in page
    assert "<script" not in page


async def test_erasure_after_the_grace_period_keeps_only_the_documented_records(
    people: People, settings: Settings
) -> None:
    family = await people.family(youth_age=16)
    youth, cm = family.youth, family.casemanager
    await cm.client.add_note(family.case.id, "Verslag", "Bewaarplichtige-inhoud-4411.")
    await youth.client.add_device("ios", "apns-token-weg-9876", "iPhone")
    await youth.client.update_sharing(
        [SharingChoice(category="notes", audience="parent", level="full")]
    )
    await family.parents[0].client.case_notes(family.case.id)
    leaving = await youth.client.delete_me()
    assert leaving.grace_days == 14
    kinds = {r.kind: r for r in leaving.retained}
    assert set(kinds) == {"case_file", "access_log"}
    file = kinds["case_file"]
    assert file.count == 1
    assert file.retained_until is not None
    assert file.retained_until.year == people.clock.today().year + 20
    assert "Jeugdwet" in file.basis
    assert "Bewaard tot" in leaving.message
    with pytest.raises(RoerError) as err:
        await youth.client.me()  # signed out everywhere
    assert err.value.status == 401
    stayer = await people.youth(17)
    await stayer.client.delete_me()
    await stayer.client.login(stayer.username, PASSWORD)  # cancels
    assert (await stayer.client.me()).deletion_scheduled_for is None

    await cm.client.test_clock(advance=dt.timedelta(days=13))
    await cm.client.test_tick()
    await youth.client.login(youth.username, PASSWORD)  # still there until the end …
    await youth.client.delete_me()
    await cm.client.test_clock(advance=dt.timedelta(days=15))
    await cm.client.test_tick()
    with pytest.raises(RoerError) as err:
        await youth.client.login(youth.username, PASSWORD)
    assert err.value.status == 401
    assert (await stayer.client.me()).id == stayer.id
    async with people.db() as session:
        assert await rows_containing(session, youth.username) == []
        assert await rows_containing(session, "apns-token-weg-9876") == []
        # The access log keeps the bare id (NEN 7513), nothing else does.
        assert await rows_containing(session, youth.id) == ["access_log.subject_id"]
        assert await rows_containing(session, "Bewaarplichtige-inhoud-4411") == ["case_notes.body"]
        case = await session.scalar(select(Case).where(Case.id == family.case.id))
        assert case is not None
        assert case.youth_id is None
    with pytest.raises(RoerError) as err:
        await cm.client.case_notes(family.case.id)
    assert err.value.type == "file-retained"
    await assert_gone_everywhere(people, settings, youth.username, present="Bewaarplichtige")


async def test_staff_cannot_leave_by_themselves(people: People) -> None:
    cm = await people.staff("casemanager")
    with pytest.raises(RoerError) as err:
        await cm.client.delete_me()
    assert err.value.status == 403


async def test_destruction_request_lifecycle(people: People, settings: Settings) -> None:
    family = await people.family(youth_age=14)
    cm, youth, parent = family.casemanager, family.youth, family.parents[0]
    await cm.client.add_note(family.case.id, "Verslag", "Te-vernietigen-inhoud-5521.")
    first = await youth.client.request_destruction(explanation="Ik wil opnieuw beginnen.")
    assert first.status == "open"
    assert (first.decide_before - first.created_at).days == 90
    assert "uiterlijk" in first.status_text
    with pytest.raises(RoerError) as err:
        await youth.client.request_destruction()
    assert err.value.status == 409
    with pytest.raises(RoerError) as err:
        await parent.client.request_destruction(case_id=family.case.id)  # the youth is 14
    assert err.value.status == 403
    outsider = await people.staff("casemanager")
    with pytest.raises(RoerError) as err:
        await outsider.client.approve_destruction(first.id)
    assert err.value.status == 404
    response = await cm.client.http.post(
        f"/api/v1/destruction-requests/{first.id}/refuse",
        json={"reason": "Geen reden van de lijst."},
        headers={"Authorization": f"Bearer {cm.client.access_token}"},
    )
    assert response.status_code == 400
    refused = await cm.client.refuse_destruction(
        first.id, "legal_duty", "Er loopt een kinderbeschermingsmaatregel."
    )
    assert refused.status == "refused"
    assert refused.refusal_kind == "legal_duty"
    assert [r.status for r in (await youth.client.my_destruction_requests()).items] == ["refused"]
    assert (await youth.client.my_notes()).items  # nothing destroyed
    second = await youth.client.request_destruction()
    listed = (await cm.client.case_destruction_requests(family.case.id)).items
    assert [r.status for r in listed] == ["open", "refused"]
    assert listed[0].id == second.id
    approved = await cm.client.approve_destruction(second.id)
    assert approved.status == "approved"
    assert (await youth.client.my_notes()).items == []
    log = [e.text for e in (await youth.client.access_log()).items]
    assert any(t.startswith(f"Je casemanager {cm.me.display_name} vernietigde") for t in log)
    kinds = [n.kind for n in (await youth.client.notifications()).items]
    assert {"destruction_refused", "destruction_approved"} <= set(kinds)
    await youth.client.test_tick()  # the storage scrub job
    await assert_gone_everywhere(people, settings, "Te-vernietigen-inhoud-5521", present="Verslag")


async def test_retention_purges_old_files_and_old_log_rows_keeping_the_chain_verifiable(
    people: People,
) -> None:
    family = await people.family(youth_age=17)
    cm, youth = family.casemanager, family.youth
    await cm.client.add_note(family.case.id, "Oud", "Oude-inhoud-3141.")
    await cm.client.case_notes(family.case.id)
    async with people.db() as session:
        ended = people.clock.now() - dt.timedelta(days=365 * 21)
        await session.execute(
            update(Case).where(Case.id == family.case.id).values(care_ended_at=ended)
        )
        await session.commit()
    await cm.client.test_tick()
    async with people.db() as session:
        assert await rows_containing(session, "Oude-inhoud-3141") == []
    log = [e.text for e in (await youth.client.access_log()).items]
    assert any("verwijderde na de bewaartermijn" in t for t in log)
    async with people.db() as session:
        before = await session.get(audit.AuditHead, 1)
        assert before is not None
        last_before = before.last_id
    await cm.client.test_clock(advance=dt.timedelta(days=365 * 5 + 10))
    await cm.client.test_tick()
    async with people.db() as session:  # the chain goes on after the purge
        await audit.append(
            session,
            at=people.clock.now(),
            actor_id=cm.id,
            actor_role="casemanager",
            subject_id=youth.id,
            resource="notes",
            action="read",
            purpose="Verslagen lezen",
        )
        await session.commit()
    async with people.db() as session:
        head = await session.get(audit.AuditHead, 1)
        assert head is not None
        assert head.anchor_id == last_before
        remaining = list(await session.scalars(select(audit.AccessLog.id)))
        assert min(remaining) == last_before + 1
        assert await audit.verify(session) == []
