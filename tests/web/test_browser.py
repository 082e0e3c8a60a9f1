"""The consoles in Chromium, as a casemanager, an admin and a moderator would use them."""

from __future__ import annotations

import time
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pyotp
import pytest
from sqlalchemy import select

from server.accounts.models import Case, User
from server.alerts.service import raise_alert
from server.core.clock import Clock
from server.core.db import make_engine, make_sessionmaker
from server.settings import Settings
from tests.web.conftest import DemoServer, run, screenshot

LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}
_used_steps: dict[str, int] = {}


def code(server: DemoServer, name: str) -> str:
    """A fresh code: each 30-second step can be used once, so take the next when needed."""
    step = int(time.time()) // 30
    step = max(step, _used_steps.get(name, step - 1) + 1)
    _used_steps[name] = step
    return pyotp.TOTP(server.secrets[name]).at(step * 30)


async def _alert(server: DemoServer, youth: str, rule: str, urgent: bool, to: str = "") -> None:
    """Raise an alert as the check-ins and chat do; optionally move the case to ``to``."""
    settings = Settings(database_url=server.database_url, secret_key="x" * 40)
    engine = make_engine(settings)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await session.scalar(select(User).where(User.username == youth))
            assert user is not None
            case = await session.scalar(select(Case).where(Case.youth_id == user.id))
            assert case is not None
            if to:
                manager = await session.scalar(select(User).where(User.username == to))
                assert manager is not None
                case.casemanager_id = manager.id
            clock = Clock(tz=ZoneInfo("Europe/Amsterdam"))
            await raise_alert(
                session,
                case=case,
                rule=rule,
                urgent=urgent,
                now=clock.now(),
                settings=settings,
                tz=clock.tz,
                detail="Check-in: antwoord 'niet veilig'",
            )
            await session.commit()
    finally:
        await engine.dispose()


def sign_in(page: Any, server: DemoServer, name: str) -> None:
    page.goto(f"{server.url}/console/login")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(name)
    page.get_by_label("Wachtwoord").fill(server.password(name))
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Code").fill(code(server, name))
    page.get_by_role("button", name="Inloggen").click()


def focused(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
            return {tag: el.tagName, text: (el.innerText || el.value || '').trim().slice(0, 60),
                    id: el.id || '', outline: style.outlineStyle + ' ' + style.outlineWidth}; }"""
        )
    )


def tab_until(page: Any, predicate: Any, limit: int = 25) -> dict[str, str]:
    """Press Tab until the focused element is the wanted one; every stop shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] != "BODY":
            assert now["outline"].startswith("solid"), now  # visible focus everywhere
        if predicate(now):
            return now
    raise AssertionError("not reachable with Tab")


def test_casemanager_resolves_an_urgent_alert_and_the_youth_sees_the_reads(
    demo_server: DemoServer, browser: Any
) -> None:
    run(_alert(demo_server, "lotte", "low_mood", urgent=False))
    run(_alert(demo_server, "lotte", "unsafe_home", urgent=True))
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, demo_server, "sanne")
    page.wait_for_url("**/console/aandacht")
    items = page.locator("ol.alerts > li")
    assert items.first.get_by_text("Dringend").is_visible()
    assert "Voelt zich niet veilig thuis" in items.first.inner_text()
    screenshot(page, "casemanager-aandachtslijst-1280")

    first = items.first
    first.get_by_label("Notitie bij afhandelen").fill("Gebeld; ze slaapt vannacht bij haar tante.")
    first.get_by_role("button", name="Afhandelen").click()
    page.get_by_text("Afgehandeld op").wait_for()
    assert page.get_by_text("ze slaapt vannacht bij haar tante").is_visible()
    screenshot(page, "casemanager-afgehandeld-1280")

    page.get_by_role("link", name="Caseload").click()
    page.get_by_role("link", name="L. (14)").click()
    page.get_by_role("heading", name="Check-ins").wait_for()
    screenshot(page, "casemanager-jongere-1280")
    page.set_viewport_size(TABLET)
    screenshot(page, "casemanager-jongere-768")
    page.close()

    with httpx.Client(base_url=demo_server.url) as http:
        login = http.post(
            "/api/v1/auth/login",
            json={"login": "lotte", "password": demo_server.password("lotte")},
        )
        token = login.json()["access_token"]
        log = http.get("/api/v1/me/access-log", headers={"Authorization": f"Bearer {token}"})
    purposes = {entry["purpose"] for entry in log.json()["items"]}
    assert {"Aandachtslijst bekijken", "Signaal afgehandeld", "Casus bekijken in de console"} <= (
        purposes
    )


def test_keyboard_only_login_and_queue_on_a_tablet(demo_server: DemoServer, browser: Any) -> None:
    run(_alert(demo_server, "daan", "wants_contact", urgent=False, to="mo"))
    run(_alert(demo_server, "daan", "crisis", urgent=True))
    page = browser.new_page(viewport=TABLET)
    page.goto(f"{demo_server.url}/console/login")
    page.keyboard.press("Shift+Tab")  # off the autofocused field, back to the start
    skip = tab_until(page, lambda f: f["text"] == "Naar de inhoud")
    assert skip["tag"] == "A"
    tab_until(page, lambda f: f["id"] == "login")
    page.keyboard.type("mo")
    tab_until(page, lambda f: f["id"] == "password")
    page.keyboard.type(demo_server.password("mo"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/login/code")
    assert focused(page)["id"] == "totp_code"  # the code field has focus straight away
    page.keyboard.type(code(demo_server, "mo"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/aandacht")
    screenshot(page, "casemanager-aandachtslijst-768")

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud"
    ack = tab_until(page, lambda f: f["text"].startswith("Bevestigen"))
    assert ack["tag"] == "BUTTON"
    page.keyboard.press("Enter")
    page.locator("ol.alerts > li").first.get_by_text("Bevestigd", exact=True).wait_for()
    # Focus stays on the item that was just changed, not lost at the top of the page.
    assert focused(page)["id"].startswith("signaal-")
    tab_until(page, lambda f: f["id"].startswith("notitie-"))
    page.keyboard.type("Met hem gebeld, crisisdienst ingeschakeld.")
    tab_until(page, lambda f: f["text"] == "Afhandelen")
    page.keyboard.press("Enter")
    page.get_by_text("Afgehandeld op").wait_for()
    assert focused(page)["id"].startswith("signaal-")
    screenshot(page, "casemanager-toetsenbord-768")
    page.close()


@pytest.mark.parametrize(
    ("name", "heading", "shot"),
    [("beheer", "Beheer", "beheer"), ("nadia", "Moderatie", "moderatie")],
)
def test_admin_and_moderator_pages(
    demo_server: DemoServer, browser: Any, name: str, heading: str, shot: str
) -> None:
    # One sign-in per person: each code works once, and the demo has one account per role.
    page = browser.new_page(viewport=LAPTOP)
    sign_in(page, demo_server, name)
    page.get_by_role("heading", name=heading, exact=True).wait_for()
    screenshot(page, f"{shot}-1280")
    page.set_viewport_size(TABLET)
    screenshot(page, f"{shot}-768")
    page.close()


def test_login_page_at_both_sizes(demo_server: DemoServer, browser: Any) -> None:
    for viewport, suffix in ((LAPTOP, "1280"), (TABLET, "768")):
        page = browser.new_page(viewport=viewport)
        page.goto(f"{demo_server.url}/console/login")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"]  # nothing sticks out sideways
        screenshot(page, f"inloggen-{suffix}")
        page.close()
