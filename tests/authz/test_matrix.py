"""Every /api/v1 endpoint × every role gets the status DESIGN.md allows (matrix.py), every
2xx on the youth's data by someone else is in the youth's access log, and no route of the
app is missing from the matrix."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Litestar

from tests.authz.bodies import BodyFn
from tests.authz.matrix import COVERED_ELSEWHERE, MATRIX, Row
from tests.authz.world import ROLES, World, build
from tests.people import People


def _order(row: Row) -> list[str]:
    """Refusals first, so that they meet the objects as the world made them; then the
    allowed cells; then the cells whose 409 or 422 follows from an allowed one before."""

    def rank(role: str) -> int:
        status = row.expect[role]
        return 1 if status < 300 else 2 if status in (409, 422) else 0

    return sorted(ROLES, key=rank)


async def _cell(world: World, row: Row, role: str) -> list[str]:
    body: Any = row.body
    if callable(row.body):
        fn: BodyFn = row.body
        body = await fn(world, role)
    headers = {}
    token = world.token(role, spare=row.spare)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    before = await world.last_log_id() if role in row.log else 0
    response = await world.people.http.request(
        row.method,
        row.url(world),
        content=None if body is None else msgspec.json.encode(body),
        params=row.query,
        headers=headers,
    )
    status, expected = response.status_code, row.expect[role]
    where = f"{row.key} as {role}"
    if status != expected:
        return [f"{where}: expected {expected}, got {status} {response.text[:160]}"]
    if row.keep and status < 300:
        world.scratch[f"{row.keep}:{role}"] = response.json()
    if role in row.log and not await world.logged_since(before, role):
        return [f"{where}: {status} but no access-log row about the youth"]
    return []


async def _run(world: World, rows: list[Row]) -> list[str]:
    failures = []
    for row in rows:
        for role in _order(row):
            failures += await _cell(world, row, role)
    return failures


async def test_every_endpoint_for_every_role(people: People) -> None:
    world = await build(people)
    try:
        failures = await _run(world, [r for r in MATRIX if r.phase == "main"])
        # The refusal above decided the first destruction request; the youth asks again.
        again = await world.persons["youth"].client.request_destruction(explanation="Nog eens.")
        world.ids["destruction_2"] = again.id
        failures += await _run(world, [r for r in MATRIX if r.phase == "final"])
    finally:
        await world.engine.dispose()
    assert failures == [], "\n".join(failures)


def test_the_matrix_is_well_formed() -> None:
    keys = [row.key for row in MATRIX]
    assert len(keys) == len(set(keys)), "an endpoint is listed twice"
    for row in MATRIX:
        assert set(row.expect) == set(ROLES) and row.log <= set(ROLES), row.key
        # A logged role must be one that the row lets through.
        assert all(200 <= row.expect[role] < 300 for role in row.log), row.key
        assert row.expect["anon"] in (200, 201, 401), row.key


def _routes(app: Litestar) -> set[str]:
    found = set()
    for route in app.routes:
        if not route.path.startswith("/api/v1"):
            continue
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path.removeprefix("/api/v1"))
        handlers = getattr(route, "route_handlers", None)
        if handlers is None:
            found.add(f"WEBSOCKET {path}")
            continue
        for handler in handlers:
            for method in set(handler.http_methods) - {"OPTIONS", "HEAD"}:
                found.add(f"{method} {path}")
    return found


def test_every_route_is_in_the_matrix(app: Litestar) -> None:
    """A new endpoint fails here until it has its row (and its statuses) in matrix.py."""
    listed = {row.key for row in MATRIX} | COVERED_ELSEWHERE
    routes = _routes(app)
    assert routes - listed == set(), "routes missing from tests/authz/matrix.py"
    assert listed - routes == set(), "matrix rows without a route"
