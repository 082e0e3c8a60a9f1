"""Passwords (argon2id), TOTP, access tokens (JWT) and opaque secrets kept only as hashes."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import hmac
import secrets
from importlib import resources

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from litestar.security.jwt import Token

JWT_ALGORITHM = "HS256"
JWT_AUDIENCE = "roer-api"
JWT_ISSUER = "roer"
TOTP_ISSUER = "Roer"

# argon2id with the library's RFC 9106 "low memory" profile; the fast profile exists only
# so the test suite does not spend minutes hashing (``ROER_PASSWORD_HASHING=fast``).
_HASHERS = {
    "default": PasswordHasher(),
    "fast": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}
# A fixed hash to verify against when the account does not exist, so a login for an
# unknown name costs as much time as one for a known name.
_DUMMY = {name: hasher.hash("roer-dummy-password") for name, hasher in _HASHERS.items()}


async def hash_password(password: str, profile: str = "default") -> str:
    return await asyncio.to_thread(_HASHERS[profile].hash, password)


async def verify_password(stored: str | None, password: str, profile: str = "default") -> bool:
    hasher = _HASHERS[profile]
    target = stored or _DUMMY[profile]
    try:
        ok = await asyncio.to_thread(hasher.verify, target, password)
    except (VerificationError, InvalidHashError):
        return False
    return bool(ok) and stored is not None


@functools.cache
def _common_passwords() -> frozenset[str]:
    """Common and breached passwords: zxcvbn's list of 30,000 plus a Dutch list of our own."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = set(FREQUENCY_LISTS["passwords"])
    dutch = resources.files("server.accounts").joinpath("common-passwords-nl.txt").read_text()
    words.update(line.strip() for line in dutch.splitlines() if line.strip())
    return frozenset(word.lower() for word in words)


def password_problem(password: str, *, names: tuple[str | None, ...] = ()) -> str | None:
    """Why a password is refused, in Dutch, or None. No composition rules: length and rarity."""
    if len(password) < 8:
        return "Kies een wachtwoord van minstens 8 tekens. Een zin van een paar woorden is prima."
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.rstrip("0123456789!.") in _common_passwords():
        return "Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies iets anders."
    if len(set(lowered)) <= 2:
        return "Dit wachtwoord is te makkelijk te raden. Kies iets anders."
    for name in names:
        # Refuse a password that is little more than the user's own name.
        if name and len(name) >= 3 and len(lowered.replace(name.lower(), "")) < 8:
            return "Gebruik niet (vooral) je gebruikersnaam of e-mailadres als wachtwoord."
    return None


def opaque_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(value: str) -> str:
    """SHA-256 of a high-entropy secret (refresh token, invite code); safe to store."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def invite_code() -> str:
    """A human-typable code with ~80 bits of entropy, grouped: ``K7QM-2WXD-…``."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_invite_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


def make_access_token(
    *, secret: str, user_id: str, session_id: str, role: str, mfa: bool, minutes: int
) -> str:
    now = dt.datetime.now(dt.UTC)
    token = Token(
        sub=user_id,
        exp=now + dt.timedelta(minutes=minutes),
        iat=now,
        iss=JWT_ISSUER,
        aud=JWT_AUDIENCE,
        jti=opaque_secret(12),
        extras={"sid": session_id, "role": role, "mfa": mfa},
    )
    return token.encode(secret=secret, algorithm=JWT_ALGORITHM)


def decode_access_token(encoded: str, secret: str) -> Token:
    """Verify signature (HS256 only — never ``none``), expiry, audience and issuer."""
    return Token.decode(
        encoded_token=encoded,
        secret=secret,
        algorithm=JWT_ALGORITHM,
        audience=JWT_AUDIENCE,
        issuer=JWT_ISSUER,
        require_claims=["exp", "iat", "aud", "iss", "sub"],
    )


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=TOTP_ISSUER)


def totp_step(secret: str, code: str, at: dt.datetime | None = None) -> int | None:
    """The 30-second step a code belongs to (one step of drift allowed), or None if wrong."""
    totp = pyotp.TOTP(secret)
    when = at or dt.datetime.now(dt.UTC)
    for drift in (0, -1, 1):
        moment = when + dt.timedelta(seconds=30 * drift)
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment.timestamp()) // 30
    return None
