"""``roer``: serve, migrate, manage users, verify the audit chain, check content."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from server.settings import Settings


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        raise SystemExit(f"roer: {exc}") from exc


def _logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)-7s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


async def _upgrade(settings: Settings) -> None:
    from server.core.db import make_engine
    from server.core.migrate import upgrade

    engine = make_engine(settings)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def _with_session(settings: Settings, work: object) -> object:
    from server.core.db import make_engine, make_sessionmaker

    engine = make_engine(settings)
    try:
        async with make_sessionmaker(engine)() as session:
            result = await work(session)  # type: ignore[operator]
            await session.commit()
            return result
    finally:
        await engine.dispose()


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import create_app
    from server.core.clock import Clock
    from server.core.serving import uvicorn_config
    from server.demo import create_demo

    settings = _settings()
    host = args.host or settings.host
    port = args.port or settings.port
    _logging()
    asyncio.run(_upgrade(settings))
    if args.demo:
        clock = Clock(tz=ZoneInfo(settings.timezone))
        lines = asyncio.run(
            _with_session(settings, lambda s: create_demo(s, clock, settings.password_hashing))
        )
        print("\n".join(lines))  # type: ignore[arg-type]
    print(f"Roer luistert op http://{host}:{port}  (API: /api/v1, OpenAPI: /schema)", flush=True)
    app = create_app(settings)
    app.state.serving = True  # a long-lived server process (gc.freeze after start-up)
    config = uvicorn_config(app, settings, host, port)
    uvicorn.Server(config).run()
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    asyncio.run(_upgrade(_settings()))
    print("database is up to date")
    return 0


def cmd_user_create(args: argparse.Namespace) -> int:
    from server.accounts.service import create_user, ensure_organisation
    from server.core.clock import Clock

    settings = _settings()
    if sys.stdin.isatty():
        password = getpass.getpass("Wachtwoord: ")
        if getpass.getpass("Nog een keer: ") != password:
            print("roer: passwords differ", file=sys.stderr)
            return 2
    else:
        password = sys.stdin.readline().rstrip("\n")
    clock = Clock()

    async def work(session: object) -> None:
        org = await ensure_organisation(session, args.organisation, clock.now())  # type: ignore[arg-type]
        await create_user(
            session,  # type: ignore[arg-type]
            role=args.role,
            username=args.username,
            password=password,
            now=clock.now(),
            hashing=settings.password_hashing,
            display_name=args.display_name or args.username,
            organisation_id=org.id,
        )

    asyncio.run(_upgrade(settings))
    try:
        asyncio.run(_with_session(settings, work))
    except ValueError as exc:
        print(f"roer: {exc}", file=sys.stderr)
        return 2
    print(f"created {args.role} {args.username}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from server.core.audit import verify

    problems = asyncio.run(_with_session(_settings(), verify))
    if problems:
        for line in problems:  # type: ignore[attr-defined]
            print(f"audit: {line}")
        print("audit chain BROKEN")
        return 1
    print("audit chain intact")
    return 0


def cmd_content_check(args: argparse.Namespace) -> int:
    from content.check import main

    return main(["--root", args.root] if args.root else [])


def cmd_demo_code(args: argparse.Namespace) -> int:
    from server.demo import demo_code

    code = asyncio.run(_with_session(_settings(), lambda s: demo_code(s, args.username)))
    if code is None:
        print("roer: no demo account with two-factor by that name", file=sys.stderr)
        return 2
    print(code)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="roer", description="Roer backend")
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="migrate and start the server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--demo", action="store_true", help="create demo accounts and print them")
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="database")
    db.add_argument("action", choices=["upgrade"])
    db.set_defaults(func=cmd_db)

    user = sub.add_parser("user", help="accounts")
    user_sub = user.add_subparsers(dest="action", required=True)
    create = user_sub.add_parser("create", help="create a staff account (password on stdin)")
    create.add_argument(
        "--role", required=True, choices=["casemanager", "moderator", "peer_expert", "admin"]
    )
    create.add_argument("--username", required=True)
    create.add_argument("--display-name")
    create.add_argument("--organisation", default="Roer")
    create.set_defaults(func=cmd_user_create)

    audit = sub.add_parser("audit", help="access log")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(func=cmd_audit_verify)

    content = sub.add_parser("content", help="guidance content")
    content.add_argument("action", choices=["check"])
    content.add_argument("--root")
    content.set_defaults(func=cmd_content_check)

    demo = sub.add_parser("demo", help="demo helpers")
    demo_sub = demo.add_subparsers(dest="action", required=True)
    code = demo_sub.add_parser("code", help="current two-factor code of a demo staff account")
    code.add_argument("username")
    code.set_defaults(func=cmd_demo_code)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
