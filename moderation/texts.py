"""Dutch texts the writer reads: signposts and the explanation per rule.

Signpost facts (numbers, hours) are checked against the organisations' own sites; do not
add lines that are not listed here without checking them the same way.
"""

from moderation.types import Signpost

SIGNPOST_113 = Signpost(
    id="113",
    name="113 Zelfmoordpreventie",
    phone="113",
    url="https://www.113.nl",
    hours="dag en nacht",
    text=(
        "Denk je aan zelfmoord of maak je je zorgen om iemand? Praat met 113 "
        "Zelfmoordpreventie: bel 113 of gratis 0800-0113, of chat via 113.nl. "
        "Dag en nacht, en je mag anoniem blijven."
    ),
)

SIGNPOST_KINDERTELEFOON = Signpost(
    id="kindertelefoon",
    name="De Kindertelefoon",
    phone="0800-0432",
    url="https://www.kindertelefoon.nl",
    hours="elke dag 11:00–21:00 (check kindertelefoon.nl voor de actuele tijden)",
    text=(
        "Ben je jonger dan 18? Bij De Kindertelefoon kun je over alles praten: bel gratis "
        "0800-0432 of chat via kindertelefoon.nl. Elke dag van 11:00 tot 21:00; check "
        "kindertelefoon.nl voor de actuele tijden."
    ),
)

SIGNPOST_VEILIG_THUIS = Signpost(
    id="veilig_thuis",
    name="Veilig Thuis",
    phone="0800-2000",
    url="https://veiligthuis.nl",
    hours="dag en nacht",
    text=(
        "Ben je thuis niet veilig, of word je geslagen of misbruikt? Bel Veilig Thuis "
        "gratis op 0800-2000, dag en nacht. Je mag ook anoniem bellen."
    ),
)

SIGNPOST_112 = Signpost(
    id="112",
    name="112",
    phone="112",
    url="https://www.112.nl",
    hours="dag en nacht",
    text="Ben je in direct levensgevaar, of iemand anders? Bel 112.",
)

CRISIS_MESSAGE = (
    "Wat fijn dat je dit opschrijft. Het klinkt alsof het nu heel zwaar voor je is, en dat "
    "verdient aandacht. Je hoeft dit niet alleen te dragen: je kunt nu meteen met iemand "
    "praten via de hulplijnen hieronder. Een moderator leest je bericht met zorg voordat "
    "het op het forum komt."
)
CRISIS_MESSAGE_PRIVATE = (
    "Wat fijn dat je dit opschrijft. Het klinkt alsof het nu heel zwaar voor je is. Je "
    "casemanager krijgt een seintje. Wil je nu meteen met iemand praten? Dat kan via de "
    "hulplijnen hieronder."
)
DANGER_MESSAGE = (
    "Wat goed dat je dit vertelt. Niemand mag jou pijn doen, en het is nooit jouw schuld. "
    "Je kunt nu meteen hulp vragen via de nummers hieronder. Een moderator leest je bericht "
    "met zorg voordat het op het forum komt."
)
DANGER_MESSAGE_PRIVATE = (
    "Wat goed dat je dit vertelt. Niemand mag jou pijn doen, en het is nooit jouw schuld. "
    "Je casemanager krijgt een seintje. Je kunt nu meteen hulp vragen via de nummers "
    "hieronder."
)

_HOLD = " Een moderator kijkt ernaar."
_PROTECT = " Om je te beschermen zetten we geen contactgegevens op het forum."

RULE_MESSAGES: dict[str, str] = {
    "pii.phone": "Je bericht bevat iets dat op een telefoonnummer lijkt." + _PROTECT + _HOLD,
    "pii.email": "Je bericht bevat iets dat op een e-mailadres lijkt." + _PROTECT + _HOLD,
    "pii.bsn": (
        "Je bericht bevat iets dat op een burgerservicenummer (BSN) lijkt. Dat is een "
        "geheim nummer dat je beter nergens openbaar zet." + _HOLD
    ),
    "pii.iban": (
        "Je bericht bevat iets dat op een rekeningnummer (IBAN) lijkt. Deel dat niet met "
        "mensen die je niet kent." + _HOLD
    ),
    "pii.address": "Je bericht bevat iets dat op een adres lijkt." + _PROTECT + _HOLD,
    "pii.social": (
        "Je bericht bevat een account of gebruikersnaam op een andere app." + _PROTECT + _HOLD
    ),
    "grooming.age": (
        "Je vraagt iemand naar zijn of haar leeftijd. Op Roer houden we dat voor de "
        "veiligheid van iedereen buiten het forum." + _HOLD
    ),
    "grooming.photo": (
        "Je vraagt om foto's of beeld. Op Roer vragen we elkaar niet om foto's, om "
        "iedereen te beschermen." + _HOLD
    ),
    "grooming.private": (
        "Je bericht vraagt om contact buiten het forum, een afspraak of geheimhouding. "
        "Om iedereen te beschermen blijven gesprekken hier op het forum." + _HOLD
    ),
    "grooming.gift": (
        "Je bericht biedt geld, cadeaus of beltegoed aan. Dat doen we op Roer niet, om "
        "iedereen te beschermen." + _HOLD
    ),
    "abuse.insult": (
        "Je bericht lijkt iemand uit te schelden. Je mag het oneens zijn of boos zijn, "
        "maar probeer het zonder scheldwoorden te zeggen." + _HOLD
    ),
    "abuse.threat": (
        "Je bericht bevat een bedreiging. Zoiets plaatsen we niet, ook niet als grap. "
        "Ben je heel boos? Praat erover met je begeleider of casemanager."
    ),
    "abuse.hate": (
        "Je bericht zet mensen weg om wie ze zijn, zoals hun afkomst, geloof of geaardheid. "
        "Dat plaatsen we niet: iedereen moet zich hier veilig voelen."
    ),
    "sexual.explicit": (
        "Je bericht bevat seksuele taal die we niet op het forum plaatsen. Heb je vragen "
        "over seks of relaties? Die mag je wel stellen, in gewone woorden."
    ),
    "spam.link": (
        "Je bericht bevat een link naar een site die we niet kennen. Een moderator kijkt "
        "of de link veilig is."
    ),
    "spam.repeat": (
        "Je bericht bevat veel herhaling of hoofdletters. Een moderator kijkt ernaar; "
        "schrijf je het nog eens in gewone letters?"
    ),
}

HANDLE_MESSAGE = (
    "Deze schuilnaam kunnen we niet gebruiken: hij lijkt persoonlijke gegevens, "
    "scheldwoorden of seksuele taal te bevatten. Kies een andere naam die niets over jou "
    "verraadt."
)

REDACTED = "[verwijderd]"
