"""Questions young people and parents really ask, each with the guides that answer it.

Written before looking at how the search ranks them; a question passes when one of its
fitting guides is in the top three. Keep this list honest: do not tune it to the ranking.
"""

from __future__ import annotations

QUESTIONS: list[tuple[str, set[str]]] = [
    (
        "mijn voogd luistert niet naar me",
        {"ots-en-uithuisplaatsing", "klacht-en-vertrouwenspersoon"},
    ),
    ("ik word 18 wat moet ik regelen", {"18-worden"}),
    ("hoe lang moet ik wachten", {"wachtlijst"}),
    ("kan mijn moeder mijn dossier lezen", {"je-dossier", "ouders-12-en-16"}),
    ("ik heb schulden", {"geld-en-schulden"}),
    ("ik wil een klacht indienen", {"klacht-en-vertrouwenspersoon"}),
    ("ik wil niet meer leven", {"crisis-hulp", "welzijn-signaleringsplan"}),
    ("waar moet ik wonen als ik uit het pleeggezin moet", {"wonen", "verlengde-jeugdhulp"}),
    ("mag mijn jeugdzorg doorgaan na mijn achttiende", {"verlengde-jeugdhulp", "18-worden"}),
    ("er staat iets fout in mijn verslag", {"je-dossier"}),
    ("ik moet van de rechter naar de jeugdreclassering", {"jeugdreclassering"}),
    ("hoe krijg ik een verwijzing voor een psycholoog", {"hulp-via-huisarts"}),
    ("bij wie van de gemeente moet ik zijn voor hulp", {"jeugd-en-gezinsteam"}),
    ("ik ben gestopt met school en heb geen diploma", {"school-en-werk"}),
    ("ik heb geen volwassene om op terug te vallen", {"steunfiguur-jim"}),
    ("mijn kind heeft hulp nodig, waar begin ik", {"ouders-hulp-regelen", "jeugd-en-gezinsteam"}),
    ("mijn dochter is 16 en wil niet dat ik meekijk", {"ouders-12-en-16"}),
    ("ik word thuis geslagen", {"crisis-hulp"}),
    ("ik kom geld tekort aan het einde van de maand", {"geld-en-schulden"}),
    ("moet ik zelf een zorgverzekering afsluiten", {"18-worden"}),
    ("mijn kind is uit huis geplaatst, welke rechten heb ik", {"ots-en-uithuisplaatsing"}),
    ("krijg ik gratis een advocaat", {"ots-en-uithuisplaatsing", "jeugdreclassering"}),
    ("hoe schrijf ik op wat me helpt als het slecht gaat", {"welzijn-signaleringsplan"}),
    (
        "ik voel me somber en angstig",
        {"welzijn-signaleringsplan", "hulp-via-huisarts", "crisis-hulp"},
    ),
    ("wie kan mijn gegevens zien", {"je-dossier"}),
    ("ik wil een andere hulpverlener", {"klacht-en-vertrouwenspersoon", "jeugd-en-gezinsteam"}),
    ("ik zoek een kamer", {"wonen"}),
    ("kan ik bijstand krijgen", {"geld-en-schulden"}),
    ("hoe vraag ik studiefinanciering aan", {"school-en-werk", "18-worden"}),
]
