"""Rendering for the consoles: templates, navigation, errors as pages, security headers."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.template.config import TemplateConfig

from server.core.auth import Actor
from server.core.errors import ProblemException, invalid
from server.web import texts
from server.web.domains import highlight, share
from server.web.session import LoginRequired, csrf_token

log = logging.getLogger("roer.web")
HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
HTMX = "vendor/htmx-2.0.11.min.js"

# Pages carry youth data: never cached, never framed, scripts only from this server.
SECURITY_HEADERS = [
    ResponseHeader(name="Cache-Control", value="no-store"),
    ResponseHeader(name="X-Frame-Options", value="DENY"),
    ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
    ResponseHeader(name="Referrer-Policy", value="same-origin"),
    ResponseHeader(
        name="Content-Security-Policy",
        value=(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'"
        ),
    ),
]

NAV = {
    "casemanager": [
        ("/console/aandacht", "Aandachtslijst"),
        ("/console/caseload", "Caseload"),
        ("/console/chat", "Chat"),
        ("/console/kantooruren", "Kantooruren"),
    ],
    "moderator": [("/console/moderatie", "Moderatie"), ("/console/bezwaren", "Bezwaren")],
    "admin": [("/console/beheer", "Beheer"), ("/console/statistiek", "Statistiek")],
    "peer_expert": [],
}
HOME = {
    "casemanager": "/console/aandacht",
    "moderator": "/console/moderatie",
    "admin": "/console/beheer",
    "peer_expert": "/console/moderatie",
}
NOTICES = {
    "uitgelogd": texts.LOGGED_OUT,
    "afgehandeld": texts.RESOLVED,
    "bevestigd": texts.ACKNOWLEDGED,
    "overgedragen": texts.HANDED_OVER,
    "besloten": "Besluit opgeslagen; de schrijver krijgt bericht.",
    "verzonden": "Je antwoord is verstuurd.",
    "kantooruren": "Je kantooruren zijn opgeslagen.",
    "notitie": "Je notitie staat in het dossier.",
    "gecorrigeerd": texts.CORRECTED,
    "afgewezen": texts.DECLINED,
}


def _local(tz: dt.tzinfo) -> Any:
    def local(value: dt.datetime | None, fmt: str = "%d-%m-%Y %H:%M") -> str:
        return "" if value is None else value.astimezone(tz).strftime(fmt)

    return local


def _waiting(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} uur {minutes % 60} min"
    return f"{minutes // (24 * 60)} dagen"


def template_config(tz: dt.tzinfo) -> TemplateConfig[JinjaTemplateEngine]:
    def setup(engine: JinjaTemplateEngine) -> None:
        engine.engine.filters["lokaal"] = _local(tz)
        engine.engine.filters["wachttijd"] = _waiting
        engine.engine.globals["rolnaam"] = texts.ROLE_NAMES
        engine.engine.globals["htmx"] = HTMX
        engine.engine.filters["procent"] = share
        engine.engine.globals["markeer"] = highlight

    return TemplateConfig(
        directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=setup
    )


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def page(
    request: Request[Any, Any, Any],
    actor: Actor | None,
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """A full page (or, for htmx, the template on its own) with what every page needs."""
    notice = NOTICES.get(request.query_params.get("melding", ""))
    base = {
        "actor": actor,
        "csrf": csrf_token(request, actor) if actor else context.pop("csrf", ""),
        "nav": NAV.get(actor.role, []) if actor else [],
        "path": request.url.path,
        "notice": notice,
    }
    return Template(template, context=base | context, status_code=status_code)


def back(path: str, notice: str | None = None) -> Redirect:
    """Post/redirect/get for forms sent without JavaScript."""
    return Redirect(path, query_params={"melding": notice} if notice else None, status_code=303)


def decode(values: dict[str, Any], type_: type[Any]) -> Any:
    """A form into a wire Struct: the same limits as the API, errors in Dutch per field."""
    try:
        return msgspec.convert(values, type_, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        field = message.rsplit("$.", 1)[-1].rstrip("`") if "$." in message else ""
        label = texts.FIELD_LABELS.get(field, field or "Formulier")
        raise invalid(field, f"{label}: dit veld is leeg, te kort of te lang.") from exc


def _login_required(request: Request[Any, Any, Any], exc: LoginRequired) -> Response[Any]:
    if is_htmx(request):
        return Response(content="", status_code=401, headers={"HX-Redirect": "/console/login"})
    return Redirect("/console/login", status_code=303)


def _problem_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if not isinstance(exc, HTTPException):
        log.exception("console error on %s", request.url.path, exc_info=exc)
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else ""
    if isinstance(exc, ValidationException) or not detail or status == 500:
        detail = "Deze pagina of dit verzoek klopt niet." if status < 500 else ""
    slug = getattr(exc, "slug", "")
    if is_htmx(request):
        return Template(
            "_melding.html",
            context={"detail": detail, "slug": slug, "status": status},
            status_code=status,
            headers={"HX-Retarget": "#meldingen", "HX-Reswap": "innerHTML"},
        )
    return Template(
        "fout.html",
        context={"detail": detail, "slug": slug, "status": status, "actor": None, "nav": []},
        status_code=status,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    LoginRequired: _login_required,
    ProblemException: _problem_page,
    HTTPException: _problem_page,
    Exception: _problem_page,
}
