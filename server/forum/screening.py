"""The forum's use of the moderation library: one call per text, results taken as they are."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

import moderation
from client_api.schema import forum as api
from client_api.schema.errors import FieldError
from server.core.errors import ProblemException
from server.forum import texts


@dataclass(frozen=True)
class Screened:
    field: str
    verdict: moderation.Verdict

    @property
    def decision(self) -> str:
        return self.verdict.decision

    @property
    def urgent(self) -> bool:
        return self.verdict.urgent

    def spans(self) -> list[dict[str, object]]:
        return [
            {"start": s.start, "end": s.end, "rule": s.rule, "field": self.field}
            for s in self.verdict.spans
        ]

    def signposts(self) -> list[api.Signpost]:
        return [
            msgspec.convert(msgspec.to_builtins(s), api.Signpost) for s in self.verdict.signposts
        ]


def screen(text: str, kind: str, field: str, author_age: int | None) -> Screened:
    """Screen ``text``; a block is refused at once (422) and nothing is stored."""
    verdict = moderation.screen(text, moderation.Context(kind=kind, author_age=author_age))
    result = Screened(field, verdict)
    if verdict.decision == "block":
        category = verdict.categories[0] if verdict.categories else "text"
        raise ProblemException(
            422,
            texts.BLOCKED.format(message=verdict.message).strip(),
            slug=f"blocked-{category}",
            errors=[FieldError(field=field, message=verdict.message or "niet toegestaan")],
        )
    return result


def merged_signposts(*results: Screened) -> list[api.Signpost]:
    seen: dict[str, api.Signpost] = {}
    for result in results:
        for signpost in result.signposts():
            seen.setdefault(signpost.id, signpost)
    return list(seen.values())


def redact(text: str, kind: str, author_age: int | None) -> str:
    """The text with personal data replaced, as the moderation library does it."""
    verdict = moderation.screen(text, moderation.Context(kind=kind, author_age=author_age))
    return moderation.redact(text, verdict)
