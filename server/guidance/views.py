"""Content (``content.model``) to wire types (``client_api.schema.guidance``), no I/O."""

from __future__ import annotations

from client_api.schema import guidance as api
from content import model
from content.loader import Library


def review(item: model.Review) -> api.Review:
    return api.Review(status=item.status, by_role=item.by_role, date=item.date)


def sources(items: tuple[model.Source, ...]) -> list[api.Source]:
    return [api.Source(title=s.title, url=s.url) for s in items]


def guide_links(library: Library, slugs: tuple[str, ...]) -> list[api.Link]:
    """Links to the guides that exist (``roer content check`` reports any that do not)."""
    return [
        api.Link(slug=slug, title=library.guides[slug].title)
        for slug in slugs
        if slug in library.guides
    ]


def pathway_links(library: Library, slugs: tuple[str, ...]) -> list[api.Link]:
    return [
        api.Link(slug=slug, title=library.pathways[slug].title)
        for slug in slugs
        if slug in library.pathways
    ]


def guide_summary(guide: model.Guide, snippet: str | None = None) -> api.GuideSummary:
    return api.GuideSummary(
        slug=guide.slug,
        title=guide.title,
        summary=guide.summary,
        audience=guide.audience,
        age_min=guide.age_min,
        age_max=guide.age_max,
        topics=list(guide.topics),
        big5=list(guide.big5),
        review=review(guide.review),
        snippet=snippet,
    )


def guide(library: Library, slug: str) -> api.Guide:
    item = library.guides[slug]
    return api.Guide(
        slug=item.slug,
        title=item.title,
        summary=item.summary,
        audience=item.audience,
        age_min=item.age_min,
        age_max=item.age_max,
        topics=list(item.topics),
        big5=list(item.big5),
        keywords=list(item.keywords),
        body_markdown=item.body_markdown,
        body_html=library.guide_html(slug),
        review=review(item.review),
        sources=sources(item.sources),
        last_checked=item.last_checked,
        related_guides=guide_links(library, item.related_guides),
        related_pathways=pathway_links(library, item.related_pathways),
        forum_boards=list(item.forum_boards),
    )


def pathway_summary(item: model.Pathway) -> api.PathwaySummary:
    return api.PathwaySummary(
        slug=item.slug,
        title=item.title,
        summary=item.summary,
        audience=item.audience,
        review=review(item.review),
        last_checked=item.last_checked,
    )


def _node(library: Library, node: model.Node) -> api.QuestionNode | api.OutcomeNode:
    if isinstance(node, model.Question):
        return api.QuestionNode(
            id=node.id,
            text=node.text,
            help=node.help,
            choices=[api.Choice(label=c.label, next=c.next) for c in node.choices],
        )
    return api.OutcomeNode(
        id=node.id,
        title=node.title,
        text=node.text,
        help=node.help,
        steps=[api.Step(text=s.text, when=s.when, offset_days=s.offset_days) for s in node.steps],
        contacts=[
            api.Contact(name=c.name, phone=c.phone, url=c.url, hours=c.hours) for c in node.contacts
        ],
        guides=guide_links(library, node.guides),
    )


def pathway(library: Library, slug: str) -> api.Pathway:
    item = library.pathways[slug]
    return api.Pathway(
        slug=item.slug,
        title=item.title,
        summary=item.summary,
        audience=item.audience,
        start=item.start,
        review=review(item.review),
        last_checked=item.last_checked,
        sources=sources(item.sources),
        related_guides=guide_links(library, item.related_guides),
        nodes=[_node(library, node) for node in item.nodes],
    )
