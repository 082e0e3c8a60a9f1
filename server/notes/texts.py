"""Dutch texts of the youth-care file: notifications and statuses people read."""

from __future__ import annotations

import datetime as dt

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

RETAINED = (
    "Dit dossier wordt bewaard omdat de Jeugdwet dat vraagt. Het hoort bij geen account meer; "
    "de organisatie kan het alleen op een wettelijk verzoek inzien."
)
# Per correction target: "note" (a case note) or "big5_view" (a casemanager's BIG5 view).
# Notifications never quote the text that is being corrected.
CORRECTION_REQUESTED = {
    "note": (
        "Correctieverzoek",
        "Een jongere uit je caseload vraagt om een correctie in het dossier van {label}.",
    ),
    "big5_view": (
        "Correctieverzoek BIG5",
        "Een jongere uit je caseload vraagt om een correctie van het BIG5-beeld van de "
        "casemanager in het dossier van {label}.",
    ),
}
CORRECTION_ACCEPTED = {
    "note": (
        "Je verslag is gecorrigeerd",
        "Je casemanager heeft je correctie doorgevoerd. De oude versie is vernietigd: die staat "
        "nergens meer, ook niet in een back-up van het verslag of in een overzicht.",
    ),
    "big5_view": (
        "Het BIG5-beeld is gecorrigeerd",
        "Je casemanager heeft je correctie van zijn of haar BIG5-beeld doorgevoerd. De oude "
        "versie is vernietigd: die staat nergens meer, ook niet in de geschiedenis of in een "
        "overzicht.",
    ),
}
CORRECTION_DECLINED = {
    "note": (
        "Je correctieverzoek is niet overgenomen",
        "Je casemanager heeft je verslag niet aangepast en legt in de app uit waarom. Ben je "
        "het er niet mee eens? Dan kun je je eigen verklaring aan het verslag toevoegen. Die "
        "staat er dan altijd bij.",
    ),
    "big5_view": (
        "Je correctieverzoek is niet overgenomen",
        "Je casemanager heeft het BIG5-beeld niet aangepast en legt in de app uit waarom. Ben "
        "je het er niet mee eens? Dan kun je je eigen verklaring toevoegen. Die staat er dan "
        "altijd bij.",
    ),
}
ALREADY_OPEN = {
    "note": "Er loopt al een correctieverzoek voor dit verslag.",
    "big5_view": "Er loopt al een correctieverzoek voor dit BIG5-beeld.",
}
NOTE_NEEDS_BODY = "Geef de gecorrigeerde tekst van het verslag (body)."
BIG5_NEEDS_VIEW = "Geef het gecorrigeerde BIG5-beeld (big5_view: status, onderdelen, notitie)."
NOTE_CORRECTED_PURPOSE = "Correctie op verzoek van de jongere doorgevoerd; oude versie vernietigd"
BIG5_CORRECTED_PURPOSE = (
    "Correctie van het BIG5-beeld op verzoek van de jongere doorgevoerd; oude versie vernietigd"
)
DESTRUCTION_REQUESTED = (
    "Verzoek om een dossier te vernietigen",
    "Er is gevraagd het dossier van {label} te vernietigen. Beslis uiterlijk {deadline}.",
)
DESTRUCTION_APPROVED = (
    "Het dossier is vernietigd",
    "Het verzoek om het dossier te vernietigen is toegekend. Alle verslagen, BIG5-beelden van "
    "de casemanager, verklaringen en correcties zijn vernietigd. Alleen het feit dat dat "
    "gebeurde, staat nog in het toegangslogboek.",
)
DESTRUCTION_REFUSED = (
    "Het dossier wordt niet vernietigd",
    "De organisatie heeft je verzoek afgewezen: {ground}. In de app lees je de uitleg. Ben je het "
    "er niet mee eens, dan kun je een klacht indienen of naar de rechter.",
)
REFUSAL_KINDS = {
    "third_party_interest": "het belang van een ander weegt zwaarder",
    "legal_duty": "de wet verplicht de organisatie het dossier te bewaren",
}


def date_nl(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def destruction_status(status: str, deadline: dt.date, kind: str | None) -> str:
    if status == "approved":
        return "Toegekend: het dossier is vernietigd."
    if status == "refused":
        return f"Afgewezen: {REFUSAL_KINDS.get(kind or '', 'zie de uitleg')}."
    return f"In behandeling. De organisatie beslist uiterlijk {date_nl(deadline)}."
