"""Value types of the moderation library: what goes in (Context) and what comes out (Verdict)."""

from typing import Literal

import msgspec

Decision = Literal["allow", "hold", "block"]


class Context(msgspec.Struct, frozen=True):
    """Where a text is written and by whom; changes which rules apply.

    ``kind`` is one of forum_post, forum_title, checkin_note, chat, feedback, handle,
    report_reason; anything else is screened like forum_post.
    """

    kind: str = "forum_post"
    author_age: int | None = None


class Span(msgspec.Struct, frozen=True):
    """A matched piece of the ORIGINAL text: ``text[start:end]``."""

    start: int
    end: int
    rule: str


class Signpost(msgspec.Struct, frozen=True):
    """A help line the writer can contact at once."""

    id: str
    name: str
    phone: str
    url: str
    hours: str
    text: str


class Verdict(msgspec.Struct, frozen=True):
    """Outcome of ``screen()``; ``message`` is empty when the decision is allow."""

    decision: Decision
    reasons: tuple[str, ...]
    spans: tuple[Span, ...]
    signposts: tuple[Signpost, ...]
    urgent: bool
    categories: tuple[str, ...]
    message: str
    rules_version: str
