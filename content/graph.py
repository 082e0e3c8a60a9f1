"""Structural checks on one pathway's decision tree."""

from __future__ import annotations

from collections import Counter

from content.model import Pathway, Problem, Question


def _where(pathway: Pathway) -> dict[str, str]:
    return {node.id: f"nodes[{i}] ({node.id})" for i, node in enumerate(pathway.nodes)}


def _edges(pathway: Pathway, known: set[str]) -> dict[str, list[str]]:
    return {
        node.id: [c.next for c in node.choices if c.next in known]
        if isinstance(node, Question)
        else []
        for node in pathway.nodes
    }


def _find_cycles(edges: dict[str, list[str]], order: list[str]) -> list[list[str]]:
    """Each distinct cycle once, as the path that closes it (first node repeated last)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = fully explored
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node_id: str, path: list[str]) -> None:
        state[node_id] = 1
        path.append(node_id)
        for target in edges.get(node_id, []):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                key = frozenset(cycle)
                if key not in seen:
                    seen.add(key)
                    cycles.append(cycle)
            elif target not in state:
                visit(target, path)
        path.pop()
        state[node_id] = 2

    for node_id in order:
        if node_id not in state:
            visit(node_id, [])
    return cycles


def _reachable(edges: dict[str, list[str]], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for target in edges.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def pathway_problems(pathway: Pathway, file: str) -> list[Problem]:
    """Everything that keeps a pathway from being a finite tree whose paths all end well.

    Checks: unique node ids, ``start`` exists, each question has 2+ choices that all
    point at existing nodes, every node is reachable from ``start``, and there are no
    cycles. Together these mean every path from ``start`` ends in an outcome.
    """
    problems: list[Problem] = []
    where = _where(pathway)
    order = [node.id for node in pathway.nodes]
    for node_id, count in Counter(order).items():
        if count > 1:
            problems.append(
                Problem(
                    file=file,
                    location=where[node_id],
                    message=f"node id '{node_id}' is used {count} times; ids must be unique",
                    code="graph.duplicate-id",
                )
            )
    known = set(order)
    for node in pathway.nodes:
        if not isinstance(node, Question):
            continue
        if len(node.choices) < 2:
            problems.append(
                Problem(
                    file=file,
                    location=where[node.id],
                    message=(
                        f"question '{node.id}' has {len(node.choices)} choice(s); "
                        "a question needs at least 2, or the path dead-ends here"
                    ),
                    code="graph.dead-end",
                )
            )
        for i, choice in enumerate(node.choices):
            if choice.next not in known:
                problems.append(
                    Problem(
                        file=file,
                        location=f"{where[node.id]}.choices[{i}].next",
                        message=(
                            f"choice '{choice.label}' leads to node '{choice.next}', "
                            "which does not exist (dead end)"
                        ),
                        code="link.node",
                    )
                )
    edges = _edges(pathway, known)
    if pathway.start not in known:
        problems.append(
            Problem(
                file=file,
                location="start",
                message=f"start node '{pathway.start}' does not exist",
                code="graph.start",
            )
        )
    else:
        reachable = _reachable(edges, pathway.start)
        for node_id in order:
            if node_id not in reachable:
                problems.append(
                    Problem(
                        file=file,
                        location=where[node_id],
                        message=f"node '{node_id}' cannot be reached from start '{pathway.start}'",
                        code="graph.unreachable",
                    )
                )
    for cycle in _find_cycles(edges, [pathway.start, *order]):
        problems.append(
            Problem(
                file=file,
                location=where[cycle[0]],
                message="cycle: " + " → ".join(cycle),
                code="graph.cycle",
            )
        )
    return problems
