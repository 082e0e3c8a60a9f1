"""Who may read and post where: age bands, parents, staff, peer experts; pseudonyms."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.forum.helpers import board_id, cid, fails, start
from tests.people import People

YOUTH_SLUGS = {
    "18-worden", "wonen", "school-werk", "geld", "thuis-familie", "pleegzorg",
    "wachten-op-hulp", "je-rechten", "gewoon-kletsen",
}  # fmt: skip


async def test_boards_by_age_band_and_role(people: People) -> None:
    young, older = await people.youth(14), await people.youth(20)
    fam = await people.family(youth_age=15)
    moderator, peer = await people.staff("moderator"), await people.staff("peer_expert")
    casemanager = fam.casemanager

    young_boards = (await young.client.forum_boards()).items
    assert {b.space for b in young_boards} == {"12-15"}
    assert {b.slug for b in young_boards} == YOUTH_SLUGS
    assert all(b.can_post for b in young_boards)
    assert next(b for b in young_boards if b.slug == "school-werk").name == "School & werk"
    assert {b.space for b in (await older.client.forum_boards()).items} == {"16-27"}
    parent_boards = (await fam.parents[0].client.forum_boards()).items
    assert {b.space for b in parent_boards} == {"ouders"}
    assert {"Hulp regelen voor je kind", "Ouders onder elkaar"} <= {b.name for b in parent_boards}
    mod_boards = (await moderator.client.forum_boards()).items
    assert {b.space for b in mod_boards} == {"12-15", "16-27", "ouders"}
    assert not any(b.can_post for b in mod_boards)
    assert all(b.can_post for b in (await peer.client.forum_boards()).items)
    assert (await casemanager.client.forum_boards()).items == []
    assert young_boards[0].id == board_id("12-15", young_boards[0].slug)


async def test_fourteen_year_old_cannot_read_or_post_in_16_27(people: People) -> None:
    young, older = await people.youth(14), await people.youth(17)
    thread = await start(older.client, board_id("16-27"))
    err = await fails(403, young.client.forum_threads(board_id("16-27")))
    assert "16 tot 27" in err.problem.detail  # type: ignore[union-attr]
    await fails(403, young.client.forum_create_thread(board_id("16-27"), "Hallo", "Hoi", cid()))
    await fails(404, young.client.forum_thread(thread.thread.id))
    await fails(404, young.client.forum_reply(thread.thread.id, "hoi", cid()))
    await fails(404, young.client.forum_react(thread.post.id, "sterkte"))
    # and the other way round
    mine = await start(young.client, board_id("12-15"))
    await fails(404, older.client.forum_thread(mine.thread.id))


async def test_from_27th_birthday_read_only(people: People) -> None:
    member = await people.youth(26, days_past_birthday=365 - 3)  # 27 in 3 days
    peer = await people.youth(20)
    thread = await start(peer.client, board_id("16-27"))
    await member.client.test_clock(advance=dt.timedelta(days=4))
    assert (await member.client.forum_thread(thread.thread.id)).thread.id == thread.thread.id
    err = await fails(403, member.client.forum_reply(thread.thread.id, "hoi", cid()))
    assert err.type == "read-only"
    await fails(403, start(member.client, board_id("16-27")))


@pytest.mark.parametrize("space", ["12-15", "16-27"])
async def test_parents_cannot_read_youth_spaces(people: People, space: str) -> None:
    fam = await people.family(youth_age=15)
    parent = fam.parents[0]
    await fails(403, parent.client.forum_threads(board_id(space)))
    await fails(403, start(parent.client, board_id(space)))
    created = await start(parent.client, board_id("ouders", "ouders-onder-elkaar"))
    assert created.post.status == "visible"
    await fails(403, fam.youth.client.forum_threads(board_id("ouders", "ouders-onder-elkaar")))


async def test_staff_read_for_moderation_only_and_peer_expert_has_badge(people: People) -> None:
    moderator, peer = await people.staff("moderator"), await people.staff("peer_expert")
    casemanager = await people.staff("casemanager")
    youth = await people.youth(15)
    thread = await start(youth.client, board_id("12-15"))
    assert (await moderator.client.forum_thread(thread.thread.id)).posts.items
    await fails(403, moderator.client.forum_reply(thread.thread.id, "hoi", cid()))
    await fails(403, start(moderator.client, board_id("12-15")))
    await fails(403, casemanager.client.forum_threads(board_id("12-15")))
    await fails(404, casemanager.client.forum_thread(thread.thread.id))
    reply = await peer.client.forum_reply(
        thread.thread.id, "Welkom! Ik heb dit ook meegemaakt.", cid()
    )
    assert reply.author.badge == "ervaringsdeskundige"
    assert (await youth.client.forum_me()).badge is None


async def test_moderator_gets_no_case_data(people: People) -> None:
    fam = await people.family(youth_age=15)
    moderator = await people.staff("moderator")
    await fails(404, moderator.client.case(fam.case.id))
    await fails(403, moderator.client.cases())
    log = (await fam.youth.client.access_log()).items
    assert all(e.actor_role != "moderator" for e in log)


async def test_handles_are_pseudonyms(people: People) -> None:
    youth, other = await people.youth(15), await people.youth(15)
    me = await youth.client.forum_me()
    assert me.member_id != youth.id
    assert me.handle
    assert youth.username not in me.handle.lower()
    assert len(me.suggested_handles) == 3
    assert me.spaces_post == ["12-15"]
    assert (await youth.client.forum_set_handle("Stille Reiger 7")).handle == "Stille Reiger 7"
    err = await fails(409, other.client.forum_set_handle("stille reiger 7"))
    assert err.type == "handle-taken"
    err = await fails(422, other.client.forum_set_handle(f"de {other.username}"))
    assert err.problem
    assert err.problem.errors
    assert err.problem.errors[0].field == "handle"
    await fails(422, other.client.forum_set_handle("06-12345678"))
    raw = await other.client.http.put(
        "/api/v1/forum/me",
        json={"handle": "<script>"},
        headers={"Authorization": f"Bearer {other.client.access_token}"},
    )
    assert raw.status_code == 400
    assert (await other.client.forum_me()).handle != "<script>"
