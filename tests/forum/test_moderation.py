"""Screening outcomes, reports, the queue, decisions, appeals, sanctions and break-glass."""

from __future__ import annotations

import datetime as dt

from tests.forum.helpers import CRISIS, GROOMING, PHONE, board_id, cid, fails, start
from tests.people import People

KIDS = board_id("12-15")


async def test_phone_number_is_held_for_author_only_and_queued(people: People) -> None:
    a, b = await people.youth(14), await people.youth(14)
    moderator = await people.staff("moderator")
    thread = await start(a.client, KIDS)
    held = await a.client.forum_reply(thread.thread.id, PHONE, cid())
    assert held.status == "held"
    assert held.status_text == "wacht op een moderator"
    mine = [p.id for p in (await a.client.forum_thread(thread.thread.id)).posts.items]
    theirs = [p.id for p in (await b.client.forum_thread(thread.thread.id)).posts.items]
    assert held.id in mine
    assert held.id not in theirs
    [item] = (await moderator.client.moderation_queue()).items
    assert item.post_id == held.id
    assert "pii.phone" in item.reasons
    assert any(PHONE[s.start : s.end].replace("-", "").isdigit() for s in item.spans)
    assert item.thread_title == thread.thread.title
    assert item.board.slug == "gewoon-kletsen"
    assert item.member.handle == held.author.handle
    await fails(403, a.client.moderation_queue())
    redacted = await moderator.client.moderation_decide(item.id, "redact")
    assert redacted.post_status == "visible"
    body = next(
        p for p in (await b.client.forum_thread(thread.thread.id)).posts.items if p.id == held.id
    )
    assert "0612345678" not in body.body
    assert (await moderator.client.moderation_queue()).items == []


async def test_grooming_and_crisis_raise_urgent_items(people: People) -> None:
    a, b = await people.youth(15), await people.youth(15)
    moderator = await people.staff("moderator")
    thread = await start(a.client, KIDS)
    normal = await b.client.forum_reply(thread.thread.id, PHONE, cid())
    groom = await b.client.forum_reply(thread.thread.id, GROOMING, cid())
    assert groom.status == "held"
    crisis = await a.client.forum_reply(thread.thread.id, CRISIS, cid())
    assert crisis.signposts
    assert any("113" in s.phone for s in crisis.signposts)
    queue = (await moderator.client.moderation_queue()).items
    assert [i.post_id for i in queue] == [groom.id, crisis.id, normal.id]
    assert [i.urgent for i in queue] == [True, True, False]
    assert any(r.startswith("grooming.") for r in queue[0].reasons)
    assert "crisis.suicide" in queue[1].reasons
    assert queue[0].member.history.holds == 1  # the phone number before
    page = await moderator.client.moderation_queue(limit=1)
    rest = await moderator.client.moderation_queue(cursor=page.next_cursor, limit=2)
    assert [i.post_id for i in page.items + rest.items] == [groom.id, crisis.id, normal.id]


async def test_block_is_refused_with_message_and_nothing_stored(people: People) -> None:
    a = await people.youth(15)
    moderator = await people.staff("moderator")
    thread = await start(a.client, KIDS)
    err = await fails(422, a.client.forum_reply(thread.thread.id, "ik maak je af", cid()))
    assert err.type == "blocked-abuse"
    assert "bedreiging" in err.problem.detail  # type: ignore[union-attr]
    assert err.problem.errors[0].field == "body"  # type: ignore[index,union-attr]
    err = await fails(422, start(a.client, KIDS, title="ik maak je af"))
    assert err.problem.errors[0].field == "title"  # type: ignore[index,union-attr]
    assert len((await a.client.forum_thread(thread.thread.id)).posts.items) == 1
    assert len((await a.client.forum_threads(KIDS)).items) == 1
    assert (await moderator.client.moderation_queue()).items == []


async def test_three_distinct_reports_hide_a_post(people: People) -> None:
    author = await people.youth(14)
    r1, r2, r3 = await people.youth(14), await people.youth(14), await people.youth(14)
    moderator = await people.staff("moderator")
    thread = await start(author.client, KIDS)
    post = (await r1.client.forum_reply(thread.thread.id, "Iedereen hier is stom.", cid())).id
    await fails(422, r1.client.forum_report(post, "pesten"))  # own post
    await author.client.forum_report(post, "pesten", "Dit is gemeen")
    await author.client.forum_report(post, "pesten")  # same member again: counts once
    await r2.client.forum_report(post, "ongepast")
    visible = [p.id for p in (await r3.client.forum_thread(thread.thread.id)).posts.items]
    assert post in visible
    receipt = await r3.client.forum_report(post, "pesten")
    assert "moderator" in receipt.message
    assert post not in [p.id for p in (await r2.client.forum_thread(thread.thread.id)).posts.items]
    own = next(
        p for p in (await r1.client.forum_thread(thread.thread.id)).posts.items if p.id == post
    )
    assert own.status == "hidden"
    [item] = (await moderator.client.moderation_queue()).items
    assert item.kind == "report"
    assert len(item.reports) == 3
    await moderator.client.moderation_decide(item.id, "approve")
    assert post in [p.id for p in (await r2.client.forum_thread(thread.thread.id)).posts.items]
    kinds = [n.kind for n in (await r1.client.forum_notifications()).items]
    assert kinds == ["approve", "hidden"]


async def test_removal_appeal_goes_to_another_moderator(people: People) -> None:
    a = await people.youth(16)
    m1, m2 = await people.staff("moderator"), await people.staff("moderator")
    thread = await start(a.client, board_id("16-27"))
    held = await a.client.forum_reply(thread.thread.id, PHONE, cid())
    [item] = (await m1.client.moderation_queue()).items
    await fails(422, m1.client.moderation_decide(item.id, "remove"))  # reason required
    await m1.client.moderation_decide(
        item.id, "remove", reason="Geen telefoonnummers op het forum."
    )
    await fails(409, m2.client.moderation_decide(item.id, "approve"))
    note = (await a.client.forum_notifications()).items[0]
    assert note.kind == "remove"
    assert "Geen telefoonnummers" in note.text
    own = next(
        p for p in (await a.client.forum_thread(thread.thread.id)).posts.items if p.id == held.id
    )
    assert own.status == "removed"
    assert own.can_appeal
    await a.client.forum_appeal(held.id, "Het was mijn werknummer, dat mag toch?")
    await fails(409, a.client.forum_appeal(held.id, "Nog een keer"))
    [appeal] = (await m1.client.moderation_queue()).items
    assert appeal.kind == "appeal"
    assert appeal.appeal_text == "Het was mijn werknummer, dat mag toch?"
    err = await fails(403, m1.client.moderation_decide(appeal.id, "approve"))
    assert err.type == "same-moderator"
    await m2.client.moderation_decide(appeal.id, "remove", reason="Ook werknummers niet.")
    assert (await a.client.forum_notifications()).items[0].kind == "appeal_rejected"


async def test_mute_and_ban_stop_posting(people: People) -> None:
    a = await people.youth(17)
    moderator = await people.staff("moderator")
    teens = board_id("16-27")
    thread = await start(a.client, teens)
    await a.client.forum_reply(thread.thread.id, PHONE, cid())
    [item] = (await moderator.client.moderation_queue()).items
    await moderator.client.moderation_decide(item.id, "mute", reason="Herhaald.", mute_hours=24)
    err = await fails(403, a.client.forum_reply(thread.thread.id, "hallo", cid()))
    assert err.type == "muted"
    assert "tot" in err.problem.detail  # type: ignore[union-attr]
    assert (await a.client.forum_me()).muted_until is not None
    await a.client.test_clock(advance=dt.timedelta(hours=25))
    await a.client.forum_reply(thread.thread.id, PHONE, cid())
    [item] = (await moderator.client.moderation_queue()).items
    assert item.member.history.mutes == 1
    await moderator.client.moderation_decide(item.id, "ban", reason="Blijft gegevens delen.")
    err = await fails(403, a.client.forum_reply(thread.thread.id, "hallo", cid()))
    assert err.type == "banned"
    await fails(403, start(a.client, teens))


async def test_break_glass_reveal_is_in_the_youths_access_log(people: People) -> None:
    a = await people.youth(15)
    moderator = await people.staff("moderator")
    member_id = (await a.client.forum_me()).member_id
    short = await moderator.client.http.post(
        f"/api/v1/moderation/members/{member_id}/reveal",
        json={"reason": "kort"},
        headers={"Authorization": f"Bearer {moderator.client.access_token}"},
    )
    assert short.status_code == 400
    await fails(403, a.client.moderation_reveal(member_id, "Ik wil weten wie dit is, echt waar."))
    reason = "Grooming-vermoeden: melding aan de politie voorbereiden."
    revealed = await moderator.client.moderation_reveal(member_id, reason)
    assert revealed.account_id == a.id
    assert revealed.username == a.username
    assert revealed.age_band == "12-15"
    [entry] = (await a.client.access_log()).items
    assert entry.resource == "forum_identity"
    assert entry.action == "reveal"
    assert entry.purpose == reason
    assert entry.actor_role == "moderator"
