"""No forum or moderation-queue response ever carries who someone really is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.forum.helpers import CRISIS, PHONE, board_id, cid, start
from tests.people import People

KIDS = board_id("12-15")
IDENTITY_KEYS = {
    "age", "birth_date", "username", "email", "display_name", "user_id", "account_id",
    "case_id", "case_ids",
}  # fmt: skip


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [str(value)]


async def test_no_forum_response_reveals_identity(people: People) -> None:
    fam = await people.family(youth_age=14)
    youth, other = fam.youth, await people.youth(15)
    moderator = await people.staff("moderator")
    await youth.client.forum_me()
    await youth.client.test_clock(advance=dt.timedelta(days=2))  # past the new-member limit
    thread = await start(youth.client, KIDS)
    reply = await youth.client.forum_reply(thread.thread.id, PHONE, cid(), thread.post.id)
    await youth.client.forum_reply(thread.thread.id, CRISIS, cid())
    await other.client.forum_react(thread.post.id, "sterkte")
    await other.client.forum_report(thread.post.id, "anders", "Ik maak me zorgen om deze persoon")
    [item, *_] = (await moderator.client.moderation_queue()).items
    await moderator.client.moderation_decide(item.id, "approve")

    me = await youth.client.me()
    assert me.birth_date
    secrets = {me.id, youth.username, me.birth_date.isoformat(), fam.case.id}
    secrets |= {fam.parents[0].id, fam.parents[0].username, (await other.client.me()).id}
    auth = {"Authorization": f"Bearer {youth.client.access_token}"}
    mod = {"Authorization": f"Bearer {moderator.client.access_token}"}
    paths = [
        ("GET", "/forum/boards", auth, None),
        ("GET", "/forum/me", auth, None),
        ("PUT", "/forum/me", auth, {"handle": "Wijze Uil 12"}),
        ("GET", f"/forum/boards/{KIDS}/threads", auth, None),
        (
            "POST",
            f"/forum/boards/{KIDS}/threads",
            auth,
            {"client_id": cid(), "title": "Nog een", "body": "Hoi"},
        ),
        ("GET", f"/forum/threads/{thread.thread.id}", auth, None),
        (
            "POST",
            f"/forum/threads/{thread.thread.id}/posts",
            auth,
            {"client_id": cid(), "body": "Goed"},
        ),
        ("PATCH", f"/forum/posts/{reply.id}", auth, {"body": "Aangepast"}),
        ("POST", f"/forum/posts/{thread.post.id}/reactions", auth, {"kind": "herkenbaar"}),
        ("DELETE", f"/forum/posts/{thread.post.id}/reactions/herkenbaar", auth, None),
        ("GET", "/forum/notifications", auth, None),
        ("GET", f"/forum/threads/{thread.thread.id}", mod, None),
        ("GET", "/moderation/queue", mod, None),
        ("GET", f"/forum/boards/{KIDS}/threads", mod, None),
    ]
    for method, path, headers, body in paths:
        response = await youth.client.http.request(
            method, "/api/v1" + path, json=body, headers=headers
        )
        assert response.status_code < 300, (path, response.text)
        found = _strings(response.json())
        for secret in secrets:
            assert not any(secret and secret.lower() in s.lower() for s in found), (path, secret)
        assert not IDENTITY_KEYS & set(found), path  # no age, birth date, name fields
        assert "@" not in response.text
