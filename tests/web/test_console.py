"""The consoles over plain HTTP: sign-in with a code, CSRF, staff only, the queue, logging."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from client_api.client import RoerClient
from tests.alerts.test_queue import trigger
from tests.people import People
from tests.web.console import Console, next_code

TEMPLATES = Path(__file__).parents[2] / "server" / "web" / "templates"


@pytest.fixture
def console(http: AsyncTestClient[Litestar]) -> Console:
    return Console(http)


async def test_casemanager_resolves_an_urgent_alert_and_the_youth_sees_the_reads(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    await trigger(people, family, "low_mood", urgent=False)
    await trigger(people, family, "unsafe_home", urgent=True)
    home = await console.sign_in(family.casemanager)
    assert "<h1>Aandachtslijst</h1>" in home
    # Urgent first, marked as such.
    assert home.index("Voelt zich niet veilig thuis") < home.index("Meerdere check-ins op rij")
    assert "Dringend" in home
    urgent = next(a for a in (await family.casemanager.client.alerts()).items if a.urgent)

    done = await console.post(
        f"/console/aandacht/{urgent.id}/afhandelen",
        {"note": "Gebeld, ze is bij haar tante."},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 200
    assert "Afgehandeld" in done.text and "Gebeld, ze is bij haar tante." in done.text
    queue = await console.get("/console/aandacht")
    assert "Voelt zich niet veilig thuis" not in queue.text
    resolved = await family.casemanager.client.alerts(include_resolved=True)
    assert any(a.resolution_note == "Gebeld, ze is bij haar tante." for a in resolved.items)

    await console.get(f"/console/casus/{family.case.id}")
    purposes = {e.purpose for e in (await family.youth.client.access_log()).items}
    assert {"Aandachtslijst bekijken", "Signaal afgehandeld", "Casus bekijken in de console"} <= (
        purposes
    )


async def test_forms_without_the_session_token_or_from_elsewhere_change_nothing(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    await trigger(people, family, "wants_contact", urgent=False)
    await console.sign_in(family.casemanager)
    await console.get("/console/aandacht")
    alert = (await family.casemanager.client.alerts()).items[0]
    path = f"/console/aandacht/{alert.id}/afhandelen"
    for data, csrf, headers in [
        ({"note": "zonder token"}, False, {}),
        ({"note": "fout token", "_csrf": "nep"}, False, {}),
        ({"note": "andere site"}, True, {"Origin": "https://kwaadwillend.example"}),
    ]:
        answer = await console.post(path, data, csrf=csrf, headers=headers)
        assert answer.status_code == 403, data
        assert "formulier is verlopen" in answer.text
    assert (await family.casemanager.client.alerts()).items[0].resolved_at is None
    ok = await console.post(path, {"note": "nu wel"})
    assert ok.status_code == 303


@pytest.mark.parametrize(
    ("who", "expected"),
    [("youth", "alleen voor medewerkers"), ("parent", "alleen voor medewerkers")],
)
async def test_youths_and_parents_are_refused_kindly(
    people: People, console: Console, who: str, expected: str
) -> None:
    family = await people.family(15)
    person = family.youth if who == "youth" else family.parents[0]
    page = await console.login(person.username)
    assert expected in page
    assert (await console.get("/console/aandacht")).url.path == "/console/login"
    devices = [s.device_name for s in (await person.client.sessions()).items]
    assert "Webconsole" not in devices


async def test_wrong_password_and_wrong_code_are_explained(
    people: People, console: Console
) -> None:
    cm = await people.staff("casemanager")
    assert "klopt niet" in await console.login(cm.username, "niet het wachtwoord")
    assert "klopt niet of is al gebruikt" in await console.login(cm.username, code="000000")
    assert (await console.get("/console/aandacht")).url.path == "/console/login"


async def test_ending_the_session_in_the_api_ends_it_in_the_console(
    people: People, console: Console
) -> None:
    cm = await people.staff("casemanager")
    await console.sign_in(cm)
    assert (await console.get("/console/caseload")).url.path == "/console/caseload"
    session = next(s for s in (await cm.client.sessions()).items if s.device_name == "Webconsole")
    await cm.client.end_session(session.id)
    assert (await console.get("/console/caseload")).url.path == "/console/login"
    htmx = await console.http.get("/console/aandacht/teller", headers={"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"] == "/console/login"


async def test_another_casemanagers_case_is_not_found_and_not_logged(
    people: People, console: Console
) -> None:
    family = await people.family(15)
    other = await people.staff("casemanager")
    await console.sign_in(other)
    answer = await console.get(f"/console/casus/{family.case.id}")
    assert answer.status_code == 404
    assert "Niet gevonden" in answer.text
    assert "text/html" in answer.headers["content-type"]
    assert not [e for e in (await family.youth.client.access_log()).items if "console" in e.purpose]


async def test_roles_see_their_own_pages_only(people: People, console: Console) -> None:
    moderator = await people.staff("moderator")
    home = await console.sign_in(moderator)
    assert "<h1>Moderatie</h1>" in home
    assert (await console.get("/console/aandacht")).status_code == 403
    assert (await console.get("/console/beheer")).status_code == 403


async def test_admin_invites_staff_and_hands_a_case_over(people: People, console: Console) -> None:
    family = await people.family(15)
    colleague = await people.staff("casemanager")
    admin = await people.staff("admin")
    home = await console.sign_in(admin)
    assert "Medewerker uitnodigen" in home and family.case.label in home
    invite = await console.post("/console/beheer/uitnodigingen", {"role": "moderator"})
    assert invite.status_code == 200 and "Uitnodigingscode" in invite.text
    bad = await console.post(
        "/console/beheer/overdracht",
        {"case_id": family.case.id, "casemanager_id": colleague.id, "reason": ""},
    )
    assert bad.status_code == 422
    moved = await console.post(
        "/console/beheer/overdracht",
        {"case_id": family.case.id, "casemanager_id": colleague.id, "reason": "Verhuisd"},
    )
    assert moved.status_code == 303
    assert [c.id for c in (await colleague.client.cases()).items] == [family.case.id]


async def test_the_console_mints_a_short_token_for_its_own_session(
    people: People, console: Console, anon: RoerClient
) -> None:
    cm = await people.staff("casemanager")
    await console.sign_in(cm)
    await console.get("/console/caseload")
    assert (await console.post("/console/token", csrf=False)).status_code == 403
    answer = await console.post("/console/token")
    token = answer.json()["access_token"]
    me = await anon.with_token(token).me()
    assert me.id == cm.id


async def test_staff_without_two_factor_turn_it_on_in_the_console(
    people: People, console: Console
) -> None:
    cm = await people.staff("casemanager", mfa=False)
    home = await console.login(cm.username)
    assert "Tweestapsverificatie staat nog niet aan" in home
    assert "<h1>Tweestapsverificatie aanzetten</h1>" in home
    blocked = await console.get("/console/caseload")
    assert blocked.status_code == 403 and "/console/tweestaps" in blocked.text
    secret = home.split('class="secret">', 1)[1].split("<", 1)[0]
    await console.post("/console/tweestaps/", {"totp_code": next_code(secret)})
    assert (await console.get("/console/caseload")).status_code == 200


async def test_pages_are_self_contained_and_strict(console: Console) -> None:
    page = await console.get("/console/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    htmx = await console.http.get("/console/static/vendor/htmx-2.0.11.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert "http://" not in text and "https://" not in text, template.name
