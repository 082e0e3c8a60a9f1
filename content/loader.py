"""Read guides and pathways from disk into a Library.

``load_library`` refuses content that is broken inside one file (bad TOML, a missing or
mistyped field, a slug that does not match its file name, a pathway that is not a proper
tree): the server should never serve half a guide. Links *between* files and style
problems are reported by ``content.check`` (``roer content check``), not enforced here,
so guides and pathways can be written in parallel.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

import msgspec

from content.graph import pathway_problems
from content.model import ContentError, Guide, Pathway, Problem
from content.render import guide_search_text, pathway_search_text, render_html

CONTENT_ROOT = Path(__file__).resolve().parent
FRONT_MATTER_FENCE = "+++"
# Bump when the meaning of the files changes without their bytes changing
# (e.g. a new search-text rule), so indexes built from the hash are rebuilt.
HASH_VERSION = "roer-content-1"
# Fields the loader fills in itself; a file may not set them.
_RESERVED = ("body_markdown", "path")
_SKIPPED_NAMES = {"README.md"}

_MSGSPEC_PATH = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_FIELD_IN_MESSAGE = re.compile(r"(?:missing required|unknown) field `(?P<field>[^`]+)`")
_NODE_INDEX = re.compile(r"^nodes\[(?P<index>\d+)\]")
_TOML_LINE = re.compile(r"at line (?P<line>\d+)")


class Library(msgspec.Struct, frozen=True, kw_only=True):
    """All guides and pathways, by slug, with a hash of the files they came from."""

    root: str
    guides: dict[str, Guide]
    pathways: dict[str, Pathway]
    content_hash: str

    def render_html(self, markdown: str) -> str:
        """Markdown to HTML with raw HTML escaped (see ``content.render``)."""
        return render_html(markdown)

    def guide_html(self, slug: str) -> str:
        """The rendered body of one guide; KeyError when there is no such guide."""
        return render_html(self.guides[slug].body_markdown)

    def guide_text(self, slug: str) -> str:
        """Plain text of one guide for a search index."""
        return guide_search_text(self.guides[slug])

    def pathway_text(self, slug: str) -> str:
        """Plain text of one pathway for a search index."""
        return pathway_search_text(self.pathways[slug])


def _location(message: str, raw: dict[str, Any]) -> tuple[str, str]:
    """Split a msgspec error into (field path, message), naming nodes by their id."""
    match = _MSGSPEC_PATH.match(message)
    assert match is not None  # the pattern matches any string
    text, path = match["message"], (match["path"] or "").lstrip(".")
    field = _FIELD_IN_MESSAGE.search(text)
    if field:
        path = f"{path}.{field['field']}" if path else field["field"]
    node = _NODE_INDEX.match(path)
    nodes = raw.get("nodes")
    if node and isinstance(nodes, list):
        index = int(node["index"])
        if index < len(nodes) and isinstance(nodes[index], dict):
            node_id = nodes[index].get("id")
            if isinstance(node_id, str):
                path = f"{node.group(0)} ({node_id}){path[node.end() :]}"
    return path or "(top level)", text


def split_front_matter(text: str) -> tuple[str, str]:
    """Split a guide file into (TOML front matter, Markdown body); ValueError if malformed."""
    lines = text.removeprefix("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FRONT_MATTER_FENCE:
        raise ValueError("the file must start with a line '+++' opening the front matter")
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") == FRONT_MATTER_FENCE:
            return "".join(lines[1:end]), "".join(lines[end + 1 :])
    raise ValueError("the front matter has no closing '+++' line")


def _decode(
    cls: type[Guide] | type[Pathway], raw: dict[str, Any], file: str, extra: dict[str, str]
) -> Guide | Pathway | Problem:
    for key in _RESERVED:
        if key in raw:
            return Problem(
                file=file, location=key, message=f"'{key}' is set by the loader, remove it"
            )
    raw = {**raw, **extra, "path": file}
    try:
        return msgspec.convert(raw, cls)
    except msgspec.ValidationError as error:
        location, message = _location(str(error), raw)
        return Problem(file=file, location=location, message=message)


def _slug_problem(slug: str, path: Path, file: str) -> list[Problem]:
    if slug == path.stem:
        return []
    return [
        Problem(
            file=file,
            location="slug",
            message=f"slug '{slug}' does not match the file name '{path.name}'",
            code="slug",
        )
    ]


def read_guide(path: Path, root: Path) -> Guide | list[Problem]:
    """Parse one guide file; the Guide, or the problems that prevent it."""
    file = path.relative_to(root).as_posix()
    try:
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        raw = tomllib.loads(front)
    except (ValueError, UnicodeDecodeError) as error:
        # Line numbers from tomllib count from the front matter; +1 for the opening fence.
        message = _TOML_LINE.sub(lambda m: f"at line {int(m['line']) + 1}", str(error))
        return [Problem(file=file, location="front matter", message=message, code="parse")]
    result = _decode(Guide, raw, file, {"body_markdown": body})
    if isinstance(result, Problem):
        return [result]
    assert isinstance(result, Guide)
    return _slug_problem(result.slug, path, file) or result


def read_pathway(path: Path, root: Path) -> Pathway | list[Problem]:
    """Parse one pathway file; the Pathway, or the problems that prevent it."""
    file = path.relative_to(root).as_posix()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return [Problem(file=file, location="(file)", message=str(error), code="parse")]
    result = _decode(Pathway, raw, file, {})
    if isinstance(result, Problem):
        return [result]
    assert isinstance(result, Pathway)
    problems = _slug_problem(result.slug, path, file) + pathway_problems(result, file)
    return problems or result


def content_files(root: Path) -> tuple[list[Path], list[Path]]:
    """The guide and pathway files under a content root, sorted."""
    guides = sorted(
        p for p in (root / "guides").glob("*.md") if p.is_file() and p.name not in _SKIPPED_NAMES
    )
    pathways = sorted(p for p in (root / "pathways").glob("*.toml") if p.is_file())
    return guides, pathways


def content_hash(root: Path) -> str:
    """SHA-256 over every content file's name and bytes: changes when any content changes."""
    digest = hashlib.sha256(HASH_VERSION.encode())
    guides, pathways = content_files(root)
    for path in [*guides, *pathways]:
        data = path.read_bytes()
        name = path.relative_to(root).as_posix().encode()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


def read_all(root: Path) -> tuple[dict[str, Guide], dict[str, Pathway], list[Problem]]:
    """Every guide and pathway that parses, plus the problems of those that do not."""
    guides: dict[str, Guide] = {}
    pathways: dict[str, Pathway] = {}
    problems: list[Problem] = []
    guide_files, pathway_files = content_files(root)
    for path in guide_files:
        guide = read_guide(path, root)
        if isinstance(guide, list):
            problems.extend(guide)
        else:
            guides[guide.slug] = guide
    for path in pathway_files:
        pathway = read_pathway(path, root)
        if isinstance(pathway, list):
            problems.extend(pathway)
        else:
            pathways[pathway.slug] = pathway
    return guides, pathways, problems


def load_library(root: Path | None = None) -> Library:
    """Load all guides and pathways; ContentError if any file is broken in itself."""
    base = (root or CONTENT_ROOT).resolve()
    guides, pathways, problems = read_all(base)
    if problems:
        raise ContentError(problems)
    return Library(
        root=str(base),
        guides=guides,
        pathways=pathways,
        content_hash=content_hash(base),
    )
