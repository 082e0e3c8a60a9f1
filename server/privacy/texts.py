"""Dutch texts of the privacy pages: how the access log and sharing rules read to a youth."""

from __future__ import annotations

import datetime as dt

ACTOR_LABELS = {
    "parent": "je ouder",
    "support_person": "je steunfiguur",
    "moderator": "een moderator",
    "admin": "een beheerder",
    "peer_expert": "een ervaringsdeskundige",
    "system": "Roer zelf (automatisch)",
}
RESOURCE_LABELS = {
    "case": "je casus",
    "checkins": "je check-ins",
    "alerts": "je signalen",
    "big5": "je BIG5",
    "plans": "je plannen",
    "notes": "je dossier (verslagen)",
    "chat": "je gesprekken",
    "sharing": "je deelinstellingen",
    "profile": "je profiel",
    "forum_identity": "wie er achter je forumnaam zit",
    "corrections": "je correctieverzoeken",
    "export": "je gegevens",
    "destruction": "je verzoek om je dossier te vernietigen",
    "case_file": "je bewaarde dossier",
}
ACTION_LABELS = {
    "read": "bekeek",
    "list": "zag in een overzicht",
    "update": "wijzigde",
    "create": "maakte iets aan in",
    "invite": "maakte een uitnodiging voor",
    "handover": "droeg over",
    "reveal": "bekeek",
    "delete": "verwijderde iets uit",
    "correct": "corrigeerde op jouw verzoek een verslag in",
    "decide": "besliste over",
    "destroy": "vernietigde",
    "purge": "verwijderde na de bewaartermijn",
}
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
LEVEL_NOTES = {
    "summary": "alleen een samenvatting (datum en titel, geen inhoud)",
    "full": "alles wat je deelt",
}
BAND_EXPLANATION = {
    "onder-12": "Je bent jonger dan 12. Je ouders met gezag zien je gegevens.",
    "12-15": (
        "Je bent 12 tot 15. Je ouders met gezag zien een samenvatting (wel of niet gedaan), "
        "niet wat je invult. Je kunt zelf kiezen om meer te delen."
    ),
    "16-plus": (
        "Je bent 16 of ouder. Jij beslist: je ouders en je steunfiguur zien alleen wat jij "
        "met ze deelt."
    ),
}


def actor_label(role: str, name: str | None) -> str:
    if role == "casemanager":
        return f"je casemanager {name}" if name else "je casemanager"
    if role == "admin" and name:
        return f"beheerder {name} van de organisatie"
    return ACTOR_LABELS.get(role, role)


def when(at: dt.datetime, tz: dt.tzinfo) -> str:
    local = at.astimezone(tz)
    return f"op {local.day} {MONTHS[local.month - 1]} {local.year} om {local:%H:%M}"


def sentence(
    actor: str,
    action: str,
    resource: str,
    purpose: str,
    *,
    at: dt.datetime | None = None,
    tz: dt.tzinfo = dt.UTC,
    detail: str = "",
) -> str:
    """Who did what to which of your data, when, how much and why, as one Dutch sentence."""
    verb = ACTION_LABELS.get(action, action)
    thing = RESOURCE_LABELS.get(resource, resource)
    text = f"{actor[:1].upper()}{actor[1:]} {verb} {thing}"
    if at is not None:
        text += f" {when(at, tz)}"
    level = detail.removeprefix("level=") if detail.startswith("level=") else ""
    if level in LEVEL_NOTES and resource in ("checkins", "notes", "big5", "plans"):
        text += f" ({LEVEL_NOTES[level]})"
    return f"{text}. Waarom: {purpose[:1].lower()}{purpose[1:]}." if purpose else f"{text}."
