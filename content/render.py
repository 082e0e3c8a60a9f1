"""Markdown to safe HTML, and Markdown to plain text for search."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from content.model import Guide, Outcome, Pathway, Question


def _link_open(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    # Guides point at outside sites; they should neither gain ranking from us nor get a
    # handle on the app's window.
    tokens[idx].attrSet("rel", "nofollow noopener")
    return renderer.renderToken(tokens, idx, options, env)


def _image_as_text(
    renderer: RendererHTML,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    # No images: a remote image would tell a third party who is reading which guide.
    # Show the alt text instead.
    alt = renderer.renderInlineAsText(tokens[idx].children or [], options, env)
    return escapeHtml(alt)


def _make_renderer() -> MarkdownIt:
    # html=False: raw HTML in a body is shown as text, never passed through.
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("image", _image_as_text)
    return md


_MD = _make_renderer()
# Used only to find raw HTML for the checker; its output is never shown.
_MD_WITH_HTML = MarkdownIt("commonmark", {"html": True}).enable("table")


def render_html(markdown: str) -> str:
    """Render a guide body to HTML with raw HTML escaped and links marked nofollow."""
    html: str = _MD.render(markdown)
    return html


def _block_texts(tokens: Sequence[Token]) -> list[str]:
    """One string per paragraph, heading, list item or code block."""
    texts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            texts.append(
                "".join(
                    " " if child.type in ("softbreak", "hardbreak") else child.content
                    for child in token.children or []
                    if child.type in ("text", "code_inline", "softbreak", "hardbreak")
                )
            )
        elif token.type in ("code_block", "fence"):
            texts.append(token.content)
    return texts


def markdown_to_text(markdown: str) -> str:
    """The words of a Markdown text without its syntax, whitespace collapsed."""
    return " ".join(" ".join(_block_texts(_MD.parse(markdown))).split())


def raw_html_snippets(markdown: str) -> list[str]:
    """Raw HTML found in a Markdown text (which will not be rendered as HTML)."""
    found: list[str] = []

    def walk(tokens: Sequence[Token]) -> None:
        for token in tokens:
            if token.type in ("html_block", "html_inline"):
                found.append(token.content.strip())
            if token.children:
                walk(token.children)

    walk(_MD_WITH_HTML.parse(markdown))
    return found


def guide_search_text(guide: Guide) -> str:
    """Plain text of a guide for a search index: title, summary, keywords, body."""
    parts: list[str] = [guide.title, guide.summary, *guide.keywords]
    parts.append(markdown_to_text(guide.body_markdown))
    return "\n".join(parts)


def pathway_search_text(pathway: Pathway) -> str:
    """Plain text of a pathway for a search index: title, summary and every node's text."""
    parts: list[str] = [pathway.title, pathway.summary]
    for node in pathway.nodes:
        if isinstance(node, Question):
            parts.append(node.text)
            parts.extend(choice.label for choice in node.choices)
        elif isinstance(node, Outcome):
            parts.extend([node.title, node.text])
            parts.extend(step.text for step in node.steps)
            parts.extend(contact.name for contact in node.contacts)
        if node.help:
            parts.append(node.help)
    return "\n".join(parts)
