"""Validate the whole content library: ``roer content check [--root DIR]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from content.loader import CONTENT_ROOT, content_files, read_all
from content.model import Guide, Outcome, Pathway, Problem
from content.render import raw_html_snippets


def _broken(file: str, location: str, source: str, kind: str, target: str, code: str) -> Problem:
    return Problem(
        file=file,
        location=location,
        message=f"broken link: {source} links to {kind} '{target}', which does not exist",
        code=code,
    )


def _guide_problems(
    guide: Guide, guide_slugs: set[str], pathway_slugs: set[str]
) -> Iterable[Problem]:
    source = f"guide '{guide.slug}'"
    for i, slug in enumerate(guide.related_guides):
        if slug not in guide_slugs:
            yield _broken(guide.path, f"related_guides[{i}]", source, "guide", slug, "link.guide")
    for i, slug in enumerate(guide.related_pathways):
        if slug not in pathway_slugs:
            yield _broken(
                guide.path, f"related_pathways[{i}]", source, "pathway", slug, "link.pathway"
            )
    if not guide.body_markdown.strip():
        yield Problem(
            file=guide.path, location="body", message="the body is empty", code="body.empty"
        )
    for snippet in raw_html_snippets(guide.body_markdown):
        yield Problem(
            file=guide.path,
            location="body",
            message=f"raw HTML is shown as text, not rendered; remove it: {snippet[:60]}",
            code="body.html",
        )


def _pathway_problems(pathway: Pathway, guide_slugs: set[str]) -> Iterable[Problem]:
    source = f"pathway '{pathway.slug}'"
    for i, slug in enumerate(pathway.related_guides):
        if slug not in guide_slugs:
            yield _broken(pathway.path, f"related_guides[{i}]", source, "guide", slug, "link.guide")
    for n, node in enumerate(pathway.nodes):
        if not isinstance(node, Outcome):
            continue
        for i, slug in enumerate(node.guides):
            if slug not in guide_slugs:
                location = f"nodes[{n}] ({node.id}).guides[{i}]"
                node_source = f"{source} node '{node.id}'"
                yield _broken(pathway.path, location, node_source, "guide", slug, "link.guide")


def _check(base: Path) -> tuple[list[Problem], int, int]:
    """Problems plus the number of guides and pathways that loaded."""
    if not (base / "guides").is_dir() and not (base / "pathways").is_dir():
        problem = Problem(
            file=str(base),
            location="(folder)",
            message="no guides/ or pathways/ folder here; is this a content root?",
            code="root",
        )
        return [problem], 0, 0
    guides, pathways, problems = read_all(base)
    # A link to a file that exists but is broken is not a second problem: the file's own
    # problem is reported, and fixing it fixes the link.
    guide_files, pathway_files = content_files(base)
    guide_slugs = {path.stem for path in guide_files}
    pathway_slugs = {path.stem for path in pathway_files}
    for guide in guides.values():
        problems.extend(_guide_problems(guide, guide_slugs, pathway_slugs))
    for pathway in pathways.values():
        problems.extend(_pathway_problems(pathway, guide_slugs))
    problems.sort(key=lambda problem: problem.file)  # stable: keeps each file's order
    return problems, len(guides), len(pathways)


def check_library(root: Path | None = None) -> list[Problem]:
    """Every problem in the content under ``root`` (default: the shipped content)."""
    return _check((root or CONTENT_ROOT).resolve())[0]


def main(argv: list[str] | None = None) -> int:
    """Print each problem as ``file: location: message`` and a summary; 1 if any."""
    parser = argparse.ArgumentParser(
        prog="roer content check", description="Check Roer's guides and pathways."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="content folder holding guides/ and pathways/ (default: the shipped content)",
    )
    args = parser.parse_args(argv)
    root: Path = (args.root or CONTENT_ROOT).resolve()
    problems, guides, pathways = _check(root)
    for problem in problems:
        print(problem)
    counted = f"loaded {guides} guide(s) and {pathways} pathway(s) from {root}"
    if problems:
        print(f"{len(problems)} problem(s); {counted}")
        return 1
    print(f"OK: {counted}, no problems")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
