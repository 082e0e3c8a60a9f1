"""Search: Dutch stemming, ranking, snippets, filters, odd input, and real questions."""

from __future__ import annotations

import re

import pytest

from client_api.client import RoerClient
from tests.guidance.questions import QUESTIONS
from tests.people import People


async def slugs(anon: RoerClient, q: str | None = None, **filters: str) -> list[str]:
    return [item.slug for item in (await anon.guides(q, limit=200, **filters)).items]


@pytest.mark.parametrize(("question", "fitting"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
async def test_real_questions_find_a_fitting_guide_in_the_top_three(
    anon: RoerClient, question: str, fitting: set[str]
) -> None:
    top = (await slugs(anon, question))[:3]
    assert fitting & set(top), f"{question!r} → {top}"


def marked(snippet: str | None) -> set[str]:
    return {word.lower() for word in re.findall(r"<mark>([^<]*)</mark>", snippet or "")}


@pytest.mark.parametrize(
    ("query", "guide", "other_form"),
    [
        ("schulden", "geld-en-schulden", "schuld"),
        ("klachten", "klacht-en-vertrouwenspersoon", "klacht"),
    ],
)
async def test_dutch_stemming_finds_other_forms(
    anon: RoerClient, query: str, guide: str, other_form: str
) -> None:
    result = await anon.guides(query)
    assert result.items[0].slug == guide
    # The snippets mark the other form of the word too: matching is on stems.
    assert any(other_form in marked(item.snippet) for item in result.items)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("jeugdreclassering", "jeugdreclassering"),
        ("huisarts", "hulp-via-huisarts"),
        ("signaleringsplan", "welzijn-signaleringsplan"),
        ("wachtlijst", "wachtlijst"),
        ("DigiD", "18-worden"),
    ],
)
async def test_title_and_keyword_matches_rank_above_body_matches(
    anon: RoerClient, query: str, first: str
) -> None:
    found = await slugs(anon, query)
    assert found[0] == first
    assert len(found) > 1  # the word also occurs in other guides' bodies


async def test_snippets_are_escaped_with_only_mark_tags(anon: RoerClient) -> None:
    result = await anon.guides("<script>alert(1)</script> schulden & klacht")
    assert result.items
    for item in result.items:
        assert item.snippet
        assert "<" not in re.sub(r"</?mark>", "", item.snippet)
    top = {item.slug: item for item in result.items[:2]}
    assert "geld-en-schulden" in top
    assert "schulden" in marked(top["geld-en-schulden"].snippet)


async def test_empty_query_lists_every_guide_by_title_in_pages(anon: RoerClient) -> None:
    everything = await anon.guides(limit=200)
    titles = [item.title for item in everything.items]
    assert len(titles) == 17
    assert titles == sorted(titles, key=str.casefold)
    assert all(item.snippet is None for item in everything.items)
    seen: list[str] = []
    cursor = None
    while True:
        page = await anon.guides(limit=5, cursor=cursor)
        seen += [item.slug for item in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [item.slug for item in everything.items]


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        ({"topic": "geld"}, lambda g: "geld" in g.topics),
        ({"domain": "wonen"}, lambda g: "wonen" in g.big5),
        ({"audience": "jongere"}, lambda g: g.audience in ("jongere", "beide")),
        ({"audience": "ouder"}, lambda g: g.audience in ("ouder", "beide")),
        ({"audience": "beide"}, lambda g: g.audience == "beide"),
    ],
)
async def test_filters_with_and_without_a_query(
    anon: RoerClient, filters: dict[str, str], check: object
) -> None:
    everything = (await anon.guides(limit=200)).items
    for q in (None, "hulp"):
        items = (await anon.guides(q, limit=200, **filters)).items
        assert items
        assert all(check(item) for item in items)  # type: ignore[operator]
    expected = {item.slug for item in everything if check(item)}  # type: ignore[operator]
    assert {item.slug for item in (await anon.guides(limit=200, **filters)).items} == expected


async def test_ouder_audience_finds_the_guides_for_parents(anon: RoerClient) -> None:
    found = await slugs(anon, audience="ouder")
    assert {"ouders-hulp-regelen", "ouders-12-en-16"} <= set(found)
    assert "ouders-12-en-16" not in await slugs(anon, audience="jongere")


async def test_query_of_only_stop_words_finds_nothing(anon: RoerClient) -> None:
    assert await slugs(anon, "ik wil dat je me") == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'schuld" OR "x',
        "NEAR(schuld klacht)",
        "a:* & !b | (c",
        "') OR 1=1 --",
        "schuld*",
        "title:klacht",
        "🙂 😢",
        "-",
        "é è ë",
    ],
)
async def test_search_syntax_in_a_query_is_just_text(anon: RoerClient, query: str) -> None:
    result = await anon.guides(query)
    assert isinstance(result.items, list)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 201},
        {"topic": "onbekend"},
        {"domain": "geluk"},
        {"audience": "kind"},
        {"limit": "0"},
        {"cursor": "niet-van-ons"},
    ],
)
async def test_bad_parameters_are_a_clear_400(anon: RoerClient, params: dict[str, str]) -> None:
    response = await anon.http.get("/api/v1/guides", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_search_needs_no_sign_in_and_works_signed_in(people: People) -> None:
    youth = await people.youth(16)
    assert (await youth.client.guides("wachtlijst")).items[0].slug == "wachtlijst"
