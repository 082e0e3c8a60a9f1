"""Settings: one frozen struct, read from ``ROER_*`` environment variables once, in the CLI."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

ENV_PREFIX = "ROER_"
# Read by the test suite, not by the service.
TEST_SUITE_VARIABLES = frozenset({"ROER_TEST_POSTGRES_URL", "ROER_TEST_REDIS_URL"})


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Everything that can be configured. Field ``foo_bar`` is read from ``ROER_FOO_BAR``."""

    database_url: str = "sqlite+aiosqlite:///./roer.db"
    redis_url: str | None = None
    # Prefix of every Redis key and channel, so several deployments can share one Redis.
    redis_prefix: str = "roer"
    # Seconds a Redis connection attempt, command or reply may take before that call fails
    # (and the caller goes on without Redis): a Redis host gone from the network must not
    # hold up sign-in or chat. Pub/sub reads wait in their own short polls.
    redis_timeout_seconds: float = 5.0
    # Signing key for access tokens. When unset it is generated once and kept in
    # ``secret_file`` (beside the SQLite database by default), never a constant in code.
    secret_key: str | None = None
    secret_file: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    invite_days: int = 14
    # Failed-login throttling: this many failures within the window lock the account
    # (per login name) or the address for the rest of the window.
    login_max_failures_account: int = 5
    login_max_failures_address: int = 30
    login_window_seconds: int = 900
    max_body_bytes: int = 1_000_000
    # Hostile and broken clients (see server/core/serving.py and server/core/limits.py).
    # A connection must deliver a request's complete headers within this many seconds of
    # opening (or of its previous response), and at most ``max_header_bytes`` of them.
    header_timeout_seconds: float = 10.0
    max_header_bytes: int = 65_536
    # A request's body must be complete this many seconds after its headers (else 408).
    body_timeout_seconds: float = 30.0
    # Idle keep-alive connections are closed after this many seconds.
    keep_alive_seconds: float = 5.0
    # Requests in progress plus open connections (websockets too) above which new requests
    # get 503 from the HTTP server; 0 = no limit (the default: chat holds many sockets).
    limit_concurrency: int = 0
    # HTTP parser of the server: "auto" (httptools when installed, else h11), or either.
    http_parser: Literal["auto", "httptools", "h11"] = "auto"
    # Flood limit per client address: this many requests per window, then 429 with
    # Retry-After (0 turns it off). Generous, because many phones can share one address
    # (mobile carriers' NAT, a school's wifi). /api/v1/health is exempt.
    rate_limit_requests: int = 100
    rate_limit_window: Literal["second", "minute", "hour"] = "second"
    # SQLite: how long a write waits for another writer's lock before giving up (then 503).
    sqlite_busy_timeout_ms: int = 5000
    # Forum: posts (threads included) per hour for members in their first
    # ``forum_new_member_hours`` of membership, and for everyone after that.
    forum_new_member_posts_per_hour: int = 3
    forum_posts_per_hour: int = 30
    forum_new_member_hours: int = 24
    # Forum: a post can be edited this long after posting; reports from this many
    # distinct members hide it until a moderator has looked.
    forum_edit_minutes: int = 15
    forum_report_hide_threshold: int = 3
    timezone: str = "Europe/Amsterdam"
    # Browser origins allowed to open the websocket and post to the consoles.
    allowed_origins: tuple[str, ...] = ("http://127.0.0.1:8000", "http://localhost:8000")
    # Websocket: seconds to send the auth frame; heartbeat; frames queued per socket before
    # a slow client is told to resync.
    ws_auth_seconds: float = 5.0
    ws_heartbeat_seconds: int = 20
    ws_send_queue: int = 256
    scheduler: bool = True
    tick_seconds: int = 30
    notification_provider: Literal["log", "webhook"] = "log"
    webhook_url: str | None = None
    webhook_max_attempts: int = 6
    quiet_hours: str = "22:00-07:00"
    # An urgent alert nobody acknowledged within this time goes to the team's other
    # casemanagers.
    escalate_after_minutes: int = 30
    # Check-in alert rules (documented in server/checkins/rules.py).
    checkin_low_mood_max: int = 2
    checkin_low_mood_count: int = 3
    checkin_mood_drop: float = 1.5
    checkin_mood_recent_count: int = 3
    checkin_mood_baseline_days: int = 14
    checkin_mood_baseline_min: int = 4
    checkin_missed_count: int = 3
    checkin_max_late_hours: int = 72
    checkin_default_window_minutes: int = 240
    log_requests: bool = True
    # BIG5: open from this age up to the 27th birthday.
    big5_min_age: int = 16
    # BIG5 readiness: all five geregeld in both views for this many months.
    big5_ready_months: int = 3
    # Statistics: cells with fewer youths than this are suppressed.
    stats_min_cell: int = 10
    # Privacy: DELETE /me waits this many days (cancelled by logging in) before erasing.
    deletion_grace_days: int = 14
    # An organisation decides on a request to destroy a youth-care file within this term.
    destruction_decision_days: int = 90
    # Jeugdwet art. 7.3.8: the youth-care file is kept 20 years, counted from the end of care
    # (or the last change when care has not ended).
    file_retention_years: int = 20
    # The access log (NEN 7513) is kept at least 5 years; lower values are raised to 5.
    access_log_retention_years: int = 5
    # GET /api/v1/metrics is served only when this is set, with ``Authorization: Bearer <token>``.
    metrics_token: str | None = None
    # "fast" lowers argon2's cost for the test suite only; never in production.
    password_hashing: Literal["default", "fast"] = "default"
    # Console cookies: send only over HTTPS (turn on behind TLS); console sign-ins end after
    # this many hours.
    console_secure_cookies: bool = False
    console_session_hours: int = 12
    # Test mode adds ``/api/v1/test/clock`` so that tests over plain HTTP can move time.
    # Never enable it in production.
    test_mode: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read every ``ROER_*`` variable; unknown ones are an error, not silently ignored."""
        env = os.environ if environ is None else environ
        fields = set(cls.__struct_fields__)
        raw: dict[str, object] = {}
        for key, value in env.items():
            if not key.startswith(ENV_PREFIX) or key in TEST_SUITE_VARIABLES:
                continue
            name = key[len(ENV_PREFIX) :].lower()
            if name not in fields:
                raise ValueError(f"unknown setting {key}")
            raw[name] = _parse(name, value)
        return msgspec.convert(raw, cls, strict=False)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file, or None for PostgreSQL or an in-memory database."""
        if not self.is_sqlite:
            return None
        path = self.database_url.split("///", 1)[-1]
        return None if path in ("", ":memory:") else Path(path)

    def resolved_secret_key(self) -> str:
        """The configured key, or the one kept in the secret file (made on first use)."""
        if self.secret_key:
            return self.secret_key
        path = Path(self.secret_file) if self.secret_file else self._default_secret_file()
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key + "\n")
        return key

    def _default_secret_file(self) -> Path:
        db = self.sqlite_path()
        folder = db.parent if db is not None else Path.cwd()
        return folder / "roer.secret"


def _parse(name: str, value: str) -> object:
    if name == "allowed_origins":
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if value.lower() in ("true", "false") and name in (
        "scheduler",
        "test_mode",
        "log_requests",
        "console_secure_cookies",
    ):
        return value.lower() == "true"
    return value
