"""Dutch texts of the attention queue."""

from __future__ import annotations

TITLES = {
    "wants_contact": "Wil graag contact",
    "parent_wants_contact": "Ouder wil graag contact",
    "unsafe_home": "Voelt zich niet veilig thuis",
    "crisis": "Crisistaal in een bericht",
    "low_mood": "Meerdere check-ins op rij een lage stemming",
    "mood_drop": "Stemming duidelijk lager dan normaal",
    "missed": "Meerdere check-ins op rij gemist",
    "grooming": "Mogelijk benaderd door een volwassene met slechte bedoelingen",
}
NOTIFY_TITLE = "Nieuw signaal in je aandachtslijst"
NOTIFY_URGENT_TITLE = "Dringend signaal: kijk zo snel mogelijk"
ESCALATION_TITLE = "Dringend signaal van een collega is nog niet opgepakt"
ESCALATION_BODY = (
    "Een dringend signaal bij een jongere van je team is nog niet bevestigd. "
    "Kijk in je aandachtslijst of jij het kunt oppakken."
)
