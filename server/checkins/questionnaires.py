"""Questionnaires as data: loading (cached: a version never changes) and strict validation."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from client_api.schema import checkins as api
from client_api.schema.errors import FieldError
from server.checkins import texts
from server.checkins.models import Questionnaire
from server.core.errors import ProblemException, invalid

# Published versions are immutable, so a process may keep them for its lifetime.
_CACHE: dict[str, api.Questionnaire] = {}


def to_api(row: Questionnaire) -> api.Questionnaire:
    return msgspec.convert(
        {
            "id": row.id,
            "key": row.key,
            "version": row.version,
            "audience": row.audience,
            "title": row.title,
            "intro": row.intro,
            "items": row.items,
            "current": row.current,
        },
        api.Questionnaire,
    )


async def get(session: AsyncSession, questionnaire_id: str) -> api.Questionnaire | None:
    cached = _CACHE.get(questionnaire_id)
    if cached is not None:
        return cached
    row = await session.get(Questionnaire, questionnaire_id)
    if row is None:
        return None
    _CACHE[questionnaire_id] = found = to_api(row)
    return found


async def current(session: AsyncSession, audience: str | None = None) -> list[api.Questionnaire]:
    query = select(Questionnaire).where(Questionnaire.current.is_(True))
    if audience is not None:
        query = query.where(Questionnaire.audience == audience)
    rows = await session.scalars(query.order_by(Questionnaire.audience.desc(), Questionnaire.key))
    return [to_api(row) for row in rows]


async def default_for(session: AsyncSession, audience: str) -> api.Questionnaire:
    found = await current(session, audience)
    if not found:
        raise invalid("questionnaire_id", texts.UNKNOWN_QUESTIONNAIRE)
    return found[0]


async def for_audience(
    session: AsyncSession, questionnaire_id: str, audience: str, field: str
) -> api.Questionnaire:
    """The questionnaire, if it exists and is meant for ``audience`` (else 422 on ``field``)."""
    found = await get(session, questionnaire_id)
    if found is None:
        raise invalid(field, texts.UNKNOWN_QUESTIONNAIRE)
    if found.audience != audience:
        raise invalid(field, texts.WRONG_AUDIENCE)
    return found


def _check(item: api.QuestionnaireItem, value: Any) -> str | None:
    """Why ``value`` is not a valid answer to ``item``, or None when it is."""
    if item.kind == "scale":
        low, high = item.min or 0, item.max or 0
        # bool is an int in Python, but true is not a point on a scale.
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return texts.WANT_SCALE.format(min=low, max=high)
    elif item.kind == "yes_no":
        if not isinstance(value, bool):
            return texts.WANT_YES_NO
    elif item.kind == "choice":
        values = [o.value for o in item.options]
        if value not in values or not isinstance(value, str):
            return texts.WANT_CHOICE.format(options=", ".join(values))
    elif not isinstance(value, str) or len(value) > (item.max_length or 1000):
        return texts.WANT_TEXT.format(max=item.max_length or 1000)
    return None


def validate(questionnaire: api.Questionnaire, answers: dict[str, Any]) -> dict[str, Any]:
    """The answers, cleaned (empty optional texts dropped), or a 422 naming every bad item."""
    items = {item.id: item for item in questionnaire.items}
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    for key, value in answers.items():
        item = items.get(key)
        if item is None:
            errors.append(FieldError(field=f"answers.{key}", message=texts.UNKNOWN_ITEM))
            continue
        if value is None or (item.kind == "text" and isinstance(value, str) and not value.strip()):
            continue  # treated as not answered; required items are caught below
        problem = _check(item, value)
        if problem is not None:
            errors.append(FieldError(field=f"answers.{key}", message=problem))
        else:
            clean[key] = value.strip() if isinstance(value, str) and item.kind == "text" else value
    for item in questionnaire.items:
        if (
            item.required
            and item.id not in clean
            and item.id in items
            and not _failed(item, errors)
        ):
            errors.append(FieldError(field=f"answers.{item.id}", message=texts.REQUIRED))
    if errors:
        raise ProblemException(422, errors[0].message, errors=errors)
    return clean


def _failed(item: api.QuestionnaireItem, errors: list[FieldError]) -> bool:
    return any(e.field == f"answers.{item.id}" for e in errors)


def signal_items(questionnaire: api.Questionnaire) -> dict[str, str]:
    """Signal name (mood, safe_home, wants_contact, note) → item id."""
    return {item.signal: item.id for item in questionnaire.items if item.signal}
