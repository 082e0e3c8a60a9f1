"""Normalisation of youth-written Dutch with a map back to the original offsets.

The normal form is lowercase, without accents, with leetspeak undone inside words that also
hold letters ("z3lfm00rd" -> "zelfmord"), every run of one letter collapsed to a single
letter ("doooood", "dood" and "dod" all become "dod") and every run of other characters
collapsed to one space. Rule patterns pass through ``fold_pattern`` so they are written in
ordinary Dutch and still match the collapsed form.
"""

import re
import unicodedata
from functools import lru_cache

import msgspec

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_HINT = re.compile(r"[a-z][0-9@$]|[0-9@$][a-z]")
_TOKEN = re.compile(r"[^\W_]+(?:[@$0-9][^\W_]*)*|[@$][^\W_]+")
_NON_WORD = re.compile(r"[\W_]")
_RUN = re.compile(r"([a-z])\1+| {2,}")
_DOUBLE = re.compile(r"(?<!\\)([a-z])\1+")


class Normalized(msgspec.Struct, frozen=True):
    """Normal form ``text``; normal char ``i`` starts at ``original[starts[i]]``.

    ``run_ends`` gives, for an original offset whose character swallowed a run
    ("ooo" -> "o"), where that run ends; other characters are one original character long.
    """

    text: str
    starts: tuple[int, ...]
    run_ends: dict[int, int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normal-form span ``[start, end)`` back to original offsets."""
        last = self.starts[end - 1]
        return self.starts[start], self.run_ends.get(last, last + 1)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# Accented Latin letters fold one-to-one ("é" -> "e"); built once at import.
_ACCENTS = {
    cp: folded
    for cp in range(0xC0, 0x250)
    if len(folded := _fold_char(chr(cp))) == 1 and folded != chr(cp).lower()
}


def _one_to_one(text: str) -> str | None:
    """Lowercase and accent-free form of the same length, or None if a char expands."""
    if text.isascii():
        return text.lower()
    flat = text.lower().translate(_ACCENTS)
    if len(flat) != len(text):
        return None
    if not flat.isascii():
        chars = [c if c.isascii() else _fold_char(c) for c in flat]
        if any(len(c) != 1 for c in chars):
            return None
        flat = "".join(chars)
    return flat


def _undo_leet(text: str) -> str:
    """Replace leet characters inside words that also contain real letters."""
    if not _LEET_HINT.search(text):
        return text
    chars = list(text)
    for match in _TOKEN.finditer(text):
        word = match.group()
        if any(c.isalpha() for c in word):
            for i, c in enumerate(word, match.start()):
                if c in _LEET:
                    chars[i] = _LEET[c]
    return "".join(chars)


def _collapse(flat: str, starts: list[int], ends: list[int] | None) -> Normalized:
    """Collapse letter and space runs of ``flat``, whose char i came from ``starts[i]``."""
    pieces: list[str] = []
    keep: list[int] = []
    run_ends: dict[int, int] = {}
    pos = 0
    for m in _RUN.finditer(flat):
        a, b = m.span()
        pieces.append(flat[pos : a + 1])
        keep += starts[pos : a + 1]
        run_ends[starts[a]] = ends[b - 1] if ends is not None else starts[b - 1] + 1
        pos = b
    pieces.append(flat[pos:])
    keep += starts[pos:]
    text = "".join(pieces)
    if ends is not None:
        for i, s in enumerate(starts):
            if ends[i] != s + 1 and s not in run_ends:
                run_ends[s] = ends[i]
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text.rstrip(" "))
    return Normalized(text[lead:trail], tuple(keep[lead:trail]), run_ends)


def _expanding(text: str) -> tuple[str, list[int], list[int]]:
    """Slow path for characters that fold to several (or no) characters, e.g. ligatures."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


def normalize(text: str) -> Normalized:
    """Return the normal form of ``text`` with its offset map."""
    flat = _one_to_one(text)
    if flat is not None:
        flat = _NON_WORD.sub(" ", _undo_leet(flat))
        return _collapse(flat, list(range(len(flat))), None)
    expanded, starts, ends = _expanding(text)
    flat = _NON_WORD.sub(" ", _undo_leet(expanded))
    return _collapse(flat, starts, ends)


def fold_pattern(pattern: str) -> str:
    """Collapse doubled letters in a regex source the same way ``normalize`` does."""
    return _DOUBLE.sub(r"\1", pattern)


def compile_folded(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in ordinary Dutch against the normal form."""
    return re.compile(fold_pattern(pattern))
