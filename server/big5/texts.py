"""Dutch texts of the BIG5: the five domains in the young person's own words, and messages."""

from __future__ import annotations

from dataclasses import dataclass

DOMAIN_IDS = ("support", "wonen", "school_werk", "inkomen", "welzijn")
SIDES = ("youth", "casemanager")


@dataclass(frozen=True)
class DomainText:
    id: str
    name: str
    definition: str
    parts: tuple[tuple[str, str], ...]
    guides: tuple[str, ...]


# Every domain also links the guide about extended youth care (verlengde jeugdhulp).
EXTRA_GUIDE = "verlengde-jeugdhulp"

DOMAINS: dict[str, DomainText] = {
    d.id: d
    for d in (
        DomainText(
            "support",
            "Support",
            "Er is minimaal één volwassene duurzaam beschikbaar op wie ik kan terugvallen en "
            "die een stabiel en steunend netwerk biedt.",
            (
                ("volwassene", "Er is minimaal één volwassene op wie ik kan terugvallen"),
                ("duurzaam", "Die volwassene blijft duurzaam beschikbaar"),
                ("netwerk", "Ik heb een stabiel en steunend netwerk"),
            ),
            ("steunfiguur-jim", EXTRA_GUIDE),
        ),
        DomainText(
            "wonen",
            "Wonen",
            "Ik heb een passende, betaalbare en stabiele woonplek.",
            (
                ("passend", "Mijn woonplek past bij mij"),
                ("betaalbaar", "Mijn woonplek is betaalbaar"),
                ("stabiel", "Ik kan er blijven wonen (stabiel)"),
            ),
            ("wonen", EXTRA_GUIDE),
        ),
        DomainText(
            "school_werk",
            "School & Werk",
            "Ik ga naar school en/of heb een baan die voldoende basis biedt voor een "
            "toekomstige loopbaan.",
            (
                ("school_of_werk", "Ik ga naar school en/of heb een baan"),
                ("basis_loopbaan", "Dat biedt voldoende basis voor een toekomstige loopbaan"),
            ),
            ("school-en-werk", EXTRA_GUIDE),
        ),
        DomainText(
            "inkomen",
            "Inkomen",
            "Ik heb voldoende inkomen en een plan om schulden te voorkomen of op te lossen.",
            (
                ("voldoende_inkomen", "Ik heb voldoende inkomen"),
                ("plan_schulden", "Ik heb een plan om schulden te voorkomen of op te lossen"),
            ),
            ("geld-en-schulden", EXTRA_GUIDE),
        ),
        DomainText(
            "welzijn",
            "Welzijn",
            "Ik ben fysiek en mentaal in balans en heb een plan om disbalans op tijd te "
            "signaleren.",
            (
                ("in_balans", "Ik ben fysiek en mentaal in balans"),
                ("signaleringsplan", "Ik heb een plan om disbalans op tijd te signaleren"),
            ),
            ("welzijn-signaleringsplan", EXTRA_GUIDE),
        ),
    )
}

STATUSES = {
    "niet_geregeld": ("Niet geregeld", 0),
    "deels": ("Deels geregeld", 1),
    "grotendeels": ("Grotendeels geregeld", 2),
    "geregeld": ("Geregeld", 3),
}

WHO = {
    "youth": "jij",
    "casemanager": "casemanager",
    "parent": "ouder",
    "support_person": "steunfiguur",
}

READY = "klaar om los te laten"
NOT_READY = "nog niet klaar om los te laten"
SIDE_NAMES = {"youth": "de jongere", "casemanager": "de casemanager"}


def missing_none(side: str) -> str:
    return f"Nog geen beoordeling door {SIDE_NAMES[side]}"


def missing_status(side: str, status: str) -> str:
    return f"Volgens {SIDE_NAMES[side]}: {STATUSES[status][0].lower()}"


def missing_period(months: int) -> str:
    return f"Nog geen {months} maanden achter elkaar geregeld"


TOO_YOUNG = "De BIG5 is er vanaf {age} jaar. Je kunt hem gebruiken zodra je {age} bent."
TOO_YOUNG_OTHER = "De BIG5 is er voor jongeren vanaf {age} jaar; deze jongere is nog te jong."
CLOSED = (
    "De BIG5 is gesloten vanaf de 27e verjaardag: je kunt alles nog lezen en meenemen "
    "(exporteren), maar er kan niets meer bij of veranderen."
)
NOT_YOUTH = "Alleen de jongere zelf en de eigen casemanager kunnen de BIG5 invullen."
ONLY_OWN = "Alleen de jongere en de eigen casemanager kunnen plannen maken of aanpassen."
UNKNOWN_PART = "Dit onderdeel hoort niet bij dit domein."
DOUBLE_DOMAIN = "Elk domein mag maar één keer in een beoordeling staan."
SUPPORT_PERSON_NEEDED = "Kies welke steunfiguur dit doet."
SUPPORT_PERSON_UNKNOWN = "Deze persoon is niet als steunfiguur gekoppeld."
SUPPORT_PERSON_ONLY = "Een steunfiguur noem je alleen bij acties voor een steunfiguur."
UNKNOWN_ACTION = "Deze actie hoort niet bij dit plan."
ONLY_YOUTH = "Alleen jongeren kunnen een steunfiguur uitnodigen."
PLAN_NOT_FOUND = "Dit plan bestaat niet of je mag het niet zien."
SUPPORT_NOT_FOUND = "Deze steunfiguur bestaat niet."

PROMPT_TITLE = "Hoe staat je BIG5 ervoor?"
PROMPT_BODY = (
    "Het is weer een maand verder. Kijk even hoe het gaat met support, wonen, school en werk, "
    "inkomen en welzijn."
)

NOT_YOUR_VIEW = "Dit BIG5-beeld van een casemanager gaat niet over jou."
VIEW_GONE = "Dit BIG5-beeld bestaat niet meer."
