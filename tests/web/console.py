"""A console user driven over plain HTTP (forms, cookies, CSRF), as a browser without JS."""

from __future__ import annotations

import re
import time

import httpx
import pyotp

from tests.people import PASSWORD, Person

CSRF = re.compile(r'name="_csrf" value="([^"]+)"')
BODY_CSRF = re.compile(r'data-csrf="([^"]+)"')


def next_code(secret: str) -> str:
    """A code for the next 30-second step: the current one was used to confirm two-factor."""
    return pyotp.TOTP(secret).at(time.time() + 30)


class Console:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.csrf = ""

    async def login(self, username: str, password: str = PASSWORD, code: str | None = None) -> str:
        """Sign in; returns the last page's HTML (the home page, or the page with the error)."""
        self.http.cookies.clear()
        page = await self.http.get("/console/login")
        token = CSRF.search(page.text)
        assert token, page.text
        answer = await self.http.post(
            "/console/login",
            data={"login": username, "password": password, "_csrf": token.group(1)},
        )
        if answer.url.path == "/console/login/code":
            assert code is not None, "this account needs a code"
            answer = await self.http.post(
                "/console/login/code", data={"totp_code": code, "_csrf": token.group(1)}
            )
        self._remember(answer)
        return answer.text

    async def sign_in(self, person: Person) -> str:
        assert person.totp_secret
        return await self.login(person.username, code=next_code(person.totp_secret))

    async def get(self, path: str, **kwargs: object) -> httpx.Response:
        response = await self.http.get(path, **kwargs)  # type: ignore[arg-type]
        self._remember(response)
        return response

    def _remember(self, response: httpx.Response) -> None:
        found = BODY_CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)

    async def post(
        self, path: str, data: dict[str, str] | None = None, *, csrf: bool = True, **kwargs: object
    ) -> httpx.Response:
        form = dict(data or {})
        if csrf:
            form["_csrf"] = self.csrf
        kwargs.setdefault("follow_redirects", False)
        return await self.http.post(path, data=form, **kwargs)  # type: ignore[arg-type]
