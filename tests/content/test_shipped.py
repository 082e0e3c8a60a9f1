"""The content Roer ships: pathways valid, everything honestly marked concept."""

from __future__ import annotations

import pytest

from content.check import check_library
from content.loader import CONTENT_ROOT, content_files, load_library
from content.model import Outcome

# The format spec (CONTENT-FORMAT.md) fixes these slugs; guides are written separately.
SPEC_GUIDES = {
    "jeugd-en-gezinsteam",
    "hulp-via-huisarts",
    "wachtlijst",
    "18-worden",
    "verlengde-jeugdhulp",
    "steunfiguur-jim",
    "wonen",
    "school-en-werk",
    "geld-en-schulden",
    "welzijn-signaleringsplan",
    "je-dossier",
    "klacht-en-vertrouwenspersoon",
    "ots-en-uithuisplaatsing",
    "jeugdreclassering",
    "crisis-hulp",
    "ouders-hulp-regelen",
    "ouders-12-en-16",
}
SPEC_PATHWAYS = {"klacht", "bijna-18", "wachten-op-hulp"}
LIBRARY = load_library()
GUIDES_PRESENT = bool(content_files(CONTENT_ROOT)[0])


def test_the_three_pathways_ship() -> None:
    assert set(LIBRARY.pathways) == SPEC_PATHWAYS


def test_shipped_content_has_no_problems() -> None:
    problems = check_library()
    if not GUIDES_PRESENT:
        # Guides are written in another branch; until they are merged every link to a
        # guide is reported broken. The link targets are checked against the spec below.
        problems = [p for p in problems if p.code != "link.guide"]
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("slug", sorted(SPEC_PATHWAYS))
def test_pathway_links_only_to_spec_guides(slug: str) -> None:
    pathway = LIBRARY.pathways[slug]
    linked = set(pathway.related_guides)
    for node in pathway.nodes:
        if isinstance(node, Outcome):
            linked.update(node.guides)
    assert linked, "a pathway should point to at least one guide"
    assert linked <= SPEC_GUIDES, linked - SPEC_GUIDES


def test_everything_shipped_is_concept() -> None:
    # Nothing has been reviewed by a named role yet; claiming otherwise would be false.
    items = [*LIBRARY.guides.values(), *LIBRARY.pathways.values()]
    assert items
    assert {item.review.status for item in items} == {"concept"}


def test_checklist_steps_are_in_date_order() -> None:
    for node in LIBRARY.pathways["bijna-18"].nodes:
        if isinstance(node, Outcome):
            offsets = [s.offset_days for s in node.steps if s.offset_days is not None]
            assert offsets, node.id
            assert offsets == sorted(offsets), node.id


def test_every_outcome_offers_a_next_step() -> None:
    for pathway in LIBRARY.pathways.values():
        for node in pathway.nodes:
            if isinstance(node, Outcome):
                assert node.steps, f"{pathway.slug}:{node.id}"
                assert node.guides, f"{pathway.slug}:{node.id}"


def test_sources_are_cited() -> None:
    for pathway in LIBRARY.pathways.values():
        assert len(pathway.sources) >= 3, pathway.slug
