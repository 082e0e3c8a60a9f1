"""Small builders for BIG5 tests."""

from __future__ import annotations

import uuid

from client_api.schema.big5 import DomainAssessmentIn

DOMAINS = ("support", "wonen", "school_werk", "inkomen", "welzijn")


def cid() -> str:
    return str(uuid.uuid4())


def all_domains(status: str = "geregeld", **overrides: str) -> list[DomainAssessmentIn]:
    return [
        DomainAssessmentIn(domain=d, status=overrides.get(d, status))  # type: ignore[arg-type]
        for d in DOMAINS
    ]


def one(domain: str, status: str, note: str | None = None, **parts: bool) -> DomainAssessmentIn:
    return DomainAssessmentIn(domain=domain, status=status, note=note, parts=parts)  # type: ignore[arg-type]
