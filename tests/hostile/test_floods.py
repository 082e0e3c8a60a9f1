"""Floods and oversized input against a real server: limits hold, memory stays bounded.

The flood limit is per client address (``ROER_RATE_LIMIT_*``); uvicorn takes the address
from X-Forwarded-For when the peer is a trusted proxy (loopback by default), which lets
these tests play many clients from one machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.hostile.live import LiveServer, live_server

LIMIT = 8
PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(
        tmp_path_factory.mktemp("flood"),
        rate_limit_requests=str(LIMIT),
        rate_limit_window="second",
        max_body_bytes="100000",
    ) as live:
        yield live


@pytest.fixture
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=server.base, timeout=20, limits=limits) as client:
        yield client


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def client_at(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


async def test_a_flood_from_one_address_gets_429_with_retry_after(
    http: httpx.AsyncClient,
) -> None:
    headers = client_at("203.0.113.7")
    await asyncio.sleep(1 - time.time() % 1)  # start at the beginning of a window
    responses = await asyncio.gather(
        *(http.get("/api/v1/guides", headers=headers) for _ in range(3 * LIMIT))
    )
    codes = [r.status_code for r in responses]
    assert codes.count(200) <= LIMIT and 429 in codes, codes
    refused = next(r for r in responses if r.status_code == 429)
    assert_problem(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 2
    # Another client is not affected, and the flooding one may go on after Retry-After.
    assert (await http.get("/api/v1/guides", headers=client_at("203.0.113.8"))).status_code == 200
    await asyncio.sleep(int(refused.headers["retry-after"]) + 0.1)
    assert (await http.get("/api/v1/guides", headers=headers)).status_code == 200


async def test_bad_tokens_count_too(http: httpx.AsyncClient) -> None:
    headers = {**client_at("203.0.113.9"), "Authorization": "Bearer nonsense"}
    responses = [await http.get("/api/v1/me", headers=headers) for _ in range(3 * LIMIT)]
    codes = {r.status_code for r in responses}
    assert codes == {401, 429}, codes


async def test_health_is_exempt(http: httpx.AsyncClient) -> None:
    headers = client_at("203.0.113.10")
    responses = await asyncio.gather(
        *(http.get("/api/v1/health", headers=headers) for _ in range(4 * LIMIT))
    )
    assert {r.status_code for r in responses} == {200}


async def test_chunked_body_without_length_is_cut_at_the_limit(http: httpx.AsyncClient) -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"username": "'
        for _ in range(500):  # 32 MB unless the server stops reading
            sent += 65536
            yield b"a" * 65536

    try:
        response = await http.post(
            "/api/v1/auth/register",
            content=endless(),
            headers={**client_at("203.0.113.11"), "content-type": "application/json"},
        )
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        response = None  # the server stopped reading and closed: fine too
    if response is not None:
        assert_problem(response, 413)
    assert sent < 8 * 1024 * 1024


HOSTILE_BODIES: list[tuple[bytes, int]] = [
    (b'{"username": "' + b"a" * 200_000 + b'"}', 413),  # over ROER_MAX_BODY_BYTES
    (b'{"a":' * 15_000 + b"1" + b"}" * 15_000, 400),  # deep
    (b"[" * 45_000 + b"]" * 45_000, 400),  # deeper, under the size limit
    (b'{"username": "\xff\xfe", "password": "x"}', 400),  # invalid UTF-8
    (b'{"username": "\\ud800", "password": "x"}', 400),  # lone surrogate
    (b'{"username": [' + b"1," * 45_000 + b'1], "password": "x"}', 400),  # huge array
    (b'{"username": "' + b"\\u00e9" * 15_000 + b'", "password": "x"}', 400),  # long string
]


async def test_hostile_bodies_flood_keeps_memory_bounded(
    server: LiveServer, http: httpx.AsyncClient
) -> None:
    async def send(i: int) -> int:
        body, _ = HOSTILE_BODIES[i % len(HOSTILE_BODIES)]
        response = await http.post(
            "/api/v1/auth/register",
            content=body,
            headers={
                **client_at(f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"),
                "content-type": "application/json",
            },
        )
        expected = HOSTILE_BODIES[i % len(HOSTILE_BODIES)][1]
        assert response.status_code in (expected, 429), (i % len(HOSTILE_BODIES), response.text)
        return response.status_code

    await asyncio.gather(*(send(i) for i in range(200)))  # warm up
    before = server.rss_kib()
    codes: list[int] = []
    for start in range(0, 3000, 100):
        codes += await asyncio.gather(*(send(i) for i in range(start, start + 100)))
    after = server.rss_kib()
    assert 500 not in codes
    assert after - before < 64 * 1024, f"RSS grew {before} → {after} KiB"
    assert server.alive() and server.healthy()
