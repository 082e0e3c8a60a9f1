"""Feedback on guides: once per person (a resend replaces), screened, and editors' view."""

from __future__ import annotations

import pytest

from client_api.client import RoerClient, RoerError
from tests.people import People

CRISIS = "ik wil dood, ik maak er vanavond een eind aan"


async def test_feedback_needs_sign_in(anon: RoerClient) -> None:
    with pytest.raises(RoerError) as err:
        await anon.give_guide_feedback("wachtlijst", True)
    assert err.value.status == 401


async def test_feedback_is_stored_once_per_person_and_a_resend_replaces_it(
    people: People,
) -> None:
    youth, editor = await people.youth(16), await people.staff("peer_expert", mfa=False)
    first = await youth.client.give_guide_feedback("wachtlijst", False, "Te lang, ik snap het niet")
    assert (first.comment_status, first.replaced, first.signposts) == ("stored", False, [])
    again = await youth.client.give_guide_feedback("wachtlijst", True, "Nu snap ik het wel")
    assert again.replaced
    other = await people.youth(15)
    await other.client.give_guide_feedback("wachtlijst", True)
    seen = await editor.client.guide_feedback("wachtlijst")
    assert (seen.helpful, seen.not_helpful, seen.withheld_comments) == (2, 0, 0)
    assert [c.comment for c in seen.items] == ["Nu snap ik het wel"]
    assert seen.items[0].helpful
    assert seen.items[0].date == people.clock.today()


async def test_a_resend_replaces_the_whole_answer_not_409(people: People) -> None:
    """Documented in the API: one answer per person per guide, and a resend (200, not 409)
    replaces all of it, so a comment left out or withheld the second time is gone."""
    youth, editor = await people.youth(16), await people.staff("peer_expert", mfa=False)
    path = "/api/v1/guides/wachtlijst/feedback"
    headers = {"Authorization": f"Bearer {youth.client.access_token}"}
    sends = [
        ({"helpful": False, "comment": "Te lang, ik snap het niet"}, False, "stored"),
        ({"helpful": True}, True, "none"),
        ({"helpful": True, "comment": "Nu wel"}, True, "stored"),
        ({"helpful": False, "comment": "bel me op 0612345678"}, True, "withheld"),
    ]
    for body, replaced, status in sends:
        response = await people.http.post(path, json=body, headers=headers)
        assert response.status_code == 200, response.text
        assert (response.json()["replaced"], response.json()["comment_status"]) == (
            replaced,
            status,
        )
        seen = await editor.client.guide_feedback("wachtlijst")
        assert (seen.helpful, seen.not_helpful) == ((1, 0) if body["helpful"] else (0, 1))
        kept = [body["comment"]] if status == "stored" else []
        assert [c.comment for c in seen.items] == kept
        assert seen.withheld_comments == (1 if status == "withheld" else 0)
    schema = (await people.http.get("/schema/openapi.json")).json()
    described = schema["paths"]["/api/v1/guides/{slug}/feedback"]["post"]["description"]
    assert "sending again replaces all of it" in described and "not 409" in described


async def test_editors_see_no_author(people: People) -> None:
    youth, editor = await people.youth(17), await people.staff("peer_expert", mfa=False)
    await youth.client.give_guide_feedback("18-worden", True, "Fijne checklist")
    raw = (
        await editor.client.http.get(
            "/api/v1/guides/18-worden/feedback",
            headers={"Authorization": f"Bearer {editor.client.access_token}"},
        )
    ).json()
    text = str(raw)
    assert youth.id not in text
    assert youth.username not in text
    assert set(raw["items"][0]) == {"helpful", "comment", "date"}


@pytest.mark.parametrize(
    ("comment", "status", "signposts"),
    [
        ("Duidelijke uitleg, dank je wel", "stored", False),
        ("bel me even op 0612345678 dan leg ik het uit", "withheld", False),
        (CRISIS, "withheld", True),
    ],
)
async def test_comments_are_screened_and_only_clean_ones_kept(
    people: People, comment: str, status: str, signposts: bool
) -> None:
    youth, editor = await people.youth(15), await people.staff("admin")
    result = await youth.client.give_guide_feedback("je-dossier", False, comment)
    assert result.comment_status == status
    assert bool(result.signposts) == signposts
    if status == "withheld":
        assert result.message
    if signposts:
        assert any("113" in s.name or "0800-0113" in s.phone for s in result.signposts)
    seen = await editor.client.guide_feedback("je-dossier")
    assert seen.not_helpful == 1
    assert [c.comment for c in seen.items] == ([comment] if status == "stored" else [])
    assert seen.withheld_comments == (1 if status == "withheld" else 0)


async def test_crisis_in_feedback_alerts_the_casemanager(people: People) -> None:
    family = await people.family(youth_age=15, parents=0)
    await family.youth.client.give_guide_feedback("welzijn-signaleringsplan", False, CRISIS)
    alerts = (await family.casemanager.client.alerts()).items
    assert [(a.rule, a.urgent) for a in alerts] == [("crisis", True)]
    assert CRISIS not in str(alerts)


async def test_parent_feedback_with_crisis_gets_signposts_without_alert(people: People) -> None:
    family = await people.family(youth_age=13, parents=1)
    result = await family.parents[0].client.give_guide_feedback("ouders-12-en-16", True, CRISIS)
    assert result.signposts
    assert (await family.casemanager.client.alerts()).items == []


@pytest.mark.parametrize("role", ["youth", "casemanager", "moderator"])
async def test_only_editors_read_feedback(people: People, role: str) -> None:
    person = await people.youth(16) if role == "youth" else await people.staff(role)
    for call in (person.client.guide_feedback("wachtlijst"), person.client.guidance_feedback()):
        with pytest.raises(RoerError) as err:
            await call
        assert err.value.status == 403


async def test_overview_counts_every_guide(people: People) -> None:
    editor = await people.staff("peer_expert", mfa=False)
    for helpful in (False, False, True):
        youth = await people.youth(16)
        await youth.client.give_guide_feedback("wonen", helpful, "Meer over kamers graag")
    overview = (await editor.client.guidance_feedback()).items
    assert len(overview) == 17
    assert (overview[0].slug, overview[0].not_helpful, overview[0].helpful) == ("wonen", 2, 1)
    assert overview[0].comments == 3
    assert all(c.helpful == c.not_helpful == 0 for c in overview[1:])


async def test_editor_comment_pages(people: People) -> None:
    editor = await people.staff("peer_expert", mfa=False)
    for n in range(5):
        youth = await people.youth(16)
        await youth.client.give_guide_feedback("wonen", True, f"Opmerking nummer {n}")
    seen, cursor = [], None
    while True:
        page = await editor.client.guide_feedback("wonen", cursor=cursor, limit=2)
        seen += [c.comment for c in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == [f"Opmerking nummer {n}" for n in range(5)]


@pytest.mark.parametrize(
    ("slug", "body", "status"),
    [
        ("bestaat-niet", {"helpful": True}, 404),
        ("wachtlijst", {"helpful": "ja"}, 400),
        ("wachtlijst", {}, 400),
        ("wachtlijst", {"helpful": True, "comment": ""}, 400),
        ("wachtlijst", {"helpful": True, "comment": "x" * 1001}, 400),
        ("wachtlijst", {"helpful": True, "user_id": "iemand"}, 400),
    ],
)
async def test_bad_feedback_changes_nothing(
    people: People, slug: str, body: dict[str, object], status: int
) -> None:
    youth, editor = await people.youth(16), await people.staff("peer_expert", mfa=False)
    response = await youth.client.http.post(
        f"/api/v1/guides/{slug}/feedback",
        json=body,
        headers={"Authorization": f"Bearer {youth.client.access_token}"},
    )
    assert response.status_code == status
    assert all(
        c.helpful == c.not_helpful == 0 for c in (await editor.client.guidance_feedback()).items
    )
    with pytest.raises(RoerError) as err:
        await editor.client.guide_feedback("bestaat-niet")
    assert err.value.status == 404


async def test_export_and_erase_own_feedback(people: People) -> None:
    from server.guidance import service

    youth = await people.youth(16)
    await youth.client.give_guide_feedback("wonen", True, "Handig")
    async with people.db() as session:
        exported = await service.export_user_data(session, youth.id)
        assert [(f["guide"], f["comment"]) for f in exported["guide_feedback"]] == [
            ("wonen", "Handig")
        ]
        await service.erase_user_data(session, youth.id, people.clock.now())
        await session.commit()
        assert (await service.export_user_data(session, youth.id))["guide_feedback"] == []
