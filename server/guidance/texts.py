"""Dutch texts of guidance: messages, the stop-word list and search synonyms."""

from __future__ import annotations

# PostgreSQL's ``dutch`` text-search stop list (Snowball's Dutch stop words), so that a
# query means the same on SQLite (where we drop them in Python) and on PostgreSQL.
_STOP_LIST = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden
    toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier
    wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand
    geweest andere
"""
STOP_WORDS = frozenset(_STOP_LIST.split())

# Words people use in questions → words the guides use. Keys are lower-case words as
# typed; values are added to the query (OR), never replace it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "voogd": ("jeugdbeschermer", "gezinsvoogd", "jeugdbescherming"),
    "gezinsvoogd": ("jeugdbeschermer", "voogd"),
    "jeugdbeschermer": ("voogd", "gezinsvoogd"),
    "moeder": ("ouder",),
    "vader": ("ouder",),
    "mama": ("ouder",),
    "papa": ("ouder",),
    "mam": ("ouder",),
    "pap": ("ouder",),
    "dochter": ("kind",),
    "zoon": ("kind",),
    "18": ("achttien",),
    "achttien": ("18",),
    "achttiende": ("18",),
    "18e": ("18",),
    "meerderjarig": ("18",),
    "hulpverlener": ("casemanager",),
    "casemanager": ("hulpverlener",),
    "wijkteam": ("jeugd", "gezinsteam"),
    "klagen": ("klacht",),
    "verslag": ("dossier",),
    "rapport": ("dossier",),
    "gegevens": ("dossier",),
    "advocaat": ("rechtsbijstand", "advocaat"),
    "rechter": ("kinderrechter",),
    "kinderrechter": ("rechter",),
    "geslagen": ("mishandeling", "veilig"),
    "mishandeld": ("mishandeling", "veilig"),
    "zelfmoord": ("113", "crisis"),
    "dood": ("113", "crisis"),
    "leven": ("113",),
    "somber": ("welzijn",),
    "angstig": ("angst",),
    "kamer": ("wonen", "woning"),
    "huis": ("wonen", "woning"),
    "schuld": ("schulden",),
    "geldzorgen": ("geld", "schulden"),
}

CONTENT_BROKEN = (
    "Roer start niet: de inhoud in content/ klopt niet. "
    "Herstel deze problemen (dezelfde als `roer content check` meldt):"
)
GUIDE_NOT_FOUND = "Deze gids bestaat niet."
PATHWAY_NOT_FOUND = "Dit stappenplan bestaat niet."
EDITORS_ONLY = "Alleen ervaringsdeskundigen en beheerders zien de feedback op gidsen."
COMMENT_WITHHELD = (
    "Dank je voor je reactie. Je opmerking hebben we niet bewaard, omdat er iets in staat "
    "dat niet in feedback op een gids hoort (bijvoorbeeld een telefoonnummer of naam). "
    "Of je de gids nuttig vond, is wel opgeslagen."
)
COMMENT_CRISIS = (
    "Dank je voor je reactie. Wat je schrijft klinkt alsof het nu echt niet goed met je gaat. "
    "Je hoeft dit niet alleen te dragen: hieronder staan mensen die je meteen kunt bellen "
    "of chatten, dag en nacht. Je opmerking is niet bij de gids bewaard."
)
CRISIS_ALERT_DETAIL = "Crisistaal in feedback op een gids"
