"""BIG5 domains and forum boards point to the guides that help with them."""

from __future__ import annotations

from tests.people import People


async def test_big5_domains_link_to_their_guides(people: People) -> None:
    youth = await people.youth(17)
    domains = {d.id: d.guides for d in (await youth.client.big5_domains()).items}
    assert "geld-en-schulden" in domains["inkomen"]
    assert "welzijn-signaleringsplan" in domains["welzijn"]
    assert "steunfiguur-jim" in domains["support"]
    slugs = {g.slug for g in (await youth.client.guides()).items}
    for guides in domains.values():
        assert set(guides) <= slugs


async def test_forum_boards_link_to_their_guides(people: People) -> None:
    youth = await people.youth(17)
    boards = {b.slug: b.guides for b in (await youth.client.forum_boards()).items}
    assert "wachtlijst" in boards["wachten-op-hulp"]
    assert "18-worden" in boards["18-worden"]
    parent = await people.family(15)
    parent_boards = (await parent.parents[0].client.forum_boards()).items
    assert parent_boards and all(b.space == "ouders" for b in parent_boards)
    assert all("ouders-hulp-regelen" in b.guides for b in parent_boards)
