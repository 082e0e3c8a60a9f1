"""The ``roer`` command: migrations, staff accounts, audit verification, the demo server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

from tests.people import People

ROOT = Path(__file__).resolve().parents[2]


def roer(*args: str, env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=env.get("CWD", str(ROOT)),
        timeout=60,
        check=False,
    )


async def test_audit_verify_passes_and_detects_tampering(people: People) -> None:
    family = await people.family(15)
    await family.casemanager.client.case(family.case.id)
    await family.casemanager.client.cases()
    env = {"ROER_DATABASE_URL": people.settings.database_url}
    ok = roer("audit", "verify", env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "intact" in ok.stdout
    async with people.db() as session:
        await session.execute(text("UPDATE access_log SET purpose = 'niets' WHERE id = 1"))
        await session.commit()
    edited = roer("audit", "verify", env=env)
    assert edited.returncode == 1
    assert "row 1" in edited.stdout and "BROKEN" in edited.stdout


async def test_audit_verify_detects_a_removed_row(people: People) -> None:
    family = await people.family(15)
    for _ in range(3):
        await family.casemanager.client.case(family.case.id)
    async with people.db() as session:
        last = await session.scalar(text("SELECT max(id) FROM access_log"))
        await session.execute(text("DELETE FROM access_log WHERE id = :id"), {"id": last})
        await session.commit()
    result = roer("audit", "verify", env={"ROER_DATABASE_URL": people.settings.database_url})
    assert result.returncode == 1
    assert "removed" in result.stdout


def test_user_create_reads_password_from_stdin(tmp_path: Path) -> None:
    env = {"ROER_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    made = roer(
        "user",
        "create",
        "--role",
        "moderator",
        "--username",
        "nachtdienst",
        env=env,
        stdin="een lange nachtdienst zin\n",
    )
    assert made.returncode == 0, made.stderr
    again = roer(
        "user",
        "create",
        "--role",
        "moderator",
        "--username",
        "nachtdienst",
        env=env,
        stdin="een lange nachtdienst zin\n",
    )
    assert again.returncode == 2 and "taken" in again.stderr
    weak = roer(
        "user", "create", "--role", "admin", "--username", "zwak", env=env, stdin="password\n"
    )
    assert weak.returncode == 2


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    result = roer("db", "upgrade", env={"ROER_DATABSE_URL": "typo", "CWD": str(tmp_path)})
    assert result.returncode != 0
    assert "ROER_DATABSE_URL" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_demo_starts_prints_logins_and_is_rerunnable(tmp_path: Path) -> None:
    env = {**os.environ, "ROER_PASSWORD_HASHING": "fast", "ROER_SCHEDULER": "false"}
    for run in range(2):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--demo", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                raise AssertionError("server did not start")
            login = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/login",
                json={"login": "lotte", "password": "roer-demo-lotte-2026"},
            )
            assert login.status_code == 200, login.text
            code = subprocess.run(
                [sys.executable, "-m", "server.cli", "demo", "code", "sanne"],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            staff = httpx.post(
                f"http://127.0.0.1:{port}/api/v1/auth/login",
                json={"login": "sanne", "password": "roer-demo-sanne-2026", "totp_code": code},
            )
            if run == 0:
                assert staff.status_code == 200, staff.text
                token = staff.json()["access_token"]
                cases = httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/cases",
                    headers={"Authorization": f"Bearer {token}"},
                ).json()["items"]
                assert sorted(c["youth"]["age"] for c in cases) == [14, 17, 22]
                assert any(c["parents"] for c in cases if c["youth"]["age"] == 14)
        finally:
            proc.terminate()
            output, _ = proc.communicate(timeout=20)
        assert "sanne" in output and "roer-demo-sanne-2026" in output
        assert "GET /api/v1/health 200" in output
        assert (tmp_path / "roer.db").exists() and (tmp_path / "roer.secret").exists()
