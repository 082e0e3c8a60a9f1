"""Dutch texts of the consoles that are not in the templates themselves."""

from __future__ import annotations

CSRF_FAILED = (
    "Dit formulier is verlopen of kwam niet van deze console. Laad de pagina opnieuw en "
    "probeer het nog eens."
)
NOT_STAFF = (
    "De console is er alleen voor medewerkers. Jongeren en ouders gebruiken de Roer-app; "
    "daar kun je gewoon inloggen met hetzelfde account."
)
CODE_EXPIRED = "Het inloggen duurde te lang. Vul je gebruikersnaam en wachtwoord opnieuw in."
BAD_CODE = "Deze code klopt niet of is al gebruikt. Wacht op de volgende code en probeer opnieuw."
NEED_CODE = "Vul de zescijferige code uit je authenticator-app in."
LOGGED_OUT = "Je bent uitgelogd."
RESOLVED = "Signaal afgehandeld."
ACKNOWLEDGED = "Signaal bevestigd: je collega's krijgen het niet meer doorgestuurd."
HANDED_OVER = "De casus is overgedragen."
CORRECTED = "Het verslag is gecorrigeerd; de oude tekst is vernietigd. De jongere krijgt bericht."
DECLINED = (
    "Het correctieverzoek is afgewezen; de jongere krijgt bericht en kan een eigen verklaring "
    "toevoegen."
)
ROLE_NAMES = {
    "casemanager": "casemanager",
    "moderator": "moderator",
    "admin": "beheerder",
    "peer_expert": "ervaringsdeskundige",
    "youth": "jongere",
    "parent": "ouder",
    "support_person": "steunfiguur",
}
# Field names in validation errors, as the person filling in the form knows them.
FIELD_LABELS = {
    "note": "Notitie",
    "reason": "Reden",
    "casemanager_id": "Nieuwe casemanager",
    "role": "Rol",
    "login": "Gebruikersnaam of e-mailadres",
    "password": "Wachtwoord",
    "totp_code": "Code",
    "title": "Titel",
    "body": "Tekst",
    "client_id": "Formulier (laad de pagina opnieuw)",
    "big5_view.status": "Status",
    "big5_view.note": "Notitie",
}
# Domains that other parts of Roer deliver; until they are there the page says so.
PENDING = {
    "checkins": "De check-ins van deze jongere verschijnen hier zodra check-ins beschikbaar zijn.",
    "big5": "De BIG5, gereedheid en plannen verschijnen hier zodra de BIG5 beschikbaar is.",
    "notes": "Dossiernotities en correctieverzoeken verschijnen hier zodra ze beschikbaar zijn.",
    "chat": "Het gesprek met deze jongere verschijnt hier zodra de chat beschikbaar is.",
    "moderation": (
        "De moderatiewachtrij verschijnt hier zodra het forum beschikbaar is. "
        "Er is nu nog niets te modereren."
    ),
    "stats": (
        "De BIG5-statistieken verschijnen hier zodra de BIG5 beschikbaar is. Kleine groepen "
        "(minder dan 10 jongeren) worden nooit getoond, alleen als “<10”."
    ),
}
