"""A word-prefix gate in front of the phrase rules, so a post only runs the few patterns
whose first word it contains.

Each rule is split into its top-level alternatives ("branches"). For a branch we read the
literal letters it must start with ("wil|wou" -> {"wil", "wou"}), cut to three letters. A
branch whose start we cannot read this way (``\\d+``, ``.``) is always run, so the gate can
only save time, never lose a match; tests check that on the whole corpus.
"""

import re
from collections.abc import Iterable

import msgspec

_ZERO_WIDTH = re.compile(r"^(?:\\b|\^|\(\?<?[!=](?:[^()\\]|\\.)*\))")
_CLASS = re.compile(r"^\[([a-z]+)\]")
_LETTERS = re.compile(r"^[a-z]+")
PREFIX = 3


class Branch(msgspec.Struct, frozen=True):
    """One alternative of a rule, compiled on its own, with the prefixes that gate it."""

    rule: str
    pattern: re.Pattern[str]
    prefixes: frozenset[str] | None


def _close(s: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at ``open_at``."""
    depth = 0
    i = open_at
    in_class = False
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {s!r}")


def split_top(pattern: str) -> list[str]:
    """Split a regex source at its top-level ``|``."""
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    in_class = False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _optional_follows(s: str, at: int) -> bool:
    return s[at : at + 1] in ("?", "*") or s.startswith("{0", at)


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Letters any match of ``pattern`` starts with (cut to PREFIX), or None if unknown."""
    s = pattern
    while (zw := _ZERO_WIDTH.match(s)) is not None:
        s = s[zw.end() :]
    if s.startswith("(?:"):
        end = _close(s, 0)
        if _optional_follows(s, end + 1):
            return None
        found: set[str] = set()
        for alt in split_top(s[3:end]):
            sub = leading_literals(alt + s[end + 1 :])
            if sub is None:
                return None
            found |= sub
        return frozenset(found)
    if (cls := _CLASS.match(s)) is not None:
        rest = _LETTERS.match(s[cls.end() :])
        tail = rest.group() if rest and not _optional_follows(s, cls.end() + rest.end()) else ""
        return frozenset((c + tail)[:PREFIX] for c in cls.group(1))
    word = _LETTERS.match(s)
    if word is None:
        return None
    letters = word.group()
    if _optional_follows(s, word.end()):
        letters = letters[:-1]
    elif len(letters) < PREFIX and s[word.end() :].startswith((" ", "\\b")):
        # A whole short word ("k", "me"): gate on the word itself, not on every word that
        # starts with the letter.
        return frozenset({"=" + letters})
    return frozenset({letters[:PREFIX]}) if letters else None


def build(rules: Iterable[tuple[str, str]]) -> tuple[Branch, ...]:
    """Compile ``(rule, folded pattern)`` pairs into gated branches."""
    branches = []
    for rule, pattern in rules:
        for part in split_top(pattern):
            branches.append(Branch(rule, re.compile(r"\b(?:" + part + ")"), leading_literals(part)))
    return tuple(branches)


class Gate:
    """Index of branches by word prefix."""

    def __init__(self, branches: tuple[Branch, ...]) -> None:
        self.always = tuple(i for i, b in enumerate(branches) if b.prefixes is None)
        self.by_prefix: dict[str, list[int]] = {}  # prefix -> branch ids
        for i, b in enumerate(branches):
            for p in b.prefixes or ():
                self.by_prefix.setdefault(p, []).append(i)
        self.branches = branches

    def _candidates(self, text: str) -> list[tuple[int, list[int]]]:
        """For every word start in a normal form: the gated branches it may start."""
        out = []
        pos = 0
        index = self.by_prefix
        for word in text.split(" "):
            ids = [*index.get(word[:1], ()), *index.get(word[:2], ()), *index.get(word[:3], ())]
            if len(word) < PREFIX:
                ids += index.get("=" + word, ())
            if ids:
                out.append((pos, ids))
            pos += len(word) + 1
        return out

    def run(self, text: str) -> list[tuple[str, int, int]]:
        """``(rule, start, end)`` of all matches in a normal form (single spaces).

        Gated branches are tried only at the word starts that carry one of their prefixes,
        with ``match`` rather than a scan over the whole text; that is what makes the gate
        fast. Matches may overlap.
        """
        found = []
        for pos, ids in self._candidates(text):
            for i in ids:
                branch = self.branches[i]
                m = branch.pattern.match(text, pos)
                if m is not None:
                    found.append((branch.rule, m.start(), m.end()))
        for i in self.always:
            branch = self.branches[i]
            found += [(branch.rule, m.start(), m.end()) for m in branch.pattern.finditer(text)]
        return found
