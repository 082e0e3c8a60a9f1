"""Dutch texts of the check-in pillar."""

from __future__ import annotations

from typing import Any

PUSH_TITLE = {"youth": "Tijd voor je check-in", "parent": "Korte check-in voor ouders"}
PUSH_BODY = {
    "youth": "Hoe gaat het vandaag? Het kost je maar een minuutje.",
    "parent": "Hoe gaat het thuis? Drie korte vragen.",
}

CRISIS_MESSAGE = (
    "Wat je schrijft klinkt heel zwaar. Je staat er niet alleen voor. Je casemanager krijgt "
    "een seintje. Wil je nu met iemand praten? Bel of chat met 113 (gratis 0800-0113), "
    "De Kindertelefoon (0800-0432) of Veilig Thuis (0800-2000). Ben je in direct gevaar, "
    "bel dan 112."
)
UNSAFE_MESSAGE = (
    "Fijn dat je dit laat weten. Je casemanager krijgt meteen een seintje. Voel je je nu "
    "niet veilig? Bel Veilig Thuis (0800-2000) of De Kindertelefoon (0800-0432). "
    "Ben je in direct gevaar, bel dan 112."
)

# Used when the moderation library returns a crisis verdict without its own help lines.
_SIGNPOSTS: dict[str, dict[str, Any]] = {
    "113": {
        "id": "113",
        "name": "113 Zelfmoordpreventie",
        "phone": "0800-0113",
        "url": "https://www.113.nl",
        "hours": "dag en nacht",
        "text": "Denk je aan zelfmoord? Praat erover met 113: bel gratis 0800-0113 of chat.",
    },
    "kindertelefoon": {
        "id": "kindertelefoon",
        "name": "De Kindertelefoon",
        "phone": "0800-0432",
        "url": "https://www.kindertelefoon.nl",
        "hours": "elke dag van 11:00 tot 21:00",
        "text": "Ben je jonger dan 18? Praat over alles met De Kindertelefoon, gratis.",
    },
    "veilig-thuis": {
        "id": "veilig-thuis",
        "name": "Veilig Thuis",
        "phone": "0800-2000",
        "url": "https://www.veiligthuis.nl",
        "hours": "dag en nacht",
        "text": "Voel je je thuis niet veilig? Bel Veilig Thuis, gratis en anoniem.",
    },
    "112": {
        "id": "112",
        "name": "112",
        "phone": "112",
        "url": "https://www.112.nl",
        "hours": "dag en nacht",
        "text": "Ben je in direct gevaar? Bel 112.",
    },
}
CRISIS_SIGNPOSTS = [_SIGNPOSTS[k] for k in ("113", "kindertelefoon", "veilig-thuis", "112")]
UNSAFE_SIGNPOSTS = [_SIGNPOSTS[k] for k in ("veilig-thuis", "kindertelefoon", "112")]

PARENT_WANTS_CONTACT = "Ouder wil graag contact"
MISSED_DETAIL = "{count} check-ins op rij niet ingevuld"
LOW_MOOD_DETAIL = "{count} check-ins op rij stemming {max} of lager"
MOOD_DROP_DETAIL = (
    "Gemiddelde laatste {recent}: {mean:.1f}; eigen gemiddelde {days} dagen: {base:.1f}"
)

# Validation messages (422, field answers.<item_id>).
REQUIRED = "Deze vraag moet je beantwoorden."
UNKNOWN_ITEM = "Deze vraag staat niet in deze vragenlijst."
WANT_SCALE = "Kies een heel getal van {min} tot en met {max}."
WANT_YES_NO = "Antwoord met ja (true) of nee (false)."
WANT_CHOICE = "Kies een van: {options}."
WANT_TEXT = "Dit moet tekst zijn van hoogstens {max} tekens."
UNKNOWN_QUESTIONNAIRE = "Deze vragenlijst bestaat niet."
WRONG_AUDIENCE = "Deze vragenlijst is niet voor jou bedoeld."
TOO_LATE = "Een check-in kun je tot {hours} uur later insturen; deze is te oud."
NEED_TIMEZONE = "Geef het tijdstip met tijdzone (bijvoorbeeld 2026-11-22T08:15:00+01:00)."
IN_FUTURE = "Het tijdstip van invullen ligt in de toekomst."
UNKNOWN_PROMPT = "Deze check-invraag bestaat niet (meer)."
PROMPT_OTHER_QUESTIONNAIRE = "Deze check-invraag hoort bij een andere vragenlijst."
PROMPT_DONE = "Deze check-in heb je al ingevuld."
CLIENT_ID_REUSED = (
    "Deze check-in is al eerder ingestuurd met andere antwoorden. Maak een nieuwe check-in."
)
NO_CASE = "Je bent nog niet gekoppeld aan een casus."
CASE_HAS_NO_YOUTH = "Er is nog geen jongere gekoppeld aan deze casus."
NOT_A_PARENT = "Deze ouder hoort niet bij deze casus."
PAUSE_RANGE = "Kies een moment in de komende 90 dagen."
NO_SCHEDULE = "Je hebt geen check-inschema."
