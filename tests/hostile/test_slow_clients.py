"""Slow clients against a real server: idle sockets, headers or bodies sent byte by byte.

uvicorn has no header-read timeout of its own; ``server.core.serving.HeaderGuard`` adds one
(and a header size limit) and ``server.core.limits.body_deadline`` answers slow bodies with
408. Both parsers are tested, since which one runs depends on whether httptools is
installed.
"""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.hostile.live import LiveServer, live_server

HEADER_TIMEOUT = 1.5
BODY_TIMEOUT = 1.5


@pytest.fixture(scope="module", params=["h11", "httptools"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    if request.param == "httptools":
        pytest.importorskip("httptools")
    with live_server(
        tmp_path_factory.mktemp(f"slow-{request.param}"),
        http_parser=request.param,
        header_timeout_seconds=str(HEADER_TIMEOUT),
        body_timeout_seconds=str(BODY_TIMEOUT),
        keep_alive_seconds="1",
    ) as live:
        yield live


def closed(sock: socket.socket) -> bool:
    """True once the server closed the connection (without waiting)."""
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(65536) == b""
    except (ConnectionResetError, OSError):
        return True


def wait_closed(sock: socket.socket, seconds: float) -> bytes | None:
    """Everything the server sent before closing, or None if it did not close in time."""
    sock.settimeout(seconds)
    received = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk
    except (ConnectionResetError, BrokenPipeError):
        return received
    except TimeoutError:
        return None
    return None


def served(server: LiveServer) -> bool:
    started = time.monotonic()
    ok = httpx.get(f"{server.base}/api/v1/health", timeout=3).status_code == 200
    return ok and time.monotonic() - started < 1.5


def test_idle_connections_are_cut_off_and_others_still_served(server: LiveServer) -> None:
    sockets = [server.connect() for _ in range(300)]
    try:
        assert all(served(server) for _ in range(5))
        started = time.monotonic()
        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(lambda s: wait_closed(s, HEADER_TIMEOUT + 3), sockets))
        assert all(result == b"" for result in results), "idle connections left open"
        assert time.monotonic() - started < HEADER_TIMEOUT + 3
        assert served(server)
    finally:
        for sock in sockets:
            sock.close()


def test_headers_sent_byte_by_byte_are_cut_off(server: LiveServer) -> None:
    request = b"GET /api/v1/health HTTP/1.1\r\nHost: roer\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"
    sock = server.connect()
    started = time.monotonic()
    sent = 0
    try:
        while sent < len(request) and not closed(sock):
            try:
                sock.send(request[sent : sent + 1])
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
            if sent == 5:
                assert served(server), "a slow client stopped others being served"
            time.sleep(0.05)
        took = time.monotonic() - started
        assert sent < len(request), "the whole slow request got through"
        assert HEADER_TIMEOUT - 0.5 < took < HEADER_TIMEOUT + 1.5
    finally:
        sock.close()
    assert served(server)


def test_slow_headers_after_a_first_request_on_a_keep_alive_connection(
    server: LiveServer,
) -> None:
    sock = server.connect()
    try:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: roer\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\n")  # the first bytes, then a trickle
        while not closed(sock) and time.monotonic() - started < HEADER_TIMEOUT + 3:
            try:
                sock.send(b"X")
            except (BrokenPipeError, ConnectionResetError):
                break
            time.sleep(0.1)
        assert time.monotonic() - started < HEADER_TIMEOUT + 2
    finally:
        sock.close()


def test_huge_headers_are_refused(server: LiveServer) -> None:
    sock = server.connect()
    try:
        try:
            sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: roer\r\n")
            for _ in range(100):
                sock.sendall(b"X-Big: " + b"a" * 4000 + b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = wait_closed(sock, 5) or b""
        assert not answer.startswith(b"HTTP/1.1 200")
        if answer:
            assert answer.split(b" ", 2)[1] in (b"400", b"431")
    finally:
        sock.close()
    assert served(server)


def test_slow_body_gets_408_problem(server: LiveServer) -> None:
    sock = server.connect()
    try:
        sock.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: roer\r\n"
            b'Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{"login": "'
        )
        started = time.monotonic()
        answer = b""
        while time.monotonic() - started < BODY_TIMEOUT + 3:
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable:
                answer = wait_closed(sock, 3) or b""
                break
            sock.send(b"a")
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"application/problem+json" in head.lower()
        assert b'"status":408' in body
        assert BODY_TIMEOUT - 0.5 < time.monotonic() - started < BODY_TIMEOUT + 2
    finally:
        sock.close()
    assert served(server)


def test_a_complete_body_sent_in_pieces_within_the_deadline_is_fine(server: LiveServer) -> None:
    body = b'{"login": "niemand", "password": "een verkeerd wachtwoord"}'
    sock = server.connect()
    try:
        sock.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: roer\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        )
        for piece in (body[:10], body[10:30], body[30:]):
            sock.sendall(piece)
            time.sleep(0.2)
        answer = wait_closed(sock, 5) or b""
        assert answer.startswith(b"HTTP/1.1 401"), answer[:200]
    finally:
        sock.close()
