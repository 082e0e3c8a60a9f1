"""Leaving Roer: forum posts stay under "verwijderd lid" or are removed, as the youth chose."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from client_api.client import RoerClient
from tests.people import People
from tests.privacy.helpers import rows_containing


async def board_id(client: RoerClient, slug: str = "gewoon-kletsen") -> str:
    boards = (await client.forum_boards()).items
    return next(b.id for b in boards if b.slug == slug and b.space == "16-27")


@pytest.mark.parametrize("choice", ["anonymise", "remove"])
async def test_forum_posts_follow_the_leavers_choice(people: People, choice: str) -> None:
    leaver, other = await people.youth(18), await people.youth(19)
    created = await leaver.client.forum_create_thread(
        await board_id(leaver.client),
        "Mijn eerste topic-8812",
        "Tekst-van-vertrekker-8812",
        str(uuid.uuid4()),
    )
    thread_id = created.thread.id
    await other.client.forum_reply(thread_id, "Antwoord-van-ander-7731", str(uuid.uuid4()))
    handle = (await leaver.client.forum_me()).handle
    export = await leaver.client.export()
    assert "Tekst-van-vertrekker-8812" in str(export.sections["forum"])

    await leaver.client.delete_me(forum_posts=choice)
    await other.client.test_clock(advance=dt.timedelta(days=15))
    await other.client.test_tick()

    detail = await other.client.forum_thread(thread_id)
    bodies = [p.body for p in detail.posts.items]
    authors = {p.author.handle for p in detail.posts.items}
    assert "Antwoord-van-ander-7731" in bodies  # others' replies keep their place
    assert handle not in authors
    async with people.db() as session:
        assert await rows_containing(session, handle) == []
        left = await rows_containing(session, "Tekst-van-vertrekker-8812")
    if choice == "anonymise":
        assert "Tekst-van-vertrekker-8812" in bodies
        assert "Verwijderd lid" in authors
        assert left == ["forum_posts.body"]
    else:
        assert "Tekst-van-vertrekker-8812" not in bodies
        assert left == []
