"""Schemathesis against the live OpenAPI document, signed in as each role. Run by .ci/run.

    python -m tests.fuzz.schemathesis_roles [--max-examples N] [--seed S] [--parallel P]

Starts ``roer serve --demo`` (test mode, a temp SQLite file) on a free loopback port, signs
in as every demo role (staff with their two-factor code) and runs schemathesis once per role
and once anonymously, with a fixed seed: no 5xx, responses and errors as documented (errors
are application/problem+json). Exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ROLES = {
    "youth": "lotte",
    "parent": "ouder-lotte",
    "casemanager": "sanne",
    "moderator": "nadia",
    "admin": "beheer",
    "peer_expert": "kees",
    "youth-22": "amira",
}
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)
# Test-mode helpers (moving the clock) are not part of the published API. Signed-in runs
# must not end their own session or account midway either; the anonymous run covers these
# operations' refusals. One regex per run: schemathesis combines the filters given in one
# invocation into a single filter (all must match), so a path regex beside a name regex
# would exclude nothing.
TEST_ONLY = r"POST /api/v1/test/.*"
SESSION_ENDING = r"POST /api/v1/auth/logout|DELETE /api/v1/me/sessions/.*|DELETE /api/v1/me"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server did not start: {url}")


def sign_in(base: str, username: str, workdir: Path, env: dict[str, str]) -> str:
    body: dict[str, str] = {"login": username, "password": f"roer-demo-{username}-2026"}
    response = httpx.post(f"{base}/api/v1/auth/login", json=body, timeout=10)
    if response.status_code == 401 and response.json().get("type", "").endswith("totp-required"):
        code = subprocess.run(
            [sys.executable, "-m", "server.cli", "demo", "code", username],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        response = httpx.post(f"{base}/api/v1/auth/login", json={**body, "totp_code": code})
    response.raise_for_status()
    return str(response.json()["access_token"])


def fuzz_all(
    base: str,
    runs: list[tuple[str, list[str]]],
    env: dict[str, str],
    max_examples: int,
    seed: int,
    parallel: int,
    workdir: Path,
) -> list[str]:
    """Run schemathesis once per role, ``parallel`` at a time; print each output whole."""
    failed: list[str] = []
    pending = list(runs)
    active: list[tuple[str, subprocess.Popen[bytes], Path]] = []
    while pending or active:
        while pending and len(active) < parallel:
            role, extra = pending.pop(0)
            command = [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{base}/schema/openapi.json",
                "--checks",
                CHECKS,
                "--seed",
                str(seed),
                "--max-examples",
                str(max_examples),
                "--workers",
                "1",
                "--no-color",
                *extra,
            ]
            output = workdir / f"schemathesis-{role}.log"
            with output.open("wb") as sink:
                process = subprocess.Popen(
                    command, env=env, cwd=workdir, stdout=sink, stderr=subprocess.STDOUT
                )
            active.append((role, process, output))
        role, process, output = active.pop(0)
        process.wait()
        print(f"== schemathesis as {role}", flush=True)
        sys.stdout.write(output.read_text(errors="replace"))
        sys.stdout.flush()
        if process.returncode != 0:
            failed.append(role)
    return failed


def run(max_examples: int, seed: int, parallel: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="roer-fuzz-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        # The server and the code helper run in a temp directory: make them import this
        # checkout, not whatever ``server`` package the environment has installed.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "ROER_TEST_MODE": "true",
        "ROER_PASSWORD_HASHING": "fast",
        "ROER_SCHEDULER": "false",
        "ROER_LOG_REQUESTS": "false",
        "ROER_ACCESS_TOKEN_MINUTES": "240",
        "ROER_LOGIN_MAX_FAILURES_ACCOUNT": "100000",
        "ROER_LOGIN_MAX_FAILURES_ADDRESS": "100000",
        # The fuzzer is one fast client; the flood limit would only hide the API from it.
        "ROER_RATE_LIMIT_REQUESTS": "0",
    }
    # The server's log goes to a file: a pipe nobody reads fills up and stalls the server.
    server_log = workdir / "server.log"
    with server_log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--demo", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
            text=True,
        )
    failed: list[str] = []
    try:
        wait_for(f"{base}/api/v1/health")
        runs: list[tuple[str, list[str]]] = [
            ("anonymous", ["--exclude-name-regex", f"^({TEST_ONLY})$"])
        ]
        for role, username in ROLES.items():
            token = sign_in(base, username, workdir, env)
            header = ["-H", f"Authorization: Bearer {token}"]
            exclude = f"^({TEST_ONLY}|{SESSION_ENDING})$"
            runs.append((role, [*header, "--exclude-name-regex", exclude]))
        failed += fuzz_all(base, runs, env, max_examples, seed, parallel, workdir)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        errors = server_log.read_text(errors="replace")
        if "Traceback" in errors:
            print(errors[-4000:], file=sys.stderr)
            failed.append("server tracebacks")
    print("schemathesis:", "FAILED for " + ", ".join(failed) if failed else "no failures")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--parallel", type=int, default=2, help="roles fuzzed at the same time (default 2)"
    )
    args = parser.parse_args()
    return run(args.max_examples, args.seed, args.parallel)


if __name__ == "__main__":
    raise SystemExit(main())
