"""Roer moderation: a pure library that screens user text (no I/O, no server imports)."""

from moderation.screen import (
    CATEGORIES,
    CRISIS_SIGNPOSTS,
    RULE_IDS,
    RULES_VERSION,
    redact,
    screen,
    signposts_for,
)
from moderation.types import Context, Signpost, Span, Verdict

__all__ = [
    "CATEGORIES",
    "CRISIS_SIGNPOSTS",
    "RULES_VERSION",
    "RULE_IDS",
    "Context",
    "Signpost",
    "Span",
    "Verdict",
    "redact",
    "screen",
    "signposts_for",
]
