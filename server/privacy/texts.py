"""Dutch texts of the privacy pages: how the access log and sharing rules read to a youth."""

from __future__ import annotations

ACTOR_LABELS = {
    "parent": "je ouder",
    "support_person": "je steunfiguur",
    "moderator": "een moderator",
    "admin": "een beheerder",
    "peer_expert": "een ervaringsdeskundige",
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
    return ACTOR_LABELS.get(role, role)


def sentence(actor: str, action: str, resource: str, purpose: str) -> str:
    verb = ACTION_LABELS.get(action, action)
    thing = RESOURCE_LABELS.get(resource, resource)
    text = f"{actor[:1].upper()}{actor[1:]} {verb} {thing}"
    return f"{text}: {purpose[:1].lower()}{purpose[1:]}." if purpose else f"{text}."
