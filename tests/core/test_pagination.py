"""Keyset lists: walking them page by page gives the whole list once, in its order; a
cursor that is not ours is a 400 problem, never a 500."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from server.core.pagination import encode_cursor
from tests.core.test_errors import assert_problem
from tests.forum.helpers import CRISIS, GROOMING, PHONE, board_id, cid, start
from tests.people import People, Person

AT = "2026-03-01T12:00:00+00:00"
ID = "00000000-0000-0000-0000-000000000000"

# Well-formed JSON lists that a database would refuse (or that have the wrong shape) for
# lists ordered by a timestamp and an id.
BAD_TIME_ID: list[list[Any]] = [
    ["2026-03-01T12:00:00", ID],  # no time zone
    ["9999-12-31T23:59:59-14:00", ID],  # past year 9999 in UTC
    ["0001-01-01T00:00:00+14:00", ID],  # before year 1 in UTC
    ["morgen", ID],
    [AT, "a\x00b"],
    [AT, 5],
    [AT],
    [AT, ID, ID],
]
BAD_QUEUE: list[list[Any]] = [
    [1, AT, ID],
    ["ja", AT, ID],
    [True, "2026-03-01T12:00:00", ID],
    [True, "9999-12-31T23:59:59-14:00", ID],
    [False, AT, "\x00"],
    [True, AT],
]
BAD_ID: list[list[Any]] = [[2**63], [-(2**63) - 1], [10**30], ["1"], [1.5], []]
GARBAGE = ["%%%garbage", "WyJhIl0", "W10", "bm9nIGVlbnM"]


class Page(Protocol):
    @property
    def items(self) -> Any: ...
    @property
    def next_cursor(self) -> str | None: ...


async def walk(fetch: Callable[[str | None, int], Awaitable[Page]], limit: int) -> list[Any]:
    """Every item of a list, fetched ``limit`` at a time by following next_cursor."""
    items, cursor = [], None
    while True:
        page = await fetch(cursor, limit)
        assert len(page.items) <= limit
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


async def test_queue_pages_urgent_first_then_oldest(people: People) -> None:
    a, b, c = await people.youth(15), await people.youth(15), await people.youth(15)
    moderator = await people.staff("moderator")
    thread = (await start(a.client, board_id("12-15"))).thread.id
    phone_b = await b.client.forum_reply(thread, PHONE, cid())
    groom = await b.client.forum_reply(thread, GROOMING, cid())
    phone_c = await c.client.forum_reply(thread, PHONE + " of 0687654321", cid())
    crisis = await c.client.forum_reply(thread, CRISIS, cid())
    expected = [groom.id, crisis.id, phone_b.id, phone_c.id]
    for limit in (1, 2, 3, 4):
        items = await walk(moderator.client.moderation_queue, limit)
        assert [i.post_id for i in items] == expected, limit
        assert [i.urgent for i in items] == [True, True, False, False]


async def test_caseload_and_access_log_pages(people: People) -> None:
    cm = await people.staff("casemanager")
    made = [(await cm.client.create_case(people.name("casus-"))).id for _ in range(5)]
    for limit in (1, 2, 5):
        assert [c.id for c in await walk(cm.client.cases, limit)] == made, limit
    family = await people.family(15, casemanager=cm)
    log = (await family.youth.client.access_log(limit=200)).items
    assert len(log) >= 2
    for limit in (1, 2):
        assert await walk(family.youth.client.access_log, limit) == log, limit


async def test_cursors_that_are_not_ours_are_400(people: People) -> None:
    family = await people.family(15)
    youth, cm = family.youth, family.casemanager
    moderator = await people.staff("moderator")
    editor = await people.staff("peer_expert", mfa=False)
    thread = await start(youth.client, board_id("12-15"))
    lists: list[tuple[Person, str, list[list[Any]]]] = [
        (youth, f"/forum/boards/{board_id('12-15')}/threads", BAD_TIME_ID),
        (youth, f"/forum/threads/{thread.thread.id}", BAD_TIME_ID),
        (youth, "/forum/notifications", BAD_TIME_ID),
        (youth, "/me/notifications", BAD_TIME_ID),
        (youth, "/me/notes", BAD_TIME_ID),
        (youth, "/me/access-log", BAD_ID),
        (cm, "/cases", BAD_TIME_ID),
        (cm, f"/cases/{family.case.id}/notes", BAD_TIME_ID),
        (moderator, "/moderation/queue", BAD_QUEUE),
        (editor, "/guides/wonen/feedback", BAD_TIME_ID),
    ]
    for person, path, bad in lists:
        headers = {"Authorization": f"Bearer {person.client.access_token}"}
        ok = await people.http.get(f"/api/v1{path}", headers=headers)
        assert ok.status_code == 200, (path, ok.text)
        for cursor in [*GARBAGE, *(encode_cursor(*values) for values in bad)]:
            response = await people.http.get(
                f"/api/v1{path}", params={"cursor": cursor}, headers=headers
            )
            problem = assert_problem(response, 400)
            assert problem["errors"][0]["field"] == "cursor", (path, cursor)
