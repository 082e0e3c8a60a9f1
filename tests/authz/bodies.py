"""Request bodies for the matrix: valid ones, so that an authorised role gets a 2xx.

A body is a JSON-able value, or a function of (world, role) that returns one (for bodies
that must differ per cell: a new username, a fresh refresh token, a role's own handle).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pyotp

from tests.authz.world import ROLES, YOUTH_Q, World
from tests.people import PASSWORD

BodyFn = Callable[[World, str], Awaitable[Any]]
Body = BodyFn | dict[str, Any] | None


def cid() -> str:
    return str(uuid.uuid4())


async def register(world: World, role: str) -> Any:
    born = world.people.clock.today().replace(year=2008)
    return {"username": world.people.name("nieuw"), "password": PASSWORD, "birth_date": str(born)}


async def login(world: World, role: str) -> Any:
    return {"login": world.ids["login"], "password": PASSWORD}


async def refresh(world: World, role: str) -> Any:
    """A refresh token of its own per cell: they rotate and are single use."""
    client = world.people.client()
    tokens = await client.login(world.ids["login"], PASSWORD)
    return {"refresh_token": tokens.refresh_token}


async def confirm_2fa(world: World, role: str) -> Any:
    """The code for the secret this role got from POST /me/2fa/enroll (when it got one)."""
    secret = world.scratch.get(f"2fa:{role}", {}).get("secret") or pyotp.random_base32()
    return {"totp_code": pyotp.TOTP(secret).now()}


async def handover(world: World, role: str) -> Any:
    return {"casemanager_id": world.persons["other_cm"].id, "reason": "Nieuwe wijkindeling"}


async def device(world: World, role: str) -> Any:
    return {"platform": "ios", "push_token": f"push-token-{role}-{cid()}"}


async def assessment(world: World, role: str) -> Any:
    """Always about the world's youth: the youth themself, or a casemanager's own view."""
    domains = [{"domain": "inkomen", "status": "deels"}]
    return {"client_id": cid(), "domains": domains, "youth_id": world.youth_id}


async def plan(world: World, role: str) -> Any:
    actions = [{"text": "Afspraak bij de schuldhulp maken", "who": "youth"}]
    return {"domain": "inkomen", "goal": "Overzicht van mijn geld", "actions": actions}


async def handle(world: World, role: str) -> Any:
    return {"handle": f"Roeier{ROLES.index(role) + 10}"}


async def thread(world: World, role: str) -> Any:
    return {"client_id": cid(), "title": "Vraag over school", "body": "Wie heeft tips?"}


async def post(world: World, role: str) -> Any:
    return {"client_id": cid(), "body": "Herkenbaar, sterkte!"}


async def checkin(world: World, role: str) -> Any:
    if role in ("parent", "other_parent"):
        answers: dict[str, Any] = {"home": 3, "own_wellbeing": 3, "wants_contact": False}
        return {"client_id": cid(), "questionnaire_id": "ouder-kort.v1", "answers": answers}
    answers = {"mood": 4, "sleep": 3, "safe_home": "ja", "wants_contact": False}
    return {"client_id": cid(), "questionnaire_id": YOUTH_Q, "answers": answers}


async def pause(world: World, role: str) -> Any:
    until = world.people.clock.now() + dt.timedelta(days=3)
    return {"until": until.isoformat()}


async def correction(world: World, role: str) -> Any:
    return {"target_id": world.ids["note_c"], "what_is_wrong": "De datum klopt niet."}


async def destruction(world: World, role: str) -> Any:
    return {"case_id": world.ids["case"], "explanation": "Ik wil opnieuw beginnen."}


async def message(world: World, role: str) -> Any:
    return {"client_id": cid(), "body": "Tot morgen!"}


SCHEDULE = {"youth": {"days": [1, 3, 5], "times": ["09:00"]}}
SHARING = {
    "choices": [
        {"category": "checkins", "audience": "parent", "level": "summary"},
        {"category": "big5", "audience": "parent", "level": "summary"},
        {"category": "big5", "audience": "support_person", "level": "full"},
        {"category": "plans", "audience": "support_person", "level": "full"},
    ]
}
OFFICE_HOURS = {"slots": [{"weekday": 0, "start": "09:00", "end": "17:00"}]}
