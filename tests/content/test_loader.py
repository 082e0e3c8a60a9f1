"""Loading the fixture library, rendering and search text."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from content.loader import load_library, split_front_matter
from content.model import ContentError, Outcome, Question
from content.render import markdown_to_text, render_html
from tests.content.conftest import VALID, Edit


def test_loads_guides_and_pathways() -> None:
    library = load_library(VALID)
    assert sorted(library.guides) == ["alpha", "beta"]
    assert sorted(library.pathways) == ["route"]
    alpha = library.guides["alpha"]
    assert alpha.topics == ("hulp-krijgen", "wachten")
    assert alpha.big5 == ("welzijn",)
    assert alpha.last_checked == datetime.date(2026, 11, 22)
    assert alpha.path == "guides/alpha.md"
    assert alpha.body_markdown.startswith("## Wat je kunt doen")
    assert alpha.review.status == "concept"
    beta = library.guides["beta"]
    assert beta.review.by_role == "ervaringsdeskundige"
    assert beta.related_guides == ()


def test_pathway_nodes_decode_by_kind() -> None:
    route = load_library(VALID).pathways["route"]
    assert route.path == "pathways/route.toml"
    assert isinstance(route.node("q1"), Question)
    outcome = route.node("uit-a")
    assert isinstance(outcome, Outcome)
    assert outcome.steps[0].offset_days == -183
    assert outcome.steps[1].when == ""
    assert outcome.contacts[0].phone == "088-555 1000"
    assert route.node("bestaat-niet") is None


def test_load_refuses_a_broken_file(library_root: Path, edit: Edit) -> None:
    edit("guides/beta.md", 'summary = "Een tweede gids, voor ouders."\n', "")
    with pytest.raises(ContentError) as caught:
        load_library(library_root)
    [problem] = caught.value.problems
    assert str(problem) == "guides/beta.md: summary: Object missing required field `summary`"


def test_load_tolerates_links_between_files(library_root: Path, edit: Edit) -> None:
    # Links are the checker's business, so guides and pathways can land separately.
    edit("guides/alpha.md", 'related_guides = ["beta"]', 'related_guides = ["komt-nog"]')
    assert "alpha" in load_library(library_root).guides


def test_content_hash_is_stable_and_follows_content(library_root: Path, edit: Edit) -> None:
    first = load_library(library_root).content_hash
    assert first == load_library(library_root).content_hash
    assert first == load_library(VALID).content_hash  # depends on content, not location
    edit("guides/beta.md", "Korte tekst", "Korte, nieuwe tekst")
    assert load_library(library_root).content_hash != first


@pytest.mark.parametrize(
    ("markdown", "present", "absent"),
    [
        ("Hoi <script>alert(1)</script>", "&lt;script&gt;", "<script>"),
        ("<div onclick='x()'>blok</div>", "&lt;div", "<div"),
        ("[AKJ](https://www.akj.nl)", 'rel="nofollow noopener"', "target="),
        ("[kwaad](javascript:alert(1))", "[kwaad]", 'href="javascript'),
        ("![foto](https://tracker.example/p.png)", "<p>foto</p>", "tracker"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table>", "<script"),
    ],
)
def test_render_html_is_safe(markdown: str, present: str, absent: str) -> None:
    html = render_html(markdown)
    assert present in html
    assert absent not in html


def test_guide_html_via_library() -> None:
    library = load_library(VALID)
    html = library.guide_html("alpha")
    assert "<h2>Wat je kunt doen</h2>" in html
    assert library.render_html("*x*") == "<p><em>x</em></p>\n"


def test_search_text_is_plain() -> None:
    library = load_library(VALID)
    text = library.guide_text("alpha")
    assert text.startswith("Alfa: een testgids\nEen gids om de lader mee te testen.\ntestwoord")
    assert "Bel eerst je wijkteam." in text
    for syntax in ("##", "**", "](", "- "):
        assert syntax not in text
    route = library.pathway_text("route")
    assert "Eerste vraag?" in route
    assert "Eerste stap." in route
    assert "AKJ vertrouwenspersoon" in route


def test_markdown_to_text_keeps_code_and_breaks() -> None:
    assert markdown_to_text("regel één\nregel `twee`\n\n    code") == "regel één regel twee code"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 'x'\n", "must start with a line '+++'"),
        ("+++\ntitle = 'x'\n", "no closing '+++'"),
    ],
)
def test_split_front_matter_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        split_front_matter(text)


def test_split_front_matter_handles_bom_and_crlf() -> None:
    assert split_front_matter("\ufeff+++\r\na = 1\r\n+++\r\nbody") == ("a = 1\r\n", "body")


def test_raw_html_in_a_guide_body_is_escaped(library_root: Path, edit: Edit) -> None:
    edit("guides/beta.md", "Korte tekst", '<img src=x onerror="alert(1)"> Korte tekst')
    html = load_library(library_root).guide_html("beta")
    assert "&lt;img" in html
    assert "<img" not in html
