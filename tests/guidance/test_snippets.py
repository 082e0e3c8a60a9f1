"""Snippets without the server: which stretch of a guide is shown, and how it is cut."""

from __future__ import annotations

from server.guidance.search import GuideTexts, query_terms, snippet


def texts(body: str, summary: str = "Een korte samenvatting over wonen.") -> GuideTexts:
    return GuideTexts(title="Titel", keywords="", summary=summary, body=body)


FILLER = " ".join(f"vulwoord{i}" for i in range(30))


def test_the_stretch_with_the_most_different_query_words_wins_and_is_cut_with_dots() -> None:
    # One stretch has "huur" three times, a later one "huur" and "toeslag" once each.
    body = f"{FILLER} huur huur huur {FILLER} {FILLER} huur en toeslag {FILLER} {FILLER}"
    shown = snippet(texts(body), query_terms("huur toeslag"))
    assert shown.startswith("…") and shown.endswith("…")
    assert "<mark>huur</mark> en <mark>toeslag</mark>" in shown
    assert shown.count("<mark>") == 2


def test_longer_stems_also_match_compounds_and_other_forms() -> None:
    body = f"{FILLER} Sta je op de wachtlijst, dan wacht je vaak lang. {FILLER}"
    shown = snippet(texts(body), query_terms("wachten"))
    assert "<mark>wachtlijst</mark>" in shown and "<mark>wacht</mark>" in shown


def test_without_a_match_in_the_body_the_summary_is_shown_marked_and_escaped() -> None:
    shown = snippet(texts(FILLER, summary="Wonen & <huren> na je 18e"), query_terms("huren"))
    assert shown == "Wonen &amp; &lt;<mark>huren</mark>&gt; na je 18e"


def test_a_short_body_is_shown_whole_without_dots() -> None:
    shown = snippet(texts("Geld lenen is duur."), query_terms("lenen"))
    assert shown == "Geld <mark>lenen</mark> is duur."
