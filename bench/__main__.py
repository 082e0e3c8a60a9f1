"""``python -m bench``: every workload on loopback, bounded in time, one Markdown table.

    python -m bench                       # everything, ~5 minutes
    python -m bench --duration 5 --only reads,login
    python -m bench --json figures.json   # also write the raw figures

Each row is the service beside its bare limit, measured in the same run on the same
machine: throughput (requests, check-ins or deliveries per second), p50 and p99 latency, and
service/bare. Server processes are subprocesses (uvicorn via ``python -m server.cli serve``,
a temporary folder, ``ROER_*`` environment); the load comes from this process. On a
2-core machine that is one core for the server process and one for the load generator
(the scale-out run has two server processes and so shares the cores three ways).
The scale-out run needs PostgreSQL and Redis (``--postgres``/``--redis`` or
``ROER_BENCH_POSTGRES_URL``/``ROER_BENCH_REDIS_URL``; defaults 127.0.0.1:5432 and :6379) and
is skipped with a note when they are not reachable.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.common import loadavg, raise_file_limit

WORKLOADS = ("checkins", "chat", "reads", "login", "evening", "scaleout")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 100 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _row(
    name: str,
    unit: str,
    service: dict[str, Any],
    bare: dict[str, Any] | None,
    note: str = "",
    key: str = "per_second",
) -> list[str]:
    rate = service.get(key, 0.0)
    cells = [name, f"{_fmt(rate)} {unit}", _fmt(service["p50_ms"]), _fmt(service["p99_ms"])]
    if bare is None:
        cells += ["–", "–", "–", "–"]
    else:
        bare_rate = bare.get(key, 0.0)
        ratio = rate / bare_rate if bare_rate else 0.0
        cells += [f"{_fmt(bare_rate)} {unit}", _fmt(bare["p50_ms"]), _fmt(bare["p99_ms"])]
        cells.append(f"{ratio:.2f}")
    errors = service.get("errors")
    cells.append(note + (f"; **{errors} errors**" if errors else ""))
    return cells


def _ok(fig: dict[str, Any] | None) -> bool:
    return bool(fig) and "error" not in fig and "skipped" not in fig  # type: ignore[operator]


def _checkin_rows(c: dict[str, Any]) -> list[list[str]]:
    name = f"check-in submit ({c['clients']} clients, back to back)"
    paced = c["service_paced_half_bare"]
    return [
        _row(name, "/s", c["service"], c["bare"], "bare: SQLAlchemy async insert, 1 tx/row"),
        _row("check-in submit, paced at ½ bare", "/s", paced, c["bare"],
             "target: ≥ 0.5 × bare, p99 < 100 ms at ½ bare"),
    ]  # fmt: skip


def _chat_rows(ch: dict[str, Any]) -> list[list[str]]:
    name = f"chat delivery, {ch['clients']:,} sockets in {ch['conversations']} chats"
    note = (
        f"{ch['roer']['messages_per_s']} msg/s offered (1/s per chat, 10 sockets each); "
        "bare: plain websockets broadcast; target p99 < 50 ms"
    )
    return [_row(name, "deliveries/s", ch["roer"], ch["bare_websockets"], note,
                 key="deliveries_per_s")]  # fmt: skip


def _read_rows(r: dict[str, Any]) -> list[list[str]]:
    note = f"bare: Litestar GET → fixed msgspec Struct (uvicorn); {r['connections']} conns"
    return [
        _row("forum thread read (20 posts)", "/s", r["forum_thread"], r["bare_route"], note),
        _row("guide search (full text)", "/s", r["guide_search"], r["bare_route"], note),
    ]


def _login_rows(lg: dict[str, Any]) -> list[list[str]]:
    note = f"bare: raw {lg['argon2']} verify, one at a time; 4 conns"
    return [_row("login (argon2 dominates; separate)", "/s", lg["service"],
                 lg["bare_argon2_verify"], note)]  # fmt: skip


def _scenario_rows(fig: dict[str, Any], label: str) -> list[list[str]]:
    return [_row(f"{label}: {name}", "/s", f, None, fig["note"]) for name, f in
            fig["endpoints"].items()]  # fmt: skip


def table(figures: dict[str, Any]) -> str:
    head = [
        "workload", "service throughput", "p50 ms", "p99 ms",
        "bare throughput", "bare p50 ms", "bare p99 ms", "service/bare", "notes",
    ]  # fmt: skip
    makers: list[tuple[str, Any]] = [
        ("checkins", _checkin_rows),
        ("chat", _chat_rows),
        ("reads", _read_rows),
        ("login", _login_rows),
        ("evening", lambda f: _scenario_rows(f, "evening")),
        ("scaleout", lambda f: _scenario_rows(f, "scale-out")),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    notes: list[str] = []
    for name, make in makers:
        fig = figures.get(name)
        if _ok(fig):
            lines += ["| " + " | ".join(row) + " |" for row in make(fig)]
        elif fig and "error" in fig:
            notes.append(f"**{name} failed:** {fig['error']}")
        elif fig:
            notes.append(f"**{name} skipped:** {fig['skipped']}")
    if _ok(figures.get("evening")):
        notes.append(f"Municipality evening: {figures['evening']['summary']}")
    if _ok(figures.get("scaleout")):
        notes.append(f"Scale-out: {figures['scaleout']['summary']}")
    return "\n".join([*lines, "", *notes])


def machine() -> str:
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), {mem} RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


async def _guarded(name: str, work: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    began = time.perf_counter()
    print(f"… {name} (load {loadavg()})", flush=True)
    try:
        result = await work()
    except Exception as exc:  # one broken workload must not hide the others' figures
        traceback.print_exc()
        result = {"error": f"{type(exc).__name__}: {exc}"}
    result["wall_s"] = round(time.perf_counter() - began, 1)
    return result


async def run_all(args: argparse.Namespace) -> dict[str, Any]:
    selected = args.only.split(",") if args.only else list(WORKLOADS)
    figures: dict[str, Any] = {"machine": machine(), "load_before": loadavg()}
    d = args.duration
    if "checkins" in selected:

        async def checkins() -> dict[str, Any]:
            try:
                from bench import checkins as bench_checkins  # type: ignore[attr-defined]
            except ImportError:
                return {"skipped": "the check-in domain (bench/checkins.py) is not in this tree"}
            return await bench_checkins.run(d, 200)

        figures["checkins"] = await _guarded("checkins", checkins)
    if "chat" in selected:
        from bench import chat

        figures["chat"] = await _guarded("chat", lambda: chat.run(d, args.chat_clients))
    if "reads" in selected or "login" in selected:
        import tempfile

        from bench import reads

        with tempfile.TemporaryDirectory(prefix="roer-bench-") as tmp:
            folder = Path(tmp)

            async def read_paths() -> dict[str, Any]:
                bare = await reads.bare_route(d, args.connections, folder)
                found = await reads.roer_reads(d, args.connections, folder)
                return {"bare_route": bare, **found, "connections": args.connections}

            if "reads" in selected:
                figures["reads"] = await _guarded("reads", read_paths)
            if "login" in selected:
                figures["login"] = await _guarded("login", lambda: reads.login(d, 4, folder))
    if "evening" in selected:
        from bench import evening

        figures["evening"] = await _guarded(
            "evening", lambda: evening.run(args.evening_seconds, args.evening_speedup)
        )
    if "scaleout" in selected:
        from bench import scaleout

        figures["scaleout"] = await _guarded(
            "scaleout", lambda: scaleout.run(d, args.postgres, args.redis)
        )
    figures["load_after"] = loadavg()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per measurement")
    parser.add_argument("--only", help=f"comma-separated subset of {','.join(WORKLOADS)}")
    parser.add_argument("--chat-clients", type=int, default=1000)
    parser.add_argument("--connections", type=int, default=32, help="HTTP read connections")
    parser.add_argument("--evening-seconds", type=float, default=60.0)
    parser.add_argument(
        "--evening-speedup",
        type=float,
        default=1.0,
        help="1 = the real arrival rate (5,200 check-ins per 10 minutes) for --evening-seconds",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "ROER_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("ROER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()
    raise_file_limit()
    figures = asyncio.run(run_all(args))
    print()
    print(f"Machine: {figures['machine']}")
    print(f"cat /proc/loadavg before: {figures['load_before']}; after: {figures['load_after']}")
    print()
    print(table(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
