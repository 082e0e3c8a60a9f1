"""Reading guides and pathways, links for BIG5 and forum, and start-up with the index."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from client_api.client import RoerClient, RoerError
from client_api.schema.guidance import OutcomeNode, QuestionNode
from content.loader import CONTENT_ROOT, load_library
from server.app import create_app
from server.guidance import service
from server.guidance.models import SearchIndexState
from server.settings import Settings
from tests.people import People


async def test_a_guide_has_markdown_safe_html_review_sources_and_links(anon: RoerClient) -> None:
    guide = await anon.guide("wachtlijst")
    assert guide.title.startswith("Op de wachtlijst")
    assert "## " in guide.body_markdown
    assert "<h2>" in guide.body_html
    assert guide.review.status == "concept"
    assert guide.review.by_role is None
    assert guide.sources
    assert all(source.url.startswith("https://") for source in guide.sources)
    assert {"crisis-hulp", "jeugd-en-gezinsteam"} <= {link.slug for link in guide.related_guides}
    assert all(link.title for link in guide.related_guides)
    pathways = {link.slug: link.title for link in guide.related_pathways}
    assert pathways["wachten-op-hulp"]
    assert "wachten-op-hulp" in guide.forum_boards


async def test_every_guide_reads_and_says_concept(anon: RoerClient) -> None:
    listed = (await anon.guides(limit=200)).items
    assert len(listed) == 17
    for item in listed:
        guide = await anon.guide(item.slug)
        assert guide.review.status == "concept"
        assert "<script" not in guide.body_html


async def test_unknown_guide_and_pathway_are_404_problems(anon: RoerClient) -> None:
    for path in ("/api/v1/guides/bestaat-niet", "/api/v1/pathways/bestaat-niet"):
        response = await anon.http.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"]
    with pytest.raises(RoerError) as err:
        await anon.guide("../../etc/passwd")
    assert err.value.status == 404


async def test_pathways_list_and_whole_trees_walkable_offline(anon: RoerClient) -> None:
    listed = await anon.pathways()
    assert {p.slug for p in listed.items} == {"klacht", "bijna-18", "wachten-op-hulp"}
    for summary in listed.items:
        tree = await anon.pathway(summary.slug)
        nodes = {node.id: node for node in tree.nodes}
        assert tree.start in nodes
        reached, todo = set(), [tree.start]
        while todo:  # walk every path, as an app would without a connection
            node = nodes[todo.pop()]
            reached.add(node.id)
            if isinstance(node, QuestionNode):
                assert len(node.choices) >= 2
                todo += [choice.next for choice in node.choices]
            else:
                assert isinstance(node, OutcomeNode)
                assert all(link.title for link in node.guides)
        assert reached == set(nodes)
        assert tree.review.status == "concept"


async def test_bijna_18_outcomes_carry_dated_steps_and_contacts(anon: RoerClient) -> None:
    tree = await anon.pathway("bijna-18")
    steps = [step for n in tree.nodes if isinstance(n, OutcomeNode) for step in n.steps]
    assert any(step.offset_days is not None and step.offset_days < 0 for step in steps)
    assert any(step.when for step in steps)
    raw = (await anon.http.get("/api/v1/pathways/klacht")).json()
    kinds = {node["kind"] for node in raw["nodes"]}
    assert kinds == {"question", "outcome"}
    contacts = [c for n in raw["nodes"] for c in n.get("contacts", [])]
    assert contacts
    assert all(c["name"] for c in contacts)


async def test_reading_needs_no_sign_in_and_works_signed_in(people: People) -> None:
    parent = await people.youth(14)
    assert (await parent.client.guide("je-dossier")).slug == "je-dossier"
    assert (await parent.client.pathway("klacht")).slug == "klacht"


def test_guides_for_big5_domains_and_forum_boards() -> None:
    library = load_library()
    for domain in ("support", "wonen", "school_werk", "inkomen", "welzijn"):
        slugs = service.guides_for_domain(domain, library)
        assert slugs, domain
        assert all(domain in library.guides[slug].big5 for slug in slugs)
    assert "geld-en-schulden" in service.guides_for_domain("inkomen", library)
    assert "wonen" in service.guides_for_domain("wonen")
    assert "wachtlijst" in service.guides_for_board("wachten-op-hulp", library)
    assert service.guides_for_board("bestaat-niet", library) == []
    assert service.guides_for_domain("geluk", library) == []


async def test_index_is_built_once_and_rebuilt_only_when_content_changes(
    anon: RoerClient, people: People
) -> None:
    library = load_library()
    await anon.guides("schulden")  # the app has started and built the index
    now = people.clock.now()
    async with people.db() as session:
        state = await session.get(SearchIndexState, service.INDEX_NAME)
        assert state is not None
        assert state.content_hash == library.content_hash
        assert not await service.ensure_index(session, library, now)
        changed = msgspec.structs.replace(library, content_hash="0" * 64)
        assert await service.ensure_index(session, changed, now)
        assert not await service.ensure_index(session, changed, now)
        await session.commit()
    # Rebuilt from the same guides: search still answers the same.
    assert (await anon.guides("schulden")).items[0].slug == "geld-en-schulden"


async def test_server_refuses_to_start_on_broken_content(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT / "guides", root / "guides")
    shutil.copytree(CONTENT_ROOT / "pathways", root / "pathways")
    guide = root / "guides" / "wachtlijst.md"
    guide.write_text(guide.read_text().replace('"crisis-hulp"', '"bestaat-niet"', 1))
    monkeypatch.setattr(service, "CONTENT_ROOT", root)
    app = create_app(settings)
    with pytest.raises(BaseException) as err:  # noqa: PT011 (unwrapped below)
        async with AsyncTestClient(app=app):
            pass
    error: BaseException = err.value
    while isinstance(error, BaseExceptionGroup):  # the test client's task group wraps it
        error = error.exceptions[0]
    assert isinstance(error, service.ContentBroken)
    message = str(error)
    assert "Roer start niet" in message
    assert "guides/wachtlijst.md: related_guides" in message
    assert "'bestaat-niet', which does not exist" in message
