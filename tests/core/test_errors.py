"""Bad input gets a clear 4xx problem+json and changes nothing; no request yields a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jwt
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from client_api.client import RoerClient, RoerError
from server.accounts.models import User
from server.app import create_app
from server.core.clock import Clock
from server.core.security import JWT_AUDIENCE, JWT_ISSUER
from server.settings import Settings
from tests.people import PASSWORD, People

REGISTER = "/api/v1/auth/register"
VALID = {"username": "okido", "password": PASSWORD, "birth_date": "2010-05-01"}


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"] and isinstance(body["detail"], str)
    text = response.text.lower()
    for leak in ("traceback", "sqlalchemy", "select ", "insert ", 'file "'):
        assert leak not in text
    return body


async def user_count(people: People) -> int:
    async with people.db() as session:
        return int(await session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        (b"{not json", "application/json", 400, None),
        (b'{"username": "x", "password": ', "application/json", 400, None),  # truncated
        (b"", "application/json", 400, None),
        (b"[]", "application/json", 400, None),
        (b'"just a string"', "application/json", 400, None),
        (
            b'{"username": 5, "password": "een lange zin", "birth_date": "2010-01-01"}',
            "application/json",
            400,
            "username",
        ),
        (
            b'{"username": "abc", "password": "een lange zin", "birth_date": "gisteren"}',
            "application/json",
            400,
            "birth_date",
        ),
        (
            b'{"username": "abc", "password": "een lange zin", "birth_date": "2010-01-01", '
            b'"is_admin": true}',
            "application/json",
            400,
            "is_admin",
        ),
        (b"\xff\xfe\xfa invalid utf-8", "application/json", 400, None),
        (b'{"username": "abc", "password": "een lange zin"}', "text/plain", 415, None),
        (b"username=abc&password=x", "application/x-www-form-urlencoded", 415, None),
        (b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json", 400, None),
    ],
)
async def test_malformed_bodies_are_refused_and_store_nothing(
    http: AsyncTestClient[Litestar],
    people: People,
    body: bytes,
    content_type: str,
    status: int,
    field: str | None,
) -> None:
    before = await user_count(people)
    response = await http.post(REGISTER, content=body, headers={"content-type": content_type})
    problem = assert_problem(response, status)
    if field:
        assert field in {e["field"] for e in problem["errors"]}
    assert await user_count(people) == before


async def test_huge_body_is_413(http: AsyncTestClient[Litestar], people: People) -> None:
    before = await user_count(people)
    big = b'{"username": "' + b"a" * (10 * 1024 * 1024) + b'"}'
    response = await http.post(REGISTER, content=big, headers={"content-type": "application/json"})
    assert_problem(response, 413)
    assert await user_count(people) == before


async def test_long_strings_are_validation_errors(http: AsyncTestClient[Litestar]) -> None:
    body = {**VALID, "username": "a" * 5000}
    problem = assert_problem(await http.post(REGISTER, json=body), 400)
    assert problem["errors"][0]["field"] == "username"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/api/v1/does-not-exist", 404),
        ("GET", "/nothing-here", 404),
        ("DELETE", "/api/v1/health", 405),
        ("PUT", "/api/v1/auth/login", 405),
        ("GET", "/api/v1/me", 401),
        ("GET", "/api/v1/cases", 401),
        ("GET", "/api/v1/me/access-log?limit=abc", 401),
    ],
)
async def test_routing_errors_are_problems(
    http: AsyncTestClient[Litestar], method: str, path: str, status: int
) -> None:
    assert_problem(await http.request(method, path), status)


async def test_bad_query_parameters_are_400(people: People) -> None:
    youth = await people.youth(16)
    headers = {"Authorization": f"Bearer {youth.client.access_token}"}
    for query in (
        "limit=abc",
        "limit=0",
        "limit=100000",
        "cursor=%%%garbage",
        "cursor=WyJhIl0",
        "cursor=W10",
    ):
        response = await people.http.get(f"/api/v1/me/access-log?{query}", headers=headers)
        assert response.status_code == 400, query
        assert_problem(response, 400)


def forge(secret: str, **claims: Any) -> str:
    now = dt.datetime.now(dt.UTC)
    payload = {
        "sub": "x",
        "iat": now,
        "exp": now + dt.timedelta(minutes=5),
        "aud": JWT_AUDIENCE,
        "iss": JWT_ISSUER,
        "sid": "x",
    }
    payload.update(claims)
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret, "HS256")


async def test_forged_expired_and_alg_none_tokens_are_401(people: People) -> None:
    youth = await people.youth(16)
    real = youth.client.tokens
    assert real is not None
    claims = jwt.decode(real.access_token, options={"verify_signature": False})
    secret = people.settings.secret_key or ""
    now = dt.datetime.now(dt.UTC)
    unsigned = jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]
    tokens = [
        "garbage",
        real.access_token[:-4] + "AAAA",
        forge(
            "wrong-secret-wrong-secret-wrong-secret", sub=claims["sub"], sid=claims["extras"]["sid"]
        ),
        forge(
            secret,
            sub=claims["sub"],
            sid=claims["extras"]["sid"],
            exp=now - dt.timedelta(seconds=5),
        ),
        forge(secret, sub=claims["sub"], sid=claims["extras"]["sid"], aud="someone-else"),
        forge(secret, sub=claims["sub"], sid="unknown-session"),
        unsigned,
    ]
    for token in tokens:
        response = await people.http.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert_problem(response, 401)
    ok = await people.http.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {real.access_token}"}
    )
    assert ok.status_code == 200


async def test_health_and_metrics_only_with_the_metrics_token(
    settings: Settings, clock: Clock, http: AsyncTestClient[Litestar]
) -> None:
    health = await http.get("/api/v1/health")
    assert health.json() == {"status": "ok", "database": "ok", "version": "0.1.0"}
    # Without ROER_METRICS_TOKEN there are no metrics to be had.
    assert_problem(await http.get("/api/v1/metrics"), 404)

    token = "scraper-token-0123456789"
    app = create_app(msgspec.structs.replace(settings, metrics_token=token), clock)
    async with AsyncTestClient(app=app) as scraped:
        await scraped.get("/api/v1/does-not-exist")
        for wrong in ("", f"Bearer {token}x", f"Bearer {token[:-1]}", token):
            refused = await scraped.get("/api/v1/metrics", headers={"Authorization": wrong})
            assert_problem(refused, 401)
            assert refused.headers["www-authenticate"].startswith("Bearer")
        metrics = await RoerClient(scraped).metrics(token)
        assert 'litestar_requests_total{app_name="roer"' in metrics
        assert "litestar_request_duration_seconds" in metrics
        with pytest.raises(RoerError) as refused_by_client:
            await RoerClient(scraped).metrics("not-the-token")
        assert refused_by_client.value.status == 401


async def test_openapi_documents_every_route(
    app: Litestar, http: AsyncTestClient[Litestar]
) -> None:
    schema = (await http.get("/schema/openapi.json")).json()
    documented = {
        (path, method.upper()) for path, item in schema["paths"].items() for method in item
    }
    for route in app.routes:
        for method in getattr(route, "http_methods", []):
            if method in ("HEAD", "OPTIONS") or not route.path.startswith("/api/v1"):
                continue
            path = route.path
            for param in route.path_parameters:
                path = path.replace(f"{{{param.name}:{param.type.__name__}}}", f"{{{param.name}}}")
            assert (path, method) in documented, (path, method)
    assert "BearerToken" in schema["components"]["securitySchemes"]
