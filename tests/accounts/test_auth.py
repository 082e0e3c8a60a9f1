"""Sign-up, sign-in, refresh rotation, logout, sessions, throttling and two-factor."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from client_api.client import RoerClient, RoerError
from tests.people import PASSWORD, People


def years_ago(years: int, days: int = 10) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


async def test_youth_signs_up_logs_in_refreshes_and_logs_out(anon: RoerClient) -> None:
    me = await anon.register(username="vos", password=PASSWORD, birth_date=years_ago(15))
    assert me.role == "youth"
    assert me.age == 15
    assert me.username == "vos"
    tokens = await anon.login("vos", PASSWORD)
    assert tokens.token_type == "bearer"
    assert tokens.expires_in == 15 * 60
    assert (await anon.me()).id == me.id
    rotated = await anon.refresh()
    assert rotated.refresh_token != tokens.refresh_token
    await anon.logout()
    with pytest.raises(RoerError) as err:
        await anon.with_token(rotated.access_token).me()
    assert err.value.status == 401


@pytest.mark.parametrize(
    ("birth", "field"),
    [
        (years_ago(11, days=300), "birth_date"),  # 11
        (years_ago(27, days=1), "birth_date"),  # 27th birthday has passed
        (dt.date.today() + dt.timedelta(days=3), "birth_date"),
        (None, "birth_date"),
    ],
)
async def test_youth_age_limits(anon: RoerClient, birth: dt.date | None, field: str) -> None:
    with pytest.raises(RoerError) as err:
        await anon.register(username="te-jong", password=PASSWORD, birth_date=birth)
    assert err.value.status == 422
    assert err.value.problem
    assert err.value.problem.errors
    assert err.value.problem.errors[0].field == field


async def test_day_before_27th_birthday_may_sign_up(anon: RoerClient) -> None:
    today = dt.date.today()
    birth = today.replace(year=today.year - 27) + dt.timedelta(days=1)
    me = await anon.register(username="bijna27", password=PASSWORD, birth_date=birth)
    assert me.age == 26


@pytest.mark.parametrize(
    "password",
    ["kort", "password123", "wachtwoord", "qwertyuiop", "aaaaaaaaaaaa", "bram1bram1!"],
)
async def test_weak_passwords_are_refused(anon: RoerClient, password: str) -> None:
    with pytest.raises(RoerError) as err:
        await anon.register(username="bram1", password=password, birth_date=years_ago(16))
    assert err.value.status in (400, 422)


async def test_long_passphrase_without_composition_rules_is_fine(anon: RoerClient) -> None:
    phrase = "ik fiets elke ochtend langs de grachten naar school en dat vind ik fijn " * 2
    await anon.register(username="lang", password=phrase[:200], birth_date=years_ago(17))
    await anon.login("lang", phrase[:200])


async def test_duplicate_username_is_a_conflict(anon: RoerClient) -> None:
    await anon.register(username="dubbel", password=PASSWORD, birth_date=years_ago(16))
    with pytest.raises(RoerError) as err:
        await anon.register(username="Dubbel", password=PASSWORD, birth_date=years_ago(16))
    assert err.value.status == 409


async def test_reused_refresh_token_ends_the_whole_session(anon: RoerClient) -> None:
    await anon.register(username="dief", password=PASSWORD, birth_date=years_ago(16))
    first = await anon.login("dief", PASSWORD)
    second = await anon.refresh()
    with pytest.raises(RoerError) as err:
        await anon.refresh(first.refresh_token)  # replay of the used token
    assert err.value.type == "refresh-reused"
    for token in (second.refresh_token,):
        with pytest.raises(RoerError):
            await anon.refresh(token)
    with pytest.raises(RoerError) as err:
        await anon.with_token(second.access_token).me()
    assert err.value.status == 401


async def test_failed_logins_are_throttled_per_account(anon: RoerClient) -> None:
    await anon.register(username="raden", password=PASSWORD, birth_date=years_ago(16))
    for _ in range(5):
        with pytest.raises(RoerError) as err:
            await anon.login("raden", "fout wachtwoord!")
        assert err.value.status == 401
    with pytest.raises(RoerError) as err:
        await anon.login("raden", PASSWORD)  # even the right password waits now
    assert err.value.status == 429
    response = await anon.http.post(
        "/api/v1/auth/login", json={"login": "raden", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_sessions_can_be_listed_and_ended(people: People) -> None:
    youth = await people.youth(16)
    phone2 = people.client()
    await phone2.login(youth.username, PASSWORD, device_name="tablet")
    sessions = (await youth.client.sessions()).items
    assert len(sessions) == 2
    tablet = next(s for s in sessions if s.device_name == "tablet")
    await youth.client.end_session(tablet.id)
    with pytest.raises(RoerError) as err:
        await phone2.me()
    assert err.value.status == 401
    with pytest.raises(RoerError):
        await phone2.refresh()
    assert [s.current for s in (await youth.client.sessions()).items] == [True]


async def test_cannot_end_someone_elses_session(people: People) -> None:
    a, b = await people.youth(16), await people.youth(16)
    b_session = (await b.client.sessions()).items[0].id
    with pytest.raises(RoerError) as err:
        await a.client.end_session(b_session)
    assert err.value.status == 404
    await b.client.me()


async def test_totp_enrolment_then_login_requires_code(people: People) -> None:
    youth = await people.youth(17)
    enrollment = await youth.client.enroll_2fa()
    assert enrollment.otpauth_uri.startswith("otpauth://totp/")
    with pytest.raises(RoerError):
        await youth.client.confirm_2fa(
            "000000" if pyotp.TOTP(enrollment.secret).now() != "000000" else "111111"
        )
    await youth.client.confirm_2fa(pyotp.TOTP(enrollment.secret).now())
    fresh = people.client()
    with pytest.raises(RoerError) as err:
        await fresh.login(youth.username, PASSWORD)
    assert err.value.type == "totp-required"
    previous = pyotp.TOTP(enrollment.secret).at(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=90))
    with pytest.raises(RoerError) as err:
        await fresh.login(youth.username, PASSWORD, totp_code=previous)
    assert err.value.type == "totp-invalid"


async def test_staff_without_two_factor_see_no_youth_data(people: People) -> None:
    cm = await people.staff("casemanager", mfa=False)
    with pytest.raises(RoerError) as err:
        await cm.client.create_case("zonder-2fa")
    assert err.value.status == 403
    assert err.value.type == "two-factor-required"
    with pytest.raises(RoerError) as err:
        await cm.client.cases()
    assert err.value.type == "two-factor-required"


async def test_staff_login_with_totp_gives_verified_session(people: People) -> None:
    cm = await people.staff("casemanager")
    assert cm.totp_secret
    fresh = people.client()
    # A code from the step after the one used at enrolment (codes cannot be replayed).
    code = pyotp.TOTP(cm.totp_secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))
    await fresh.login(cm.username, PASSWORD, totp_code=code)
    assert (await fresh.cases()).items == []


async def test_disabled_account_tokens_stop_at_once(people: People) -> None:
    youth = await people.youth(16)
    async with people.db() as session:
        from server.accounts.models import User

        user = await session.get(User, youth.id)
        assert user is not None
        user.disabled_at = dt.datetime.now(dt.UTC)
        await session.commit()
    with pytest.raises(RoerError) as err:
        await youth.client.me()
    assert err.value.status == 401
