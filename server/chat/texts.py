"""Dutch texts of the chat."""

from __future__ import annotations

SYSTEM_NAME = "Roer"
REMOVED_NAME = "verwijderd lid"
REMOVED_BODY = "[bericht verwijderd]"

EMERGENCY = (
    "Is het dringend? Praat over zelfmoord met 113 Zelfmoordpreventie: bel 113 of gratis "
    "0800-0113 (dag en nacht), of chat op 113.nl. Ben je jonger dan 18, dan kun je ook de "
    "Kindertelefoon bellen: 0800-0432 (gratis, dag en nacht). Voel je je thuis niet veilig? "
    "Bel Veilig Thuis: 0800-2000. Ben je in direct gevaar, bel dan 112."
)

CRISIS_REPLY = (
    "Wat je schrijft klinkt heel zwaar. Fijn dat je het deelt. Je casemanager krijgt meteen "
    "een melding. Je hoeft niet te wachten tot je casemanager reageert:"
)

OFFICE_HOURS_REPLY = (
    "Bedankt voor je bericht. Je casemanager is nu niet aan het werk en leest het {when}. "
    + EMERGENCY
)
OFFICE_HOURS_UNKNOWN = "bij de volgende werkdag"

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

HANDOVER_NOTICE = (
    "Je hebt een nieuwe casemanager: {name}. Je gesprekken gaan mee; {name} kan eerdere "
    "berichten lezen. Je vorige casemanager kan dat vanaf nu niet meer."
)
HANDOVER_TITLE = "Je hebt een nieuwe casemanager"

NEW_MESSAGE_TITLE = "Nieuw bericht"
NEW_MESSAGE_BODY = "Je hebt een nieuw bericht van {name} in Roer."

NOT_ACTIVE = "Dit gesprek is nog niet gestart: de jongere moet eerst toestemming geven."
FAMILY_EXISTS = "Er is al een gezinsgesprek voor deze casus."
NO_YOUTH = "Aan deze casus is nog geen jongere gekoppeld."
SLOT_ORDER = "Het einde moet na het begin liggen."
