"""Spam on the original text: links outside the allow-list, repetition and caps floods."""

import re

from moderation.types import Span

# Official Dutch help and government sites that young people are pointed to; links there
# pass. Any host under these (www., subdomains) passes too, as do *.overheid.nl, *.gov and
# gemeente sites (host starting with "gemeente").
ALLOWED_DOMAINS = frozenset(
    {
        "rijksoverheid.nl",
        "overheid.nl",
        "government.nl",
        "113.nl",
        "kindertelefoon.nl",
        "veiligthuis.nl",
        "akj.nl",
        "kinderombudsman.nl",
        "nationaleombudsman.nl",
        "nji.nl",
        "regelhulp.nl",
        "duo.nl",
        "belastingdienst.nl",
        "toeslagen.nl",
        "112.nl",
        "juridischloket.nl",
        "rechtspraak.nl",
        "jeugdbescherming.nl",
        "raadvoorderechtspraak.nl",
        "kinderbescherming.nl",
    }
)

_TLDS = (
    r"nl|com|net|org|io|biz|xyz|info|shop|be|eu|me|gg|ly|co|app|online|site|tk|ru|de|uk"
    r"|tv|cc|live|store|club|top|fun|link|click|gov"
)
_LINK = re.compile(
    r"(?:https?://\S+|www\.\S+|(?<![@\w.\-])(?:[a-z0-9\-]+\.)+(?:" + _TLDS + r")\b(?:/\S*)?)"
    r"(?![\w.\-]*@)",
    re.IGNORECASE,
)
_EMAIL_AT = ("(at)", "[at]", " at", "@")
_LINK_HINT = re.compile(r"\.[a-z]{2}|://", re.IGNORECASE)
_HOST = re.compile(r"^(?:https?://)?([^/\s?#:]+)", re.IGNORECASE)
_SAME_CHAR = re.compile(r"(.)\1{14,}", re.DOTALL)
_SAME_UNIT = re.compile(r"(\w{2,4})\1{9,}", re.IGNORECASE)
_SAME_WORD = re.compile(r"\b(\w+)\b(?:\W+\1\b){5,}", re.IGNORECASE)
_CAPS_MIN_LETTERS = 40
_CAPS_SHARE = 0.85


def link_allowed(link: str) -> bool:
    """True for links to the allow-listed official domains."""
    match = _HOST.match(link)
    if match is None:
        return False
    host = match.group(1).lower().rstrip(".,;:!?)")
    if host.startswith("www."):
        host = host[4:]
    if host.endswith((".overheid.nl", ".gov")) or host.startswith("gemeente"):
        return True
    return any(host == d or host.endswith("." + d) for d in ALLOWED_DOMAINS)


def find_spam(text: str) -> list[Span]:
    """Spans of unknown links and of repetition; a caps flood spans the whole text."""
    spans: list[Span] = []
    if _LINK_HINT.search(text):
        for m in _LINK.finditer(text):
            link = m.group().rstrip(".,;:!?)")
            # "naam(at)hotmail.com" is an e-mail address (pii.email), not a link.
            before = text[max(0, m.start() - 5) : m.start()].lower().rstrip()
            if not before.endswith(_EMAIL_AT) and not link_allowed(link):
                spans.append(Span(m.start(), m.start() + len(link), "spam.link"))
    patterns = [_SAME_CHAR]
    words = text.lower().split()
    if max(map(len, words), default=0) >= 20:
        patterns.append(_SAME_UNIT)
    if len(words) >= 6 and len(set(words)) <= len(words) // 2:
        patterns.append(_SAME_WORD)
    for pattern in patterns:
        spans += [Span(m.start(), m.end(), "spam.repeat") for m in pattern.finditer(text)]
    upper = sum(map(str.isupper, text))
    if upper >= _CAPS_MIN_LETTERS * _CAPS_SHARE:
        letters = sum(map(str.isalpha, text))
        if letters >= _CAPS_MIN_LETTERS and upper / letters >= _CAPS_SHARE:
            spans.append(Span(0, len(text), "spam.repeat"))
    return spans
