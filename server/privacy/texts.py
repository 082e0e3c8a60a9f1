"""Dutch texts of the privacy pages: how the access log and sharing rules read to a youth."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

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
    "correct_big5": "corrigeerde op jouw verzoek het beeld van je casemanager in",
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


EXPORT_INTRO = (
    "Dit is alles wat Roer over jou bewaart. Het bestand mijn-gegevens.json bevat hetzelfde, "
    "zodat je het kunt meenemen naar een andere dienst."
)
EXPORT_LABELS = {
    "accounts": "Je account",
    "privacy": "Privacy",
    "notes": "Je dossier",
    "notifications": "Meldingen en apparaten",
    "checkins": "Check-ins",
    "chat": "Gesprekken",
    "big5": "BIG5 en plannen",
    "forum": "Forum",
    "profile": "Profiel",
    "sessions": "Ingelogde apparaten",
    "cases": "Je casus",
    "support_links": "Steunfiguren",
    "sharing": "Wat je deelt",
    "access_log": "Wie je gegevens bekeek",
    "age_transitions": "Verjaardagen die de deelregels veranderden",
    "corrections": "Correctieverzoeken",
    "destruction_requests": "Verzoeken om je dossier te vernietigen",
    "statements": "Eigen verklaringen",
    "devices": "Apparaten",
    "created_at": "Gemaakt op",
    "title": "Titel",
    "body": "Tekst",
    "text": "Wat er gebeurde",
    "at": "Wanneer",
    "status": "Status",
}

# Export files are read by people in the Netherlands: their sentences use Dutch local time.
TZ = ZoneInfo("Europe/Amsterdam")

CATEGORY_LABELS = {
    "checkins": "je check-ins",
    "big5": "je BIG5",
    "plans": "je plannen",
    "notes": "je dossier (verslagen)",
}
LEVEL_LABELS = {
    "none": "niets",
    "summary": "een samenvatting (wel of niet gedaan, geen inhoud)",
    "full": "alles",
}
AGE_RULE = {
    12: (
        "Vanaf je 12e zien je ouders met gezag alleen nog een samenvatting: of je iets gedaan "
        "hebt, niet wat je invulde. Dat staat in de wet (WGBO). Je kunt zelf meer delen."
    ),
    16: (
        "Vanaf je 16e beslis jij alleen wat je ouders van je gegevens zien; dat staat in de wet "
        "(WGBO). Zonder jouw keuze zien ze niets meer."
    ),
}
AGE_RULE_PARENT = {
    12: (
        "Uw kind is 12 geworden. Vanaf nu ziet u alleen een samenvatting (wel of niet gedaan), "
        "niet wat uw kind invult, tenzij uw kind meer met u deelt. Dat staat in de wet (WGBO)."
    ),
    16: (
        "Uw kind is 16 geworden. Vanaf nu beslist uw kind zelf wat u ziet. Zonder keuze van uw "
        "kind ziet u niets meer van check-ins, BIG5, plannen en verslagen. Dat staat in de wet "
        "(WGBO)."
    ),
}


def _changes_text(changed: list[tuple[str, str, str]], owner: str) -> str:
    if not changed:
        return "Voor jou verandert er niets: je deelt zelf al wat je wilt delen."
    parts = [
        f"{CATEGORY_LABELS[c].replace('je ', owner, 1)}: eerst {LEVEL_LABELS[b]}, "
        f"nu {LEVEL_LABELS[a]}"
        for c, b, a in changed
    ]
    return "Wat er verandert: " + "; ".join(parts) + "."


def age_change(
    age: int, changed: list[tuple[str, str, str]]
) -> tuple[tuple[str, str], tuple[str, str]]:
    """(title, body) for the youth and for their parents when the sharing rules change."""
    youth = (
        f"Je bent {age}: je deelregels veranderen",
        f"Gefeliciteerd! {AGE_RULE[age]} {_changes_text(changed, 'je ')} "
        "Kijk bij Delen om te kiezen wat je ouders zien.",
    )
    parent_changes = _changes_text(changed, "de ").replace(
        "Voor jou verandert er niets: je deelt zelf al wat je wilt delen.",
        "Uw kind deelt zelf al met u; wat u ziet, blijft hetzelfde.",
    )
    parent = (f"Uw kind is {age} geworden", f"{AGE_RULE_PARENT[age]} {parent_changes}")
    return youth, parent


DELETION_TITLE = "Je account wordt verwijderd"
FILE_BASIS = (
    "Jeugdwet artikel 7.3.8: een jeugdhulpdossier wordt {years} jaar bewaard, gerekend vanaf "
    "het einde van de jeugdhulp (of vanaf nu, als je hulp nog loopt)"
)
LOG_BASIS = (
    "NEN 7513: wie gegevens over jouw zorg bekeek, wordt minstens {years} jaar vastgelegd, "
    "zodat jij en de toezichthouder het kunnen nagaan"
)
RETAINED_LOG = (
    "Het toegangslogboek: wie wanneer iets van je gegevens bekeek of wijzigde, zonder de "
    "inhoud, met een nummer dat na het verwijderen naar niemand meer leidt"
)
ERASED = [
    "je account: gebruikersnaam, e-mailadres, wachtwoord, geboortedatum en tweestapsverificatie",
    "je ingelogde apparaten en pushmeldingen",
    "je deelinstellingen en koppelingen met ouders en steunfiguren",
    "lopende correctieverzoeken",
    "wat je in andere delen van Roer schreef, zoals elk onderdeel het regelt "
    "(check-ins, gesprekken, BIG5, forum)",
]


def retained_file(notes: int, statements: int) -> str:
    extra = f" en {statements} eigen verklaring(en)" if statements else ""
    return (
        f"Je jeugdhulpdossier: {notes} verslag(en){extra}. Het hoort dan bij geen account meer "
        "en de organisatie mag het alleen op een wettelijk verzoek inzien."
    )


def deletion_message(at: str, retained: list[Any]) -> str:
    lines = [
        f"Je account wordt {at} verwijderd. Log je voor die tijd in, dan gaat het niet door.",
    ]
    if retained:
        lines.append("Wat de wet ons verplicht te bewaren:")
        for record in retained:
            until = (
                f"{record.retained_until.day} {MONTHS[record.retained_until.month - 1]} "
                f"{record.retained_until.year}"
                if record.retained_until
                else "onbepaald"
            )
            lines.append(f"- {record.description} Bewaard tot {until}. ({record.basis}.)")
    return "\n".join(lines)
