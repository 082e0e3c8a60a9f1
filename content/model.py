"""The shapes of Roer's guidance content: guides, pathways and their parts.

Field constraints live on the types (``msgspec.Meta``) so that decoding a file and
validating it are the same step. Unknown fields are rejected so a typo in a front-matter
key is reported rather than silently ignored.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec

SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

Slug = Annotated[str, msgspec.Meta(pattern=SLUG_PATTERN, max_length=80)]
NonEmpty = Annotated[str, msgspec.Meta(min_length=1, pattern=r"\S")]
HttpsUrl = Annotated[str, msgspec.Meta(pattern=r"^https://[^\s/]+\.[^\s]+$")]
Age = Annotated[int, msgspec.Meta(ge=0, le=27)]

Audience = Literal["jongere", "ouder", "beide"]
Topic = Literal[
    "hulp-krijgen",
    "wachten",
    "18-worden",
    "big5",
    "rechten",
    "dossier",
    "klachten",
    "crisis",
    "jeugdbescherming",
    "geld",
    "wonen",
    "school-werk",
    "welzijn",
    "support",
    "ouders",
]
Big5Domain = Literal["support", "wonen", "school_werk", "inkomen", "welzijn"]
Board = Literal[
    "18-worden",
    "wonen",
    "school-werk",
    "geld",
    "thuis-familie",
    "pleegzorg",
    "wachten-op-hulp",
    "je-rechten",
    "gewoon-kletsen",
    "ouders",
]


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A public source a guide or pathway relies on."""

    title: NonEmpty
    url: HttpsUrl


class Review(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Who checked the text. ``reviewed`` is only honest with a named role and a date."""

    status: Literal["concept", "reviewed"]
    by_role: NonEmpty | None = None
    date: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.status == "reviewed" and (self.by_role is None or self.date is None):
            raise ValueError("status 'reviewed' needs both by_role and date")


class Guide(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One guide: TOML front matter plus its Markdown body."""

    title: NonEmpty
    slug: Slug
    summary: NonEmpty
    audience: Audience
    age_min: Age
    age_max: Age
    topics: Annotated[tuple[Topic, ...], msgspec.Meta(min_length=1)]
    big5: tuple[Big5Domain, ...] = ()
    keywords: tuple[NonEmpty, ...] = ()
    last_checked: datetime.date
    related_guides: tuple[Slug, ...] = ()
    related_pathways: tuple[Slug, ...] = ()
    forum_boards: tuple[Board, ...] = ()
    review: Review
    sources: Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]
    body_markdown: str
    path: str

    def __post_init__(self) -> None:
        if self.age_max < self.age_min:
            raise ValueError(f"age_max ({self.age_max}) is below age_min ({self.age_min})")


class Choice(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """An answer to a question; ``next`` is the id of the node it leads to."""

    label: NonEmpty
    next: Slug


class Step(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Something to do. ``offset_days`` dates it relative to a moment (e.g. the 18th birthday)."""

    text: NonEmpty
    when: str = ""
    offset_days: int | None = None


class Contact(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Someone to turn to, with the ways to reach them."""

    name: NonEmpty
    phone: NonEmpty | None = None
    url: HttpsUrl | None = None
    hours: NonEmpty | None = None


class Question(
    msgspec.Struct,
    frozen=True,
    forbid_unknown_fields=True,
    kw_only=True,
    tag_field="kind",
    tag="question",
):
    """A node that asks something and branches on the answer."""

    id: Slug
    text: NonEmpty
    help: NonEmpty | None = None
    choices: Annotated[tuple[Choice, ...], msgspec.Meta(min_length=2)]


class Outcome(
    msgspec.Struct,
    frozen=True,
    forbid_unknown_fields=True,
    kw_only=True,
    tag_field="kind",
    tag="outcome",
):
    """A node that ends a path with advice, steps, contacts and guides to read."""

    id: Slug
    title: NonEmpty
    text: NonEmpty
    help: NonEmpty | None = None
    steps: tuple[Step, ...] = ()
    contacts: tuple[Contact, ...] = ()
    guides: tuple[Slug, ...] = ()


Node = Question | Outcome


class Pathway(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A decision tree from ``start`` through questions to outcomes."""

    slug: Slug
    title: NonEmpty
    summary: NonEmpty
    audience: Audience
    start: Slug
    last_checked: datetime.date
    related_guides: tuple[Slug, ...] = ()
    review: Review
    sources: Annotated[tuple[Source, ...], msgspec.Meta(min_length=1)]
    nodes: Annotated[tuple[Node, ...], msgspec.Meta(min_length=1)]
    path: str = ""

    def node(self, node_id: str) -> Node | None:
        """The node with this id, or None."""
        for node in self.nodes:
            if node.id == node_id:
                return node
        return None


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """One thing wrong with the content, pointing at a file and a place in it."""

    file: str
    location: str
    message: str
    # A stable id for the kind of problem, e.g. "link.guide" or "graph.cycle".
    code: str = "invalid"

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


class ContentError(Exception):
    """The content could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"{len(problems)} content problem(s):\n{lines}")
