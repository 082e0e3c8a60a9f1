"""Live parts of the consoles in Chromium: the chat over the websocket, moderation decisions."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import httpx
from sqlalchemy import select
from websockets.sync.client import ClientConnection, connect

from server.accounts.models import User
from server.checkins.models import Checkin
from server.core.db import make_engine, make_sessionmaker
from server.settings import Settings
from tests.forum.helpers import board_id, cid
from tests.web.conftest import DemoServer, run, screenshot
from tests.web.test_browser import LAPTOP, TABLET, sign_in

SIGNED_IN: dict[str, Any] = {}


def page_as(browser: Any, server: DemoServer, name: str) -> Any:
    """A page signed in as ``name``; later pages reuse the cookies (a code works once)."""
    if name not in SIGNED_IN:
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        sign_in(page, server, name)
        page.wait_for_url("**/console/*")
        SIGNED_IN[name] = context.storage_state()
        return page
    return browser.new_context(viewport=LAPTOP, storage_state=SIGNED_IN[name]).new_page()


def api_token(server: DemoServer, name: str) -> str:
    with httpx.Client(base_url=server.url) as http:
        login = http.post(
            "/api/v1/auth/login", json={"login": name, "password": server.password(name)}
        )
        assert login.status_code == 200, login.text
        return str(login.json()["access_token"])


def next_frame(ws: ClientConnection, kind: str, **match: Any) -> dict[str, Any]:
    """The next frame of ``kind`` whose fields match (others are skipped), within 10 s."""
    while True:
        frame: dict[str, Any] = json.loads(ws.recv(timeout=10))
        if frame["type"] == kind and all(frame.get(k) == v for k, v in match.items()):
            return frame


def test_casemanager_and_youth_chat_live(demo_server: DemoServer, browser: Any) -> None:
    ws_url = demo_server.url.replace("http://", "ws://") + "/api/v1/ws"
    with connect(ws_url) as youth:  # a phone: a plain websocket client, no Origin
        youth.send(json.dumps({"type": "auth", "token": api_token(demo_server, "lotte")}))
        ready = next_frame(youth, "ready")
        [conversation] = ready["conversations"]
        conv = conversation["id"]

        page = page_as(browser, demo_server, "sanne")
        page.get_by_role("link", name="Chat", exact=True).click()
        page.get_by_role("heading", name="Chat", exact=True).wait_for()
        page.locator(f'a[href="/console/chat/{conv}"]').click()
        page.get_by_text("Live verbonden").wait_for()

        # The youth writes on the phone: the console shows it without a reload.
        youth.send(
            json.dumps(
                {
                    "type": "send",
                    "conversation_id": conv,
                    "client_id": str(uuid.uuid4()),
                    "body": "Hoi Sanne, kunnen we donderdag bellen?",
                }
            )
        )
        next_frame(youth, "ack", conversation_id=conv)
        messages = page.locator("#berichten")
        messages.get_by_text("kunnen we donderdag bellen?").wait_for()

        # The casemanager answers in the console: the youth's socket receives it live.
        page.get_by_label("Antwoord").fill("Ja hoor, donderdag om 16:00 bel ik je.")
        page.get_by_role("button", name="Versturen").click()
        answer = "Ja hoor, donderdag om 16:00 bel ik je."
        live = next_frame(youth, "message", conversation_id=conv, body=answer)
        assert live["sender"]["role"] == "casemanager"
        mine = messages.locator(".message.mine").last
        mine.locator(".state", has_text="verzonden").wait_for()  # the ack came back
        # Reading it in the console sent a read receipt to the youth.
        receipt = next_frame(youth, "read", conversation_id=conv)
        assert receipt["seq"] >= live["seq"] - 1

        # Keyboard: Ctrl+Enter in the answer box sends too.
        page.get_by_label("Antwoord").focus()
        page.keyboard.type("Tot dan!")
        page.keyboard.press("Control+Enter")
        assert next_frame(youth, "message", conversation_id=conv, body="Tot dan!")
        messages.locator(".message.mine", has_text="Tot dan!").locator(
            ".state", has_text="verzonden"
        ).wait_for()
        screenshot(page, "chat-gesprek-1280")
        page.set_viewport_size(TABLET)
        screenshot(page, "chat-gesprek-768")

        page.goto(f"{demo_server.url}/console/chat")
        screenshot(page, "chat-lijst-768")
        page.set_viewport_size(LAPTOP)
        screenshot(page, "chat-lijst-1280")
        page.goto(f"{demo_server.url}/console/kantooruren")
        screenshot(page, "kantooruren-1280")
        page.close()


def item(page: Any, text: str) -> Any:
    """The queue item whose own post holds ``text`` (not one showing it as context)."""
    return page.locator("ol.alerts > li").filter(has=page.locator("blockquote.post", has_text=text))


def test_moderator_approves_one_held_post_and_removes_another(
    demo_server: DemoServer, browser: Any
) -> None:
    headers = {"Authorization": f"Bearer {api_token(demo_server, 'daan')}"}
    with httpx.Client(base_url=f"{demo_server.url}/api/v1", headers=headers) as daan:
        opened = daan.post(
            f"/forum/boards/{board_id('16-27')}/threads",
            json={"client_id": cid(), "title": "Bijbaantje gezocht", "body": "Wie weet iets?"},
        )
        assert opened.status_code == 201, opened.text
        thread = opened.json()["thread"]["id"]
        posts = {}
        for body in ("Bel me op 0612345678 voor de bijbaan", "Of mail naar daan@example.nl"):
            reply = daan.post(
                f"/forum/threads/{thread}/posts", json={"client_id": cid(), "body": body}
            )
            assert reply.json()["status"] == "held", reply.text
            posts[body] = reply.json()["id"]

        page = page_as(browser, demo_server, "nadia")
        page.goto(f"{demo_server.url}/console/moderatie")
        page.get_by_role("heading", name="Moderatie", exact=True).wait_for()
        first = item(page, "0612345678")
        first.get_by_text("Context in").click()  # the thread around it
        assert first.locator("ol.context").first.get_by_text("Wie weet iets?").is_visible()
        screenshot(page, "moderatie-context-1280")
        first.get_by_role("button", name="Goedkeuren").click()
        page.get_by_text("Besluit opgeslagen").wait_for()
        second = item(page, "daan@example.nl")
        second.get_by_label("Reden voor de schrijver").fill("Deel geen e-mailadres op het forum.")
        second.get_by_role("button", name="Verwijderen").click()
        page.get_by_text("Besluit opgeslagen").wait_for()
        assert item(page, "daan@example.nl").count() == 0

        # The author sees the reason in the app (the API), on the post and as a notice.
        detail = daan.get(f"/forum/threads/{thread}").json()["posts"]["items"]
        by_id = {p["id"]: p for p in detail}
        assert by_id[posts["Bel me op 0612345678 voor de bijbaan"]]["status"] == "visible"
        removed = by_id[posts["Of mail naar daan@example.nl"]]
        assert removed["status"] == "removed"
        assert removed["removal_reason"] == "Deel geen e-mailadres op het forum."
        notices = daan.get("/forum/notifications").json()["items"]
        assert any("Deel geen e-mailadres" in n["text"] for n in notices)

        # An appeal: the moderator who removed the post sees it but may not decide it.
        appeal = daan.post(
            f"/forum/posts/{removed['id']}/appeal", json={"text": "Het was mijn werkmail."}
        )
        assert appeal.status_code in (200, 201), appeal.text
        page.get_by_role("link", name="Bezwaren").click()
        page.get_by_text("Het was mijn werkmail.").wait_for()
        assert page.get_by_text("Een collega-moderator beslist").is_visible()
        screenshot(page, "bezwaren-1280")
        page.set_viewport_size(TABLET)
        screenshot(page, "bezwaren-768")
        page.close()


async def checkins(server: DemoServer, youth: str, moods: list[int | None]) -> None:
    """A check-in a day up to today (None: a day without), stored directly (test set-up:
    the demo server runs without test mode, so its clock cannot be moved)."""
    settings = Settings(database_url=server.database_url, secret_key="x" * 40)
    engine = make_engine(settings)
    now = dt.datetime.now(dt.UTC)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await session.scalar(select(User).where(User.username == youth))
            assert user is not None
            for back, mood in enumerate(reversed(moods)):
                if mood is None:
                    continue
                at = now - dt.timedelta(days=back, minutes=5)
                answers = {"mood": mood, "sleep": 3, "safe_home": "ja", "wants_contact": False}
                session.add(
                    Checkin(
                        user_id=user.id, client_id=cid(), body_hash="x" * 64, role="youth",
                        questionnaire_id="jongere-dagelijks.v1", answers=answers, mood=mood,
                        answered_at=at, received_at=at,
                    )
                )  # fmt: skip
            await session.commit()
    finally:
        await engine.dispose()


def shoot_both(page: Any, name: str) -> None:
    """Screenshots at the laptop and the tablet size; nothing may stick out sideways."""
    for viewport, suffix in ((LAPTOP, "1280"), (TABLET, "768")):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (name, suffix, width)
        screenshot(page, f"{name}-{suffix}")


def test_main_pages_at_both_sizes(demo_server: DemoServer, browser: Any) -> None:
    page = page_as(browser, demo_server, "sanne")
    page.goto(f"{demo_server.url}/console/aandacht")
    page.get_by_role("link", name="Caseload").click()
    page.get_by_role("heading", name="Caseload").wait_for()
    shoot_both(page, "caseload")
    page.get_by_role("link", name="A. (22)").click()
    if not page.get_by_label("Titel").is_visible():  # open by itself while there are no notes
        page.get_by_text("Verslag schrijven").click()
    page.get_by_label("Titel").fill("Kennismaking")
    page.get_by_label("Verslag", exact=True).fill("Eerste gesprek over wonen en werk.")
    page.get_by_role("button", name="Opslaan in het dossier").click()
    page.get_by_text("Je notitie staat in het dossier.").wait_for()
    headers = {"Authorization": f"Bearer {api_token(demo_server, 'amira')}"}
    with httpx.Client(base_url=f"{demo_server.url}/api/v1", headers=headers) as amira:
        [note] = amira.get("/me/notes").json()["items"]
        asked = amira.post(
            "/me/corrections",
            json={"target_id": note["id"], "what_is_wrong": "Het ging ook over school."},
        )
        assert asked.status_code == 201, asked.text
    run(checkins(demo_server, "amira", [4, 4, 3, 5, None, 2, 3, 3, 4, 2, 2, 1, 3, 4]))
    page.reload()
    page.get_by_text("Het ging ook over school.").wait_for()
    assert page.locator("svg.chart").first.locator("circle").count() == 13  # mood first
    shoot_both(page, "casemanager-jongere-notities")
    page.goto(f"{demo_server.url}/console/kantooruren")
    shoot_both(page, "kantooruren")
    page.close()

    page = page_as(browser, demo_server, "beheer")
    page.goto(f"{demo_server.url}/console/beheer")
    page.get_by_role("link", name="Statistiek").click()
    page.get_by_role("heading", name="Statistiek").wait_for()
    shoot_both(page, "statistiek")
    page.close()
