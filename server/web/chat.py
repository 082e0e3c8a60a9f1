"""The casemanager's chat in the console: conversations, history, an answer box, office hours.

Reads go through ``access.chat_conversation`` and ``chat.service.log_read`` exactly as
``GET /conversations/{id}/messages`` does. Live updates come from the websocket
``/api/v1/ws`` (``static/chat.js``); the answer form also works without JavaScript.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import chat as chat_api
from server.chat import service as chat
from server.chat.officehours import is_open, next_opening, opening_phrase
from server.chat.texts import WEEKDAYS
from server.chat.ws import presence_of, writer_of
from server.core import access
from server.core.auth import Actor
from server.core.clock import Clock
from server.core.errors import invalid
from server.settings import Settings
from server.web.pages import back, decode, page
from server.web.session import checked_form

AnyRequest = Request[Any, Any, Any]
HISTORY = 200  # messages shown on the page; older ones are a scroll of the API away
SLOTS_PER_DAY = 2  # empty openings offered per day (a day may hold up to four)
MAX_SLOTS_PER_DAY = 4
KIND_NAMES = {"youth": "Jongere", "parent": "Ouder", "family": "Gezin"}


def office_summary(slots: list[chat_api.OfficeSlot], clock: Clock) -> str:
    """ "Nu open" or when the casemanager is next at work (for the chat pages)."""
    now = clock.now()
    if not slots:
        return "Je hebt nog geen kantooruren ingesteld: jongeren krijgen geen automatisch antwoord."
    if is_open(slots, now, clock.tz):
        return "Je bent nu binnen je kantooruren."
    opening = next_opening(slots, now, clock.tz)
    when = opening_phrase(opening, now, clock.tz) if opening else "niet binnen een week"
    return f"Je bent nu buiten je kantooruren; je volgende werktijd begint {when}."


class ChatController(Controller):
    """Conversations with unread counts, one conversation with its history and answer box."""

    path = "/chat"

    @get("/")
    async def conversations(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        """Like ``GET /conversations``: the last messages shown are logged as a "list"; a
        conversation's own page logs its read."""
        access.require_role(actor, "casemanager")
        access.require_staff_mfa(actor)
        items = await chat.list_conversations(db_session, actor, clock.now())
        slots = await chat.office_slots(db_session, actor.id)
        return page(
            request,
            actor,
            "chat.html",
            conversations=items.items,
            kinds=KIND_NAMES,
            office=office_summary(slots, clock),
        )

    @get("/{conversation_id:str}")
    async def conversation(
        self,
        request: AnyRequest,
        conversation_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        conv, case = await access.chat_conversation(db_session, actor, conversation_id)
        await chat.log_read(db_session, actor, conv, case, clock.now())
        view = await chat.conversation_view(db_session, actor, conv, case)
        history = await chat.messages(db_session, conv, max(0, conv.last_seq - HISTORY), HISTORY)
        slots = await chat.office_slots(db_session, actor.id)
        return page(
            request,
            actor,
            "gesprek.html",
            conversation=view,
            case=case,
            messages=history.items,
            kinds=KIND_NAMES,
            client_id=str(uuid.uuid4()),
            office=office_summary(slots, clock),
        )

    @post("/{conversation_id:str}/antwoord")
    async def answer(
        self,
        request: AnyRequest,
        conversation_id: FromPath[str],
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Redirect:
        """The answer box without JavaScript (with it, answers go over the websocket)."""
        form = await checked_form(request, actor)
        conv, _ = await access.chat_conversation(db_session, actor, conversation_id)
        data = decode(
            {
                "client_id": str(form.get("client_id", "")),
                "body": str(form.get("body", "")).strip(),
            },
            chat_api.MessageCreate,
        )
        env = chat.Env(
            now=clock.now(),
            today=clock.today(),
            tz=clock.tz,
            settings=settings,
            is_online=presence_of(request.app).is_online,
        )
        # Like ``POST /conversations/{id}/messages``: the chat writer stores (group commit),
        # checks access on the rows it locks and publishes after its own commit. This
        # request's (read-only) transaction ends first, so that it does not hold SQLite's
        # single connection while the writer needs it.
        await db_session.commit()
        await writer_of(request.app).send(actor, conv.id, data, env)
        return back(f"/console/chat/{conv.id}", "verzonden")


def _slots_from(form: Any) -> chat_api.OfficeHours:
    """Up to four openings per weekday; a half-filled one is an error for that field."""
    slots = []
    for day in range(7):
        for n in range(MAX_SLOTS_PER_DAY):
            start = str(form.get(f"start-{day}-{n}", "")).strip()
            end = str(form.get(f"end-{day}-{n}", "")).strip()
            if not start and not end:
                continue
            if not start or not end:
                field = f"start-{day}-{n}" if not start else f"end-{day}-{n}"
                raise invalid(field, f"{WEEKDAYS[day].capitalize()}: vul begin én einde in.")
            slots.append({"weekday": day, "start": start, "end": end})
    result: chat_api.OfficeHours = decode({"slots": slots}, chat_api.OfficeHours)
    return result


class OfficeHoursController(Controller):
    """``/me/office-hours`` in the console: outside them youths get one automatic answer."""

    path = "/kantooruren"

    @get("/")
    async def show(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
        clock: NamedDependency[Clock],
    ) -> Template:
        access.require_role(actor, "casemanager")
        slots = await chat.office_slots(db_session, actor.id)
        days: list[list[chat_api.OfficeSlot | None]] = [[] for _ in range(7)]
        for slot in slots:
            days[slot.weekday].append(slot)
        for day in days:
            day.extend([None] * max(0, SLOTS_PER_DAY - len(day)))
        return page(
            request,
            actor,
            "kantooruren.html",
            days=days,
            weekdays=WEEKDAYS,
            office=office_summary(slots, clock),
        )

    @post("/")
    async def save(
        self,
        request: AnyRequest,
        actor: NamedDependency[Actor],
        db_session: NamedDependency[AsyncSession],
    ) -> Redirect:
        access.require_role(actor, "casemanager")
        form = await checked_form(request, actor)
        await chat.set_office_hours(db_session, actor, _slots_from(form))
        return back("/console/kantooruren", "kantooruren")
