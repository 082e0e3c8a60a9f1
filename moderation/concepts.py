"""Concept rules: a harm word near a cue word, in either order, instead of fixed phrases.

The phrase rules in ``phrases.py`` missed more than half of the crisis texts in a holdout
written afterwards: young people say the same thing in too many ways. These rules name
the concepts (self-harm words, hurting verbs, dying words, overdose words) and the cues
that make them about the writer (me, mijn, thuis, wil, niet meer), and accept any order
within a few words. Benign contexts ("uien snijden", "de kat krast") are masked first, in
``phrases._MASKS``.
Written in ordinary Dutch; folded like every other pattern.
"""

# "slaat me nooit", "ik sla me er wel doorheen": no hurting.
NOT_AFTER = r"(?! (?:\w+ ){0,2}(?:niet|nooit|nie)\b| (?:\w+ ){0,2}(?:er ?door|doorheen))"


def _near(a: str, b: str, n: int = 5) -> str:
    """``a`` and ``b`` within ``n`` words of each other, in either order."""
    gap = rf" (?:\w+ ){{0,{n}}}"
    return f"{a}{gap}{b}|{b}{gap}{a}"


_ME = r"(?:ik|k|me|mij|mezelf|mijzelf|mijn|mn|m|kben|kheb)\b"
_SELF_HARM = (
    r"(?:kras\w*|(?:open|kapot|stuk)?gekrast|snij|snijd|snijden|sned\w*"
    r"|(?:open|kapot|stuk)?gesneden|sneetjes|self ?harm\w*|sh"
    r"|snijwond\w*|verwond\w*|zelfverwond\w*|branden|gebrand|brandwond\w*|verbrand\w*"
    r"|bloeden)\b"
)
_DYING = r"(?:dod|dood|doodgaan|doodga|doodschiet\w*|doodmaken|sterven|sterf|verdrinken)\b"
_WANT = r"(?:wil|wl|wou|wilde|kan beter|liever|beter|hoop|zou|ga me|gaan me|wens)\b"
_LIFE = r"(?:leven|lev|bestaan|wereld)\b"
_DESPAIR = (
    r"(?:niet meer|nie meer|klaar met|trek|zat|geen zin|weg uit|stoppen|kappen|beeindig\w*"
    r"|genoeg van|beu|uit stappen|eruit stappen|wil weg|niet aan|stop\w*|kap|ermee|geen reden"
    r"|ophoudt|ophouden"
    r"|geen zin)\b"
)
_PILLS = r"(?:pillen|pil|paracetamol|medicijnen|tabletten|slaappillen|oxazepam|antidepressiva)\b"
_AMOUNT = (
    r"(?:doos|strip|strips|hele|alle|allemaal|potje|pot|teveel|te veel|naar binnen"
    r"|in een keer)\b"
)
_HURT = (
    r"(?:slaat|sla|slaan|sloeg|sloegen|geslagen|schopt|schoppen|schopte|geschopt|mishandelt"
    r"|mishandeld|mishandelen|misbruikt|misbruiken|verkracht|aangerand|aangeraakt|wurgt"
    r"|gewurgd|opgesloten|bedreigt|bedreigd|duwt|geduwd)\b"
)
_HOME = (
    r"(?:thuis|vader|moeder|ouders|pa|ma|papa|mama|stiefvader|stiefmoeder|pleegvader"
    r"|pleegmoeder|pleegouders|broer|zus|oom|tante|opa|vriend|vriendje|ex|hij|ze|zij)\b"
)

CONCEPT_RULES: dict[str, list[str]] = {
    "crisis.suicide": [
        _WANT + r" " + r"(?:\w+ ){0,3}" + _DYING,
        _near(_LIFE, _DESPAIR, 5),
        # Despair without a death word: "ik wil echt niet meer, het heeft geen zin".
        r"wil (?:echt |gewoon |gwn |nu )?(?:niet|nie) meer(?= (?:het|ik|k|echt|niks|alles|dit|zo)\b"
        r"|$)",
        r"(?:heeft|heb|is) (?:\w+ ){0,2}geen (?:zin|nut) meer(?! (?:in|om|naar|op|met|voor)\b)"
        r"|geen reden (?:meer )?(?:om|voor)",
        r"(?:wil|wou|zou willen) (?:\w+ ){0,2}verdwijnen(?! (?:in|naar|onder|achter|uit)\b)"
        r"|nooit meer terug(?:komen|kom)\b",
        r"(?:wou|wil|hoop|wens) (?:\w+ ){0,4}(?:niet|nooit) (?:meer )?wakker",
        r"(?:rand|reling|leuning) van (?:de|het|een) (?:brug|dak|flat|balkon|spoor)",
        r"(?:mezelf|mijzelf|zichzelf) (?:\w+ ){0,3}(?:doden|te doden|vermoorden|te vermoorden"
        r"|ombrengen|om te brengen)",
        r"(?:van|uit) (?:de|deze) wereld (?:af|weg|stappen)\b",
        # Young people mix in English and forum abbreviations ("sh" is self-harm).
        r"\bi (?:want|wanna|wish i|just want) (?:\w+ ){0,2}(?:die|dead|be dead|disappear)\b"
        r"|\bkill me\b|\bend it all\b|\bsuicidal\b",
        r"(?:ga|wil|gaan) (?:\w+ ){0,3}springen(?! (?:op|in|met|naar|over|touwtje|rond)\b)",
        r"(?:dit is|hier is) (?:mijn|mn) afscheid",
        r"(?:sta|zit|lig|ben|stond|lag) (?:\w+ ){0,2}op het spoor",
        r"(?:zich|zichzelf|mezelf|me) (?:\w+ ){0,1}van kant",
        r"punt (?:\w+ ){0,3}(?:alles|mijn leven|mn leven|het leven)\b",
        r"(?:denk|dacht|denken) (?:\w+ ){0,3}aan (?:springen|ophangen|snijden|pillen|de dood"
        r"|doodgaan|zelfdoding|er een eind)",
        r"verdien (?:het )?(?:om )?(?:\w+ ){0,2}(?:dood|sterven|niet te leven)",
        r"(?:zich|zichzelf|mezelf|me|wil|gaat|ga) (?:\w+ ){0,2}(?:ophangen|opknopen|verhangen)",
        r"(?:mes|mesje|scheermesje|touw|pillen)\w* (?:\w+ ){0,2}(?:klaar|klaargelegd)",
        _near(_PILLS, _AMOUNT, 3) + r"|(?:overdosis|od)\b",
        r"afscheid " + r"(?:\w+ ){0,3}(?:geregeld|genomen|nemen|brief|geschreven)",
        r"(?:geen toekomst|niet ouder worden|niet ouder word|niet meer hier)\b",
        _near(_ME, r"(?:ophangen|op te hangen|opgehangen|opknopen|verhangen)\b", 4),
    ],
    "crisis.selfharm": [
        _ME + r" " + r"(?:\w+ ){0,5}" + _SELF_HARM,
        _SELF_HARM + r" " + r"(?:\w+ ){0,4}" + _ME,
        r"(?:armen|arm|benen|been|bovenbenen|polsen|pols|buik|dijen)\b (?:\w+ ){0,4}"
        r"(?:sneetjes|snijwond\w*|krassen|littekens|opengesneden|gesneden|gekrast|open gehaald"
        r"|brandwond\w*|verbrand|aansteker|sigaret"
        r"|opengehaald|open gekrast|bloed\w*)\b",
    ],
    "crisis.danger": [
        _HURT + r" (?:\w+ ){0,1}(?:me|mij)\b" + NOT_AFTER,
        r"(?:word|werd|ben|wordt) (?:\w+ ){0,4}" + _HURT,
        _near(r"(?:onveilig|niet veilig|geen veilig)", r"thuis", 4),
        r"durf (?:\w+ ){0,2}(?:niet|nie) (?:\w+ ){0,2}(?:naar huis|thuis)",
        r"(?:niet|nie) (?:meer |echt )?veilig (?:\w+ ){0,2}(?:bij|met) (?:mijn|mn|m|die) (?:\w+ )?"
        + _HOME,
        r"weggelopen (?:van|uit) huis|van huis weggelopen|(?:geslagen|geschopt|mishandeld"
        r"|misbruikt) (?:word|wordt|werd|worden)\b",
        _near(r"(?:niet|nie) (?:meer |echt )?veilig", r"thuis", 4),
        r"\w*bang (?:\w+ ){0,1}(?:voor|van) (?:mijn|mn|m|me|de) (?:\w+ )?" + _HOME,
        r"(?:mes|wapen|pistool|schaar) (?:\w+ ){0,2}(?:gepakt|getrokken|tegen (?:me|mij))",
        r"(?:me|mij) (?:\w+ ){0,2}(?:bedreigen|mishandelen|misbruiken|in elkaar slaan)\b",
        r"(?:sluit|sluiten|sloot) (?:me|mij) op\b|(?:sluit|sluiten|sloot) (?:me|mij) (?:\w+ )?"
        r"(?:in|op) (?:de|het|mijn|mn) (?:kamer|kelder|kast|zolder|badkamer)",
        _near(_HOME, r"(?:geweld|agressief|gewelddadig|dreigt|dreigen)\b", 4),
        r"(?:heeft|hebben|had) (?:me|mij) (?:\w+ ){0,4}(?:geslagen|geschopt|mishandeld|misbruikt"
        r"|verkracht|gewurgd|pijn gedaan|bedreigd)",
        # Sexual abuse is often told without the word: "doet dingen met me die ik niet wil".
        r"(?:met|aan|bij) (?:me|mij) (?:\w+ ){0,3}(?:die|wat|dat) ik niet wil",
        r"(?:op|in|naar) (?:mijn|mn|me) (?:kamer|bed) (?:\w+ ){0,3}(?:niet wil|wil ik niet)",
        r"s nachts (?:\w+ ){0,3}(?:op|in|naar) (?:mijn|mn|me) (?:kamer|bed)",
    ],
    "grooming.private": [
        r"(?:we|wij|je|jij) (?:\w+ ){0,3}(?:praten|chatten|kletsen|verder|appen|spreken) "
        r"(?:\w+ ){0,1}(?:op|via) (?:snap\w*|insta\w*"
        r"|whatsapp|wa|telegram|discord|tiktok|de app|dm|prive|kik)\b",
        r"\bje (?:\w+ ){0,4}ophalen\b",
        r"(?:we|wij|je|jij) (?:\w+ ){0,2}(?:op|via) (?:snap\w*|insta\w*|whatsapp|wa|telegram"
        r"|discord|tiktok|kik) (?:\w+ ){0,2}(?:verder|chatten|praten|kletsen|appen)",
        r"niet (?:tegen|aan) (?:je|jouw) (?:ouders|moeder|vader|begeleider|voogd|mentor"
        r"|casemanager|pleegouders|groepsleiding)\w* (?:te )?(?:zeggen|vertellen)",
        r"(?:zit|ben) (?:je|jij) (?:\w+ )?alleen\b",
    ],
    "grooming.photo": [
        r"(?<!ik )(?<!\bk )\bstuur (?:\w+ ){0,4}(?:fotos?|pics?|selfies?|plaatjes?|filmpjes?)\b",
    ],
    "abuse.threat": [
        r"weet waar (?:je|jij|u) (?:woont|woon|zit|op school zit)",
    ],
}
