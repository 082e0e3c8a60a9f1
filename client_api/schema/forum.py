"""The peer forum and its moderation: boards, pseudonymous members, threads, posts.

Authors appear only as a forum-member id (random, not the account id), a handle and a
badge. Nothing here ever carries a name, username, e-mail, exact age, birth date, account
id or case, except the break-glass ``IdentityReveal`` a moderator asks for with a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

from client_api.schema.common import Model, UUIDStr

Space = Literal["12-15", "16-27", "ouders"]
PostStatus = Literal["visible", "held", "hidden", "removed", "deleted"]
ReactionKind = Literal["herkenbaar", "sterkte", "dank-je"]
ReportCategory = Literal[
    "onveilig", "pesten", "persoonlijke-gegevens", "ongepast", "spam", "anders"
]
DecisionAction = Literal["approve", "remove", "redact", "warn", "mute", "ban"]
ItemKind = Literal["post", "thread", "report", "appeal"]

Handle = Annotated[
    str,
    msgspec.Meta(min_length=3, max_length=30, pattern=r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 _-]*$"),
]
Title = Annotated[str, msgspec.Meta(min_length=3, max_length=120)]
Body = Annotated[str, msgspec.Meta(min_length=1, max_length=5000)]
Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=500)]


class Signpost(Model):
    """Where to get help now (113, Kindertelefoon, Veilig Thuis, 112)."""

    id: str
    name: str
    phone: str
    url: str
    hours: str
    text: str


class Author(Model):
    """How a member appears to others: pseudonym only."""

    member_id: str
    handle: str
    badge: str | None = None


class Board(Model):
    id: str
    space: Space
    slug: str
    name: str
    description: str
    guides: list[str]
    can_post: bool


class BoardList(Model):
    items: list[Board]
    next_cursor: str | None = None


class ForumMe(Model):
    """My own forum profile. Only I see my spaces, mute and warnings."""

    member_id: str
    handle: str
    badge: str | None
    spaces_read: list[Space]
    spaces_post: list[Space]
    muted_until: dt.datetime | None
    banned: bool
    warnings: int
    suggested_handles: list[str]
    joined_at: dt.datetime


class ForumMeUpdate(Model):
    handle: Handle


class Quote(Model):
    post_id: str
    author: Author | None
    excerpt: str


class Post(Model):
    id: str
    thread_id: str
    author: Author
    body: str
    created_at: dt.datetime
    status: PostStatus
    # Dutch, for the author: "wacht op een moderator", "verborgen na meldingen", ...
    status_text: str | None = None
    removal_reason: str | None = None
    can_appeal: bool = False
    edited_at: dt.datetime | None = None
    quote: Quote | None = None
    reactions: dict[str, int] = msgspec.field(default_factory=dict)
    my_reactions: list[ReactionKind] = msgspec.field(default_factory=list)
    # Only in the response to the writer: help at once when the text speaks of a crisis.
    signposts: list[Signpost] = msgspec.field(default_factory=list)


class PostPage(Model):
    items: list[Post]
    next_cursor: str | None = None


class Thread(Model):
    id: str
    board_id: str
    title: str
    author: Author
    created_at: dt.datetime
    last_post_at: dt.datetime
    reply_count: int
    status: PostStatus
    status_text: str | None = None


class ThreadList(Model):
    items: list[Thread]
    next_cursor: str | None = None


class ThreadDetail(Model):
    thread: Thread
    posts: PostPage


class ThreadCreate(Model):
    client_id: UUIDStr
    title: Title
    body: Body


class ThreadCreated(Model):
    thread: Thread
    post: Post


class PostCreate(Model):
    client_id: UUIDStr
    body: Body
    quote_post_id: str | None = None


class PostUpdate(Model):
    body: Body


class ReactionCreate(Model):
    kind: ReactionKind


class Reactions(Model):
    post_id: str
    counts: dict[str, int]
    mine: list[ReactionKind]


class ReportCreate(Model):
    category: ReportCategory
    text: Annotated[str, msgspec.Meta(max_length=1000)] | None = None


class ReportReceipt(Model):
    post_id: str
    category: ReportCategory
    created_at: dt.datetime
    message: str
    signposts: list[Signpost] = msgspec.field(default_factory=list)


class AppealCreate(Model):
    text: Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]


class AppealReceipt(Model):
    post_id: str
    created_at: dt.datetime
    message: str
    signposts: list[Signpost] = msgspec.field(default_factory=list)


class Notification(Model):
    id: str
    kind: str
    text: str
    created_at: dt.datetime
    post_id: str | None = None
    thread_id: str | None = None


class NotificationList(Model):
    items: list[Notification]
    next_cursor: str | None = None


# --- moderation ------------------------------------------------------------------------------


class Span(Model):
    start: int
    end: int
    rule: str
    # Which text the span is in: "body" or "title".
    field: str = "body"


class MemberHistory(Model):
    """What moderators know of a member, under the pseudonym only."""

    holds: int
    removals: int
    warnings: int
    mutes: int
    muted_until: dt.datetime | None
    banned: bool


class QueueMember(Model):
    member_id: str
    handle: str
    badge: str | None
    history: MemberHistory


class ReportInfo(Model):
    category: ReportCategory
    text: str | None
    created_at: dt.datetime


class QueueItem(Model):
    id: str
    kind: ItemKind
    urgent: bool
    created_at: dt.datetime
    post_id: str
    post_status: PostStatus
    text: str
    reasons: list[str]
    spans: list[Span]
    thread_id: str
    thread_title: str
    board: Board
    member: QueueMember
    reports: list[ReportInfo] = msgspec.field(default_factory=list)
    appeal_text: str | None = None


class QueuePage(Model):
    items: list[QueueItem]
    next_cursor: str | None = None


class Decision(Model):
    action: DecisionAction
    # Required for remove, warn, mute and ban: the author reads it.
    reason: Reason | None = None
    # For mute: how long.
    mute_hours: Annotated[int, msgspec.Meta(ge=1, le=24 * 90)] | None = None


class DecisionResult(Model):
    item_id: str
    action: DecisionAction
    decided_at: dt.datetime
    post_status: PostStatus


class RevealRequest(Model):
    reason: Annotated[str, msgspec.Meta(min_length=20, max_length=200)]


class IdentityReveal(Model):
    """Break-glass: the account behind a pseudonym, no more than a moderator needs."""

    member_id: str
    account_id: str
    username: str | None
    role: str
    age_band: Literal["12-15", "16-27", "27+"] | None
