"""Dutch search text handling without I/O: words, stems, query terms and snippets.

SQLite's FTS5 has no Dutch stemmer, so on SQLite the index holds text stemmed here and
queries are stemmed the same way. PostgreSQL stems with its own ``dutch`` configuration.
Both use the Snowball Dutch (Porter) algorithm and the same stop list, so a word means
the same thing on both databases. (Snowball's newer "dutch" algorithm stems "schulden" to
"schul" but "schuld" to "schuld"; the Porter variant, which PostgreSQL uses, does not.)
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from content.model import Guide
from content.render import markdown_to_text
from server.guidance.texts import STOP_WORDS, SYNONYMS

_WORD = re.compile(r"[^\W_]+")
_STEMMER = snowballstemmer.stemmer("dutch_porter")
# Stems at least this long also match longer words (Dutch compounds: "wacht" finds
# "wachtlijst", "schuld" finds "schuldhulpverlening").
PREFIX_MIN = 4
MAX_TERMS = 24
SNIPPET_WORDS = 28
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters and digits; punctuation and hyphens split)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def stemmed(text: str) -> str:
    """The text as space-separated stems without stop words: what SQLite's index holds."""
    return " ".join(stem(word) for word in words(text) if word not in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class Term:
    """One meaningful query word: as typed (for PostgreSQL) and stemmed (for SQLite)."""

    word: str
    stem: str

    @property
    def prefix(self) -> bool:
        return len(self.stem) >= PREFIX_MIN

    def matches(self, word_stem: str) -> bool:
        return word_stem == self.stem or (self.prefix and word_stem.startswith(self.stem))


def query_terms(query: str) -> list[Term]:
    """Meaningful words of a question, plus synonyms; stop words dropped, duplicates once.

    Natural questions are mostly stop words ("ik", "mijn", "wat", "moet"); the rest are
    combined with OR and ranked, because requiring every word would find nothing.
    """
    # Single letters and digits ("1", "x") match nearly everything and mean little.
    typed = [word for word in words(query) if word not in STOP_WORDS and len(word) > 1]
    expanded = [*typed]
    for word in typed:
        expanded.extend(SYNONYMS.get(word, ()))
    terms: dict[str, Term] = {}
    for word in expanded:
        if word in STOP_WORDS:
            continue
        term = Term(word, stem(word))
        terms.setdefault(term.stem, term)
    return list(terms.values())[:MAX_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: any of the stems, longer ones also as prefix."""
    parts = []
    for term in terms:
        quoted = '"' + term.stem.replace('"', "") + '"'
        parts.append(f"{quoted}*" if term.prefix else quoted)
    return " OR ".join(parts)


def tsquery(terms: list[Term]) -> str:
    """A ``to_tsquery('dutch', …)`` expression: any of the words, longer ones as prefix.

    Words contain only letters and digits (see ``words``), so no tsquery syntax can be
    smuggled in.
    """
    return " | ".join(f"{term.word}:*" if term.prefix else term.word for term in terms)


@dataclass(frozen=True, slots=True)
class GuideTexts:
    """The parts of a guide as they are indexed, heaviest first."""

    title: str
    keywords: str
    summary: str
    body: str


@lru_cache(maxsize=512)
def guide_texts(guide: Guide) -> GuideTexts:
    """Cached: guides are immutable, and rendering Markdown on every search cost ~100 ms."""
    return GuideTexts(
        title=guide.title,
        keywords=" \n".join(guide.keywords),
        summary=guide.summary,
        body=markdown_to_text(guide.body_markdown),
    )


def _marked(text: str, terms: list[Term]) -> tuple[str, int]:
    """Escaped text with matching words in <mark>, and how many distinct terms matched."""
    out: list[str] = []
    hit: set[str] = set()
    last = 0
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word in STOP_WORDS:
            continue
        found = next((t for t in terms if t.matches(stem(word))), None)
        if found is None:
            continue
        hit.add(found.stem)
        out.append(html.escape(text[last : match.start()]))
        out.append(MARK_OPEN + html.escape(match.group()) + MARK_CLOSE)
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out), len(hit)


@dataclass(frozen=True, slots=True)
class _Window:
    """A stretch of about SNIPPET_WORDS words of a text, and its words' places in it."""

    start: int  # character offsets in the text
    end: int
    cut_start: bool  # the text goes on before / after it
    cut_end: bool
    first: int  # its words: _Indexed.stems[first:last]
    last: int


@dataclass(frozen=True, slots=True)
class _Indexed:
    """A text's meaningful words stemmed once (guides are immutable), and its windows."""

    stems: tuple[str, ...]  # of the words that are not stop words, in order
    vocabulary: frozenset[str]  # the distinct stems
    windows: tuple[_Window, ...]


@lru_cache(maxsize=512)
def _indexed(text: str) -> _Indexed:
    """Overlapping windows of about SNIPPET_WORDS whitespace-separated words (half a window
    apart), each knowing which of the text's stemmed words lie in it."""
    starts: list[int] = []
    stems: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word not in STOP_WORDS:
            starts.append(match.start())
            stems.append(stem(word))
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    if len(spans) <= SNIPPET_WORDS:
        bounds = [(0, len(text), False, False)]
    else:
        step = SNIPPET_WORDS // 2
        bounds = []
        for first in range(0, len(spans) - step, step):
            last = min(first + SNIPPET_WORDS, len(spans)) - 1
            bounds.append((spans[first][0], spans[last][1], first > 0, last < len(spans) - 1))
    windows = tuple(
        _Window(
            start, end, cut_start, cut_end, bisect_left(starts, start), bisect_left(starts, end)
        )
        for start, end, cut_start, cut_end in bounds
    )
    return _Indexed(tuple(stems), frozenset(stems), windows)


def snippet(texts: GuideTexts, terms: list[Term]) -> str:
    """A short, HTML-escaped piece of the guide with the query's words in ``<mark>``.

    Made from the original text (not the stems) on both databases, so snippets are the
    same on SQLite and PostgreSQL. The stretch with the most distinct matching words wins
    (the first of equals); without a match in the body, the summary is shown. Windows are
    scored by counting over the text's cached stems; only the winner is marked up.
    """
    indexed = _indexed(texts.body)
    exact = {t.stem for t in terms}
    prefixes = tuple(t.stem for t in terms if t.prefix)
    matched: dict[str, str] = {}  # a stem in the text -> the (first) term it matches
    for word_stem in indexed.vocabulary:
        if word_stem in exact or word_stem.startswith(prefixes):
            matched[word_stem] = next(t.stem for t in terms if t.matches(word_stem))
    best: _Window | None = None
    best_hits = 0
    for window in indexed.windows if matched else ():
        stems = indexed.stems[window.first : window.last]
        found = {matched[s] for s in stems if s in matched}
        if len(found) > best_hits:
            best, best_hits = window, len(found)
    if best is None:
        return _marked(texts.summary, terms)[0]
    marked, _ = _marked(texts.body[best.start : best.end], terms)
    return ("…" if best.cut_start else "") + marked + ("…" if best.cut_end else "")
