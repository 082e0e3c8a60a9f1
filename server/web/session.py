"""The console's cookie session and CSRF protection.

The cookie carries the id of an ordinary sign-in session (an ``auth_sessions`` row, the
same kind the API's refresh tokens belong to), signed with the server key. Each request
loads the actor through ``server.core.auth.load_actor``, so ending that session in the API
(``DELETE /me/sessions/{id}``, logout, refresh-token reuse) ends it in the console too.

CSRF: every state-changing console request must carry a token derived from the sign-in
session (form field ``_csrf`` or header ``X-CSRF-Token``, which htmx sends), and, when the
browser says where it comes from, an ``Origin`` of this server. The JSON API is not
affected: it authenticates with bearer tokens, which a browser never sends by itself.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie, FormMultiDict
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from server.core.auth import Actor, load_actor
from server.core.errors import ProblemException
from server.settings import Settings
from server.web import texts

COOKIE = "roer_console"
PENDING_COOKIE = "roer_console_2fa"
LOGIN_CSRF_COOKIE = "roer_console_login"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
PENDING_SECONDS = 300
CONSOLE_ROLES = frozenset({"casemanager", "moderator", "admin", "peer_expert"})


class LoginRequired(Exception):
    """No live console session: the browser is sent to the login page."""


def _sign(secret: str, purpose: str, value: str) -> str:
    mac = hmac.new(secret.encode(), f"{purpose}|{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:40]


def _secret(request: Request[Any, Any, Any]) -> str:
    secret: str = request.app.state.auth_config.secret
    return secret


def cookie(settings: Settings, name: str, value: str, max_age: int | None) -> Cookie:
    return Cookie(
        key=name,
        value=value,
        path="/console",
        httponly=True,
        samesite="lax" if name == COOKIE else "strict",
        secure=settings.console_secure_cookies,
        max_age=max_age,
    )


def expired(settings: Settings, name: str) -> Cookie:
    return cookie(settings, name, "", 0)


def session_cookie(request: Request[Any, Any, Any], user_id: str, session_id: str) -> Cookie:
    settings: Settings = request.app.state.settings
    value = f"{user_id}.{session_id}"
    signed = f"{value}.{_sign(_secret(request), 'session', value)}"
    return cookie(settings, COOKIE, signed, settings.console_session_hours * 3600)


def _read_signed(request: Request[Any, Any, Any], name: str, purpose: str) -> list[str] | None:
    raw = request.cookies.get(name, "")
    value, _, mac = raw.rpartition(".")
    if not value or not hmac.compare_digest(mac, _sign(_secret(request), purpose, value)):
        return None
    return value.split(".")


def pending_cookie(request: Request[Any, Any, Any], user_id: str) -> Cookie:
    """Password checked, second factor still to come: valid for five minutes."""
    settings: Settings = request.app.state.settings
    value = f"{user_id}.{int(time.time()) + PENDING_SECONDS}.{secrets.token_urlsafe(8)}"
    signed = f"{value}.{_sign(_secret(request), 'pending', value)}"
    return cookie(settings, PENDING_COOKIE, signed, PENDING_SECONDS)


def pending_user(request: Request[Any, Any, Any]) -> str | None:
    parts = _read_signed(request, PENDING_COOKIE, "pending")
    if parts is None or len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0] if int(parts[1]) > time.time() else None


async def provide_console_actor(request: Request[Any, Any, Any]) -> Actor:
    """The signed-in staff member of this console request, or off to the login page.

    Its own short database session, like the API's token check: raising from a dependency
    that holds the request's session would leave that session unclosed.
    """
    parts = _read_signed(request, COOKIE, "session")
    if parts is None or len(parts) != 2:
        raise LoginRequired()
    factory: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with factory() as session:
        actor = await load_actor(session, parts[0], parts[1])
    if actor is None or actor.role not in CONSOLE_ROLES:
        raise LoginRequired()
    return actor


def csrf_token(request: Request[Any, Any, Any], actor: Actor) -> str:
    return _sign(_secret(request), "csrf", actor.session_id)


def login_csrf(request: Request[Any, Any, Any]) -> str:
    """A random value, in a strict cookie and the login form (double submit)."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)


def _check_origin(request: Request[Any, Any, Any]) -> None:
    origin = request.headers.get("origin")
    if origin is None:  # older browsers and same-origin GET-initiated posts may omit it
        return
    settings: Settings = request.app.state.settings
    own = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin != own and origin not in settings.allowed_origins:
        raise ProblemException(403, texts.CSRF_FAILED, slug="csrf")


async def checked_form(request: Request[Any, Any, Any], actor: Actor | None) -> FormMultiDict:
    """The posted form, after the CSRF checks; 403 when they fail (nothing changes)."""
    _check_origin(request)
    form = await request.form()
    sent = request.headers.get(CSRF_HEADER) or str(form.get(CSRF_FIELD) or "")
    if actor is not None:
        expected = csrf_token(request, actor)
    else:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise ProblemException(403, texts.CSRF_FAILED, slug="csrf")
    return form
