"""Guidance: guides, search, pathways (whole trees for offline use) and feedback."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model

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
Comment = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class Review(Model):
    """``concept`` until a named role really reviewed the text."""

    status: Literal["concept", "reviewed"]
    by_role: str | None = None
    date: dt.date | None = None


class Source(Model):
    title: str
    url: str


class Link(Model):
    """Another guide or pathway, by slug, with its title."""

    slug: str
    title: str


class GuideSummary(Model):
    """A guide in a list or search result.

    ``snippet`` (search only) is HTML-escaped text in which the words that matched are
    wrapped in ``<mark>…</mark>``; no other markup ever appears in it.
    """

    slug: str
    title: str
    summary: str
    audience: Audience
    age_min: int
    age_max: int
    topics: list[str]
    big5: list[str]
    review: Review
    snippet: str | None = None


class GuideList(Model):
    items: list[GuideSummary]
    next_cursor: str | None = None


class Guide(Model):
    """One guide, its body as Markdown and as safe HTML (raw HTML in the source is escaped)."""

    slug: str
    title: str
    summary: str
    audience: Audience
    age_min: int
    age_max: int
    topics: list[str]
    big5: list[str]
    keywords: list[str]
    body_markdown: str
    body_html: str
    review: Review
    sources: list[Source]
    last_checked: dt.date
    related_guides: list[Link]
    related_pathways: list[Link]
    forum_boards: list[str]


class Step(Model):
    """Something to do; ``offset_days`` dates it relative to a moment (e.g. the 18th birthday)."""

    text: str
    when: str = ""
    offset_days: int | None = None


class Contact(Model):
    name: str
    phone: str | None = None
    url: str | None = None
    hours: str | None = None


class Choice(Model):
    label: str
    next: str


class QuestionNode(Model, tag_field="kind", tag="question"):
    id: str
    text: str
    choices: list[Choice]
    help: str | None = None


class OutcomeNode(Model, tag_field="kind", tag="outcome"):
    id: str
    title: str
    text: str
    help: str | None = None
    steps: list[Step] = []
    contacts: list[Contact] = []
    guides: list[Link] = []


class PathwaySummary(Model):
    slug: str
    title: str
    summary: str
    audience: Audience
    review: Review
    last_checked: dt.date


class PathwayList(Model):
    items: list[PathwaySummary]
    next_cursor: str | None = None


class Pathway(Model):
    """The whole decision tree: start at ``start``, follow ``choices[].next`` to an outcome."""

    slug: str
    title: str
    summary: str
    audience: Audience
    start: str
    review: Review
    last_checked: dt.date
    sources: list[Source]
    related_guides: list[Link]
    nodes: list[QuestionNode | OutcomeNode]


class FeedbackCreate(Model):
    """Was this guide helpful? Sending again replaces your earlier feedback on the guide."""

    helpful: bool
    comment: Comment | None = None


class Signpost(Model):
    """A help line to contact right away."""

    name: str
    phone: str
    url: str
    hours: str
    text: str


class FeedbackResult(Model):
    """What was kept. A comment that did not pass screening is not stored (``withheld``)."""

    guide_slug: str
    helpful: bool
    comment_status: Literal["none", "stored", "withheld"]
    replaced: bool
    message: str | None = None
    signposts: list[Signpost] = []


class FeedbackComment(Model):
    """A comment without its author; only the day, not the time, to keep it anonymous."""

    helpful: bool
    comment: str
    date: dt.date


class GuideFeedback(Model):
    """For editors: counts and comments on one guide."""

    slug: str
    title: str
    helpful: int
    not_helpful: int
    withheld_comments: int
    items: list[FeedbackComment]
    next_cursor: str | None = None


class FeedbackCount(Model):
    slug: str
    title: str
    helpful: int
    not_helpful: int
    comments: int


class FeedbackOverview(Model):
    """For editors: counts per guide, every guide listed (also those without feedback)."""

    items: list[FeedbackCount]
