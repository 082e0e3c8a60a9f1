"""The bridge to the moderation library: is this chat message a crisis, and what help fits?

Chat with one's own casemanager is private, so nothing is held or blocked here; only
crisis language matters (help at once, an urgent alert).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from client_api.schema.chat import Signpost

try:
    from moderation import Context, screen
except ImportError:  # the library lives on its own branch until it is merged
    Context = None  # type: ignore[assignment,misc]
    screen = None  # type: ignore[assignment]

# Used when the library gives no signposts (or is not there): the numbers DESIGN.md names.
DEFAULT_SIGNPOSTS = [
    Signpost(
        id="113",
        name="113 Zelfmoordpreventie",
        phone="0800-0113",
        url="https://www.113.nl",
        hours="dag en nacht",
    ),
    Signpost(
        id="kindertelefoon",
        name="De Kindertelefoon",
        phone="0800-0432",
        url="https://www.kindertelefoon.nl",
        hours="dag en nacht",
    ),
    Signpost(
        id="veilig-thuis",
        name="Veilig Thuis",
        phone="0800-2000",
        url="https://www.veiligthuis.nl",
        hours="dag en nacht",
    ),
    Signpost(id="112", name="Alarmnummer", phone="112", hours="in direct gevaar"),
]
# Only for a missing library: a few unmistakable phrases, so crisis help never silently stops.
_FALLBACK = ("zelfmoord", "dood wil", "niet meer leven", "mezelf iets aandoen", "einde aan")


@dataclass(frozen=True)
class Screening:
    crisis: bool
    signposts: list[Signpost] = field(default_factory=list)
    reasons: tuple[str, ...] = ()
    # The library's kind opening words for the writer, when it gives them.
    message: str | None = None


def _signpost(raw: Any) -> Signpost:
    def text(name: str) -> str | None:
        value = getattr(raw, name, None)
        return str(value) if value else None

    return Signpost(
        id=str(getattr(raw, "id", "") or getattr(raw, "name", "hulp")),
        name=str(getattr(raw, "name", "") or "Hulp"),
        phone=text("phone"),
        url=text("url"),
        hours=text("hours"),
        text=text("text"),
    )


def screen_chat(text: str, author_age: int | None) -> Screening:
    """Screen one youth or parent message."""
    if screen is None or Context is None:
        lowered = text.lower()
        hit = any(phrase in lowered for phrase in _FALLBACK)
        return Screening(hit, list(DEFAULT_SIGNPOSTS) if hit else [], ("crisis.fallback",) * hit)
    verdict = screen(text, Context(kind="chat", author_age=author_age))
    reasons = tuple(str(r) for r in getattr(verdict, "reasons", ()) or ())
    crisis = any(r.startswith("crisis.") for r in reasons)
    if not crisis:
        return Screening(False)
    signposts = [_signpost(s) for s in getattr(verdict, "signposts", ()) or ()]
    message = getattr(verdict, "message", None)
    return Screening(True, signposts or list(DEFAULT_SIGNPOSTS), reasons, message or None)
