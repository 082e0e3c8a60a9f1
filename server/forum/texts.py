"""Dutch texts of the forum: statuses, refusals, notifications, handle word lists."""

from __future__ import annotations

import datetime as dt

PEER_EXPERT_BADGE = "ervaringsdeskundige"

STATUS_TEXT = {
    "held": "wacht op een moderator",
    "hidden": "verborgen na meldingen; een moderator kijkt ernaar",
    "removed": "verwijderd door een moderator",
}

SPACE_NAMES = {"12-15": "12 tot 16 jaar", "16-27": "16 tot 27 jaar", "ouders": "ouders"}

NOT_YOUR_SPACE = "Dit deel van het forum is voor {space}. Je kunt hier niet lezen of schrijven."
READ_ONLY = "Je kunt hier lezen, maar niet schrijven: dit deel is voor {space}."
NO_FORUM = "Het forum is er voor jongeren, ouders en ervaringsdeskundigen."
MODERATORS_ONLY = "Alleen moderators kunnen dit doen."
THREAD_NOT_FOUND = "Dit onderwerp bestaat niet (meer)."
POST_NOT_FOUND = "Dit bericht bestaat niet (meer)."
QUOTE_NOT_FOUND = "Het bericht dat je citeert bestaat niet of staat in een ander onderwerp."
CLIENT_ID_REUSED = "Deze client_id is al gebruikt voor iets anders."
EDIT_WINDOW = "Je kunt een bericht alleen binnen {minutes} minuten na het plaatsen aanpassen."
NOT_EDITABLE = "Dit bericht kan niet meer worden aangepast."
NOT_YOURS = "Je kunt alleen je eigen berichten aanpassen of verwijderen."
OWN_POST_REPORT = "Je kunt je eigen bericht niet melden."
HANDLE_TAKEN = "Deze forumnaam is al bezet. Kies een andere."
HANDLE_IS_ACCOUNT = "Kies een forumnaam die niet je gebruikersnaam of e-mailadres is."
HANDLE_REFUSED = "Deze forumnaam kan niet: {message}"
RATE_LIMIT = (
    "Je hebt het afgelopen uur al {limit} berichten geplaatst. "
    "Probeer het over {minutes} minuten opnieuw."
)
MUTED = "Je kunt tijdelijk niet schrijven op het forum, tot {until}."
BANNED = "Je kunt niet meer schrijven op het forum. Je account is uitgesloten van het forum."
ITEM_DECIDED = "Over dit item is al besloten."
ITEM_NOT_FOUND = "Dit item staat niet in de wachtrij."
APPEAL_SAME_MODERATOR = (
    "Je hebt dit bericht zelf verwijderd; een andere moderator beslist over het bezwaar."
)
APPEAL_NOT_POSSIBLE = "Je kunt alleen bezwaar maken tegen een verwijderd bericht van jezelf."
APPEAL_ONCE = "Je hebt al bezwaar gemaakt tegen deze verwijdering."
REASON_REQUIRED = "Geef een reden die de schrijver te zien krijgt."
MUTE_HOURS_REQUIRED = "Geef aan hoeveel uur het schrijfverbod duurt."
BLOCKED = "Dit kun je zo niet plaatsen. {message}"
REPORT_THANKS = "Dank je voor je melding. Een moderator kijkt ernaar."
APPEAL_THANKS = "Je bezwaar is ontvangen. Een andere moderator kijkt er opnieuw naar."
MEMBER_NOT_FOUND = "Dit forumlid bestaat niet."

NOTIFY = {
    "approve": "Je bericht is goedgekeurd door een moderator en staat nu op het forum.",
    "remove": "Een moderator heeft je bericht verwijderd. Reden: {reason} "
    "Je kunt één keer bezwaar maken.",
    "redact": "Een moderator heeft persoonlijke gegevens uit je bericht gehaald; "
    "daarna is het geplaatst. Zo blijf jij en blijven anderen veilig.",
    "warn": "Je hebt een waarschuwing gekregen van een moderator. Reden: {reason}",
    "mute": "Je kunt tot {until} niet schrijven op het forum. Reden: {reason}",
    "ban": "Je bent uitgesloten van het forum. Reden: {reason}",
    "hidden": "Je bericht is na meldingen van anderen verborgen tot een moderator ernaar kijkt.",
    "appeal_upheld": "Je bezwaar is toegekend: je bericht staat weer op het forum.",
    "appeal_rejected": "Je bezwaar is afgewezen: je bericht blijft verwijderd. Reden: {reason}",
}

# Suggested handles: "Blauwe Vos 42". Kind, neutral words; nothing that hints at age or place.
ADJECTIVES = (
    "Blauwe", "Groene", "Rode", "Gele", "Paarse", "Oranje", "Zilveren", "Gouden",
    "Stille", "Snelle", "Dappere", "Vrolijke", "Slimme", "Rustige", "Sterke", "Zachte",
    "Wijze", "Vrije", "Heldere", "Warme",
)  # fmt: skip
NOUNS = (
    "Vos", "Uil", "Das", "Reiger", "Otter", "Egel", "Merel", "Zwaluw", "Haas", "Eekhoorn",
    "Ree", "Valk", "Meeuw", "Kikker", "Vlinder", "Wolf", "Beer", "Lynx", "Zeehond", "Kraai",
    "Golf", "Wolk", "Ster", "Boom", "Duin", "Rivier", "Berg", "Maan",
)  # fmt: skip


def when(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """A moment as people in the Netherlands read it: 23-11-2026 om 14:05."""
    local = moment.astimezone(tz)
    return f"{local:%d-%m-%Y} om {local:%H:%M}"


ERASED_HANDLE = "Verwijderd lid"
ERASED_TITLE = "Verwijderd onderwerp"
