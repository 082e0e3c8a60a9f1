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
    return f"(?:{a}){gap}(?:{b})|(?:{b}){gap}(?:{a})"


_ME = r"(?:ik|k|me|mij|mezelf|mijzelf|mijn|mn|m|kben|kheb)\b"
_SELF_HARM = (
    r"(?:kras\w*|(?:open|kapot|stuk)?gekrast|snij|snijd|snijden|sned\w*"
    r"|(?:open|kapot|stuk)?gesneden|gesnedn|sneetjes|self ?harm\w*|sh"
    r"|snijwond\w*|verwond\w*|zelfverwond\w*|branden|gebrand|brandwond\w*|verbrand\w*"
    r"|bloeden)\b"
)
_DYING = (
    r"(?:dod|dood|doodgaan|doodga|doodschiet\w*|doodmaken|sterven|sterf|stierf|verdrinken"
    r"|overlijden)\b"
)
_WANT = r"(?:wil|wl|kwil|kwou|wou|wilde|kan beter|liever|beter|hoop|zou|ga me|gaan me|wens)\b"
_LIFE = r"(?:leven|lev|lefen|bestaan|wereld)\b"
_DESPAIR = (
    r"(?:niet meer|nie meer|klaar met|trek|zat|geen zin|weg uit|stoppen|kappen|beeindig\w*"
    r"|genoeg van|beu|uit stappen|eruit stappen|wil weg|niet aan|stop\w*|kap|ermee|geen reden"
    r"|ophoudt|ophouden|klaar mee"
    r"|geen zin)\b"
)
_PILLS = r"(?:pillen|pil|paracetamol|medicijnen|tabletten|slaappillen|oxazepam|antidepressiva)\b"
_AMOUNT = (
    r"(?:doos|strip|strips|hele|alle|allemaal|potje|pot|teveel|te veel|naar binnen|al mijn|al mn"
    r"|zoveel|zo veel|heel veel|een hoop|een heleboel|fles|flesje"
    r"|al die|al de"
    r"|in een keer)\b"
)
_HURT = (
    r"(?:slaat|sla|slaan|sloeg|sloegen|geslagen|schopt|schoppen|schopte|geschopt|mishandelt"
    r"|mishandeld|mishandelen|misbruikt|misbruiken|verkracht|aangerand|aangeraakt|wurgt"
    r"|gewurgd|opgesloten|bedreigt|bedreigd|duwt|geduwd|trapt|trapte|getrapt|stompt|stompte"
    r"|gestompt|knijpt|kneep|geknepen)\b"
)
_HOME = (
    r"(?:thuis|vader|moeder|ouders|pa|ma|papa|mama|stiefvader|stiefmoeder|pleegvader"
    r"|pleegmoeder|pleegouders|broer|zus|oom|tante|opa|vriend|vriendje|ex|hij|ze|zij)\b"
)

# --- Concept groups added after holdout v8 (holdout2.tsv) ---------------------------------
# Finality: sleeping, disappearing or being gone for good.
_SLEEP = r"(?:slapen|slaap|inslapen|in slapen|in slaap vallen|gaan liggen)"
_FOREVER = r"(?:voor altijd|voorgoed|voor eeuwig|en nooit meer (?:wakker|op|opstaan|terug))"
# Means of suicide and where they are kept or bought.
_MEANS = (
    r"(?:touw|strop|mes|mesje|mesjes|scheermes|scheermesje|scheermesjes|pillen|paracetamol"
    r"|slaappillen|tabletten|medicijnen|oxazepam|wapen|pistool)"
)
_READY = (
    r"(?:klaar|klaargelegd|klaar gelegd|klaarliggen|verstopt|liggen|ligt|gekocht|gehaald"
    r"|gemaakt|geknoopt|naast (?:me|mij)|klaarstaan|klaar staan"
    r"|besteld|gespaard|verzameld|opgespaard|onder (?:mijn|mn) (?:kussen|matras|bed)"
    r"|in (?:mijn|mn) (?:kast|la|tas|kamer))"
)
# High places and the track, where someone stands, walks or looks down.
_PLACE = (
    r"(?:het spoor|de rails|de brug|het dak|de flat|het balkon|de reling|de rand|het perron"
    r"|het viaduct|de parkeergarage)"
)
_EDGE = (
    r"(?:twijfel\w*|springen|spring|hoog|naar beneden|beneden|laatste|afscheid|eraf|er af"
    r"|durf)\b"
)
# "tot na de vakantie", "tot morgen": a farewell before a trip or a time is not one.
NOT_A_TRIP = (
    r"(?!(?: \w+){0,8} (?:vakantie|weekend|kamp|reis|morgen|straks|later|volgende|maand|week"
    r"|school|feest|verhuis\w*|op kamers)\b)"
)
# Hopelessness and being a burden.
_BURDEN = (
    r"(?:last voor|last van|tot last|blok aan (?:het|ieders) been|beter af zonder"
    r"|beter af als ik|niemand (?:\w+ ){0,2}(?:merken|missen|zien)(?! (?:op|bij) (?:het|de|een|dat"
    r"|die|mijn) )|toch niet uit of ik"
    r"|(?:beter|makkelijker|fijner|rustiger|leuker|gelukkiger|blijer|door) (?:\w+ ){0,1}zonder"
    r" (?:mij|me)\b"
    r"|(?:als|dat) (?:ik|k) er (?:\w+ ){0,1}(?:niet|nie) (?:was|zou zijn)\b)"
)
# Family and people at home as the subject of violence.
_HOME_SUBJECT = (
    r"(?:vader|moeder|ouders|pa|ma|papa|mama|stiefvader|stiefmoeder|stiefpa|stiefma"
    r"|pleegvader|pleegmoeder|pleegouders|broer|zus|oom|tante|opa|oma|neef|vriend|ex|hij|ze"
    r"|zij)"
)
_THROWN_OUT = (
    r"(?:de deur uit|op straat|buiten de deur|uit huis|eruit|naar buiten|buiten)"
    r" ?(?:gezet|gegooid|geschopt|getrapt|gesmeten|zetten|gooien)"
)
_SEXUAL_ACT = (
    r"(?:dingen|seks|sex|naar bed|te zoenen|zoenen|aan (?:hem|haar) te zitten|uit te kleden"
    r"|uitkleden"
    r"|aan te raken|aanraken|zijn piemel|pijpen)"
)
# A media or school frame: "in het boek pleegt de hoofdpersoon zelfmoord", "een spreekbeurt
# over zelfbeschadiging". Crisis matches without a first-person word are dropped there.
MEDIA_FRAME = (
    r"\b(?:spreekbeurt|werkstuk|profielwerkstuk|verslag|presentatie|hoofdpersoon|personage"
    r"|documentaire|aflevering|voorlichting|boekverslag|in (?:het|dat|een) boek|in (?:de|die|een)"
    r" (?:film|serie|game|les)|les over|lessen over|(?:boek|film|serie|documentaire|artikel"
    r"|verhaal|liedje|video|nummer) over)\b"
)
# Play and sport: "voor de grap", "tijdens voetbal", "kussengevecht". Danger matches are
# dropped there.
PLAY_FRAME = (
    r"\b(?:voor de grap|als grap|kussengevecht\w*|met een kussen|tijdens (?:het |de )?(?:voetbal"
    r"|gym|training|wedstrijd|hockey|spel|judo|rugby|stoeien)|bij (?:het |de )?(?:voetbal|gym"
    r"|training|wedstrijd|hockey|judo|rugby)|aan het stoeien)\b"
)
# "ik wil er niet meer zijn op die school": being somewhere, not being alive.
NOT_A_PLACE = r"(?! (?:op|in|bij|met|naar) (?:die|de|het|deze|dit|mijn|mn|school|huis|werk|zo)\b)"
FIRST_PERSON = r"\b(?:ik|k|kwil|kben|kheb|me|mij|mijn|mn|m|mezelf|mijzelf)\b"

V8_RULES: dict[str, list[str]] = {
    "crisis.suicide": [
        # Finality metaphors: sleeping for ever, never waking up, being gone.
        _SLEEP + r" (?:\w+ ){0,1}" + _FOREVER,
        _FOREVER + r" (?:\w+ ){0,1}(?:gaan )?" + _SLEEP,
        r"nooit (?:meer )?(?:wakker (?:worden|wordn|word|te worden)|opstaan|op te staan|ontwaken)",
        r"(?:stoppen|ophouden|stop) (?:\w+ ){0,1}" + _FOREVER,
        r"(?:manier|methode) (?:\w+ ){0,3}(?:minste|geen) pijn|pijnloos (?:\w+ ){0,2}(?:dood"
        r"|sterven"
        r"|gaan|doen)",
        _near(r"\braam", r"(?:vensterbank|springen|spring|naar beneden|eruit)", 6),
        r"(?:hoeven|hoeft) (?:\w+ ){0,3}geen zorgen meer (?:\w+ ){0,1}(?:te maken|om mij|over mij)",
        r"(?:stop|stoppen|kap|kappen) (?:er ?mee )?(?:\w+ ){0,1}met alles\b",
        r"(?:nog even|straks|vanavond|morgen) (?:\w+ ){0,2}(?:is het|ben ik) (?:klaar|voorbij|over"
        r"|afgelopen)$",
        r"(?:als|dat) (?:ik|k) er (?:\w+ ){0,2}(?:niet meer|nie meer|nooit meer) (?:was|ben|zou"
        r" zijn|zijn|is)\b",
        r"(?:ben|zijn) (?:ik|k) er (?:\w+ ){0,1}(?:niet|nie) meer\b",
        r"(?:als|dat) (?:ik|k) (?:er )?(?:weg|dood) (?:was|ben|zou zijn)\b",
        r"(?:mijn|mn|m|het) leven (?:is|was) (?:\w+ ){0,1}(?:voorbij|over|klaar|afgelopen"
        r"|kapot|verpest)(?! als\b)",
        r"(?:het|dit|mijn|mn) leven (?:\w+ ){0,2}(?:moe|beu|zat)\b",
        r"(?:geen zin|nergens zin|geen puf) (?:meer )?in (?:\w+ ){0,1}(?:alles|niks|leven|het leven"
        r"|iets)\b",
        r"(?:stop|stoppen|kap|kappen|ophouden) met (?:ademen|ademhalen|bestaan|leven)\b",
        r"(?:wil|kan) (?:echt |gewoon )?(?:niet|nie) meer verder\b(?! (?:met|op|in|bij|naar)\b)",
        r"(?:kan|trek) (?:het|dit|alles) (?:\w+ ){0,1}(?:niet|nie) meer aan\b|geef het (?:\w+ )?op$"
        r"|(?:ik|k) geef (?:het )?op$",
        r"wil (?:\w+ ){0,2}(?:weg|eruit|er uit) (?:\w+ ){0,1}(?:voorgoed|voor altijd|voor eeuwig)",
        r"moe van (?:het )?(?:vechten|leven|bestaan|doorgaan|ademen)\b",
        r"zonder (?:mij|me) (?:is|zijn|zou|zouden|wordt|worden) (?:\w+ ){0,3}(?:beter|gelukkiger"
        r"|blijer|makkelijker|fijner|rustiger)\b",
        r"(?:plek|manier|moment|datum) (?:\w+ ){0,2}(?:om|waar) (?:ik |k )?het (?:te )?(?:doen"
        r"|ga doen"
        r"|kan doen)\b",
        r"(?:hoop|wou|wens) (?:dat )?(?:\w+ ){0,3}(?:mij|me) (?:ook )?(?:pakt|meeneemt|doodt"
        r"|haalt)\b",
        r"\bdit is het einde\b(?! van\b)",
        r"(?:ik|k) (?:\w+ ){0,3}(?:mijn|mn) testament (?:\w+ )?(?:geschreven|gemaakt|opgesteld"
        r"|schrijven|maken)",
        r"(?:laten|worden|word) (?:overrijden|overreden|aanrijden|aangereden)"
        r"|(?:voor|onder) (?:een|de) (?:auto|bus|trein|vrachtwagen|tram|metro) (?:\w+ ){0,2}"
        r"(?:springen|spring|lopen|loop|gaan liggen|gaan staan|stappen|liggen)"
        r"|tegen (?:een|de) (?:boom|muur|vangrail|pilaar) (?:\w+ )?(?:rijden|rij|rijd|knallen)"
        r"|(?:rij|rijd|knal|crash) (?:\w+ ){0,2}tegen (?:een|de) (?:boom|muur|vangrail|pilaar)",
        r"(?:niemand|niks|niets) (?:kan|houdt|gaat) (?:me|mij) (?:\w+ ){0,1}(?:tegenhouden|stoppen)"
        r"|(?:vanavond|vannacht|vandaag|morgen|nu) ga (?:ik|k) het doen\b",
        r"(?:wil|wl|kwil|wou) (?:echt |gwn |gewoon )?d(?:$| (?:ngl|fr|echt|serieus|pls)\b)",
        r"(?:badkuip|bad|douche|badkamer) (?:\w+ ){0,4}(?:mes|mesje|scheermes\w*|pillen)\b",
        r"(?:sta|zit|ben|stond|zat|klim|klom|geklommen) (?:\w+ ){0,2}(?:bovenop|boven op|op de rand"
        r" van|op de reling van) (?:de|het|een)\b",
        r"(?:ga|loop|wil|spring|lopen) (?:\w+ ){0,2}het water in\b|(?:in|naar) (?:de|het) (?:gracht"
        r"|rivier|kanaal|zee|water) (?:\w+ ){0,2}(?:springen|lopen|verdrinken)",
        r"of (?:ik|k) (?:nou |nu )?(?:leef|besta|dood ben|er ben)\b",
        # Means + intent: a rope, knife or pills kept ready, bought, looked up.
        r"(?:"
        + _near(_MEANS, _READY, 3)
        + r")(?! (?:voor|om|van|bij|in de|uit de) (?!mezelf|mijzelf"
        r"|me\b|mij\b|als\b|straks|vanavond|vannacht|het geval))",
        r"(?:pillen|slaappillen|paracetamol|medicijnen|tabletten|oxazepam)\w* (?:\w+ ){0,2}"
        r"(?:gepakt|gejat|gestolen|meegenomen|gehamsterd|achtergehouden)",
        r"(?:opgezocht|gegoogled|gegoogeld|googelen|googlen|zoek op|opzoeken) (?:\w+ ){0,3}"
        r"(?:hoeveel|hoe lang|welke|hoe hoog)\b",
        r"hoeveel (?:\w+ ){0,1}(?:pillen|paracetamol|tabletten|slaappillen|medicijnen)\w* "
        r"(?:\w+ ){0,3}(?:nodig|genoeg|dodelijk|dood)",
        r"(?:een plan|de datum|een datum) (?:\w+ ){0,2}(?:en een datum|staat vast|geprikt|gekozen"
        r"|gemaakt hoe)|hoe (?:ik|k) het (?:\w+ ){0,1}(?:zou|ga|moet|wil|ga) doen",
        r"(?:ga|gaan) het (?:vanavond|vannacht|vandaag|nu|morgen|echt) doen$",
        # High places and the railway, with a first-person verb.
        r"(?:loop|lopen|ga|gaan|fiets|sta|zit|ben|stond|zat) (?:\w+ ){0,3}(?:naar|op|bij) "
        + r"(?:het spoor|de rails)\b",
        _near(_PLACE, _EDGE, 6),
        r"trein (?:\w+ ){0,3}(?:en denk|springen|stappen|lopen|voor gaan|onder)\b",
        # Farewell and giving things away.
        r"(?:(?:vaarwel|adios|farewell) (?:iedereen|allemaal|wereld|jongens|lieve mensen)\b"
        r"|laatste (?:post|bericht|brief|woorden|keer dat (?:jullie|je|iemand))"
        r"|(?:sorry|bedankt|dank) voor alles (?:\w+ ){0,6}(?:missen|vaarwel|laatste|afscheid"
        r"|niet meer))" + NOT_A_TRIP,
        r"weg ?gegeven (?:\w+ ){0,8}(?:niet meer nodig|als ik er niet meer|straks)"
        r"|(?:heb|hebt) (?:ze|het|die|dat|dit) (?:toch )?(?:niet|nie) meer nodig$",
        # Hopelessness and burden.
        _BURDEN,
        r"geen (?:enkele |echte )?reden (?:meer )?(?:om|voor)(?! (?:\w+ ){0,2}(?:klagen|zeuren"
        r"|twijfelen|stressen|schamen|piekeren|paniek|boos|bang|jaloers)\b)",
        r"(?:het heeft|heeft het|is) (?:allemaal |toch |echt |gewoon )?geen zin(?: meer)?"
        r"(?! (?:om|in|naar|op|met|voor|te|dat)\b)",
        r"(?:kan|trek|hou|houd) (?:echt |gewoon |het )?(?:niet|nie) meer(?= (?:ik|k|echt|alles"
        r"|dit|het|zo|sorry|help|hoor)\b|$)",
        r"wil (?:(?:echt|gewoon|gwn|nu|serieus|zo) ){0,3}(?:niet|nie) meer"
        r"(?= (?:sorry|help|hoor|ok|oke|punt)\b)",
        r"(?:wil|hoop) (?:gewoon |alleen )?dat (?:het|alles|de pijn) (?:\w+ ){0,1}(?:zwart wordt"
        r"|stil wordt|eindigt|ophoudt"
        r"|stopt|voorbij is|over is)",
        r"er (?:\w+ ){0,2}(?:een )?(?:punt|streep) (?:achter|onder)\b",
        r"(?:hoop|wou|wens) (?:dat )?(?:ik|k) (?:\w+ ){0,4}(?:een ongeluk|aangereden|overreden"
        r"|niet meer wakker|ziek word en)",
        r"(?:heeft|heb|hebben|had) (?:een hoop |heel veel |veel |allemaal |zomaar )?(?:pillen"
        r"|slaappillen|paracetamol|tabletten) (?:\w+ )?(?:geslikt|ingenomen|genomen)"
        r"(?! (?:tegen|voor|want|omdat|van de dokter|van de huisarts)\b)",
        r"(?:hou|houd) (?:dit |het )?leven (?:\w+ )?niet (?:meer )?vol"
        r"|(?:hou|houd) (?:het|dit) (?:\w+ )?niet meer (?:vol|uit)\b(?! (?:van|met|door) (?:de|het"
        r"|die|dat) (?:hitte|warmte|kou|herrie|lawaai|zenuwen|spanning|lachen)\b)",
        r"(?:rust|vrede|stilte) (?:\w+ ){0,2}(?:voor altijd|voorgoed|voor eeuwig)|eeuwige (?:rust"
        r"|slaap)",
        r"waarom (?:ik|k) (?:\w+ ){0,1}nog (?:ademhaal|adem|leef|besta|hier ben)\b"
        r"|waarom (?:ben|was) (?:ik|k) (?:\w+ ){0,2}(?:niet|nog) (?:\w+ ){0,1}dood\b",
        r"(?:ben|zo) klaar met alles\b(?! (?:voor|van|wat|op|in|om)\b)",
        r"afscheid (?:\w+ ){0,8}(?:ben (?:ik|k) (?:er )?(?:niet meer|weg)|voor altijd|voorgoed)\b",
        r"\b(?:can ?t|cannot|cant) (?:do this|take (?:it|this)|go on|live)\b (?:\w+ ){0,1}anymore"
        r"|\b(?:dont|do not|don t) want to (?:live|be here|exist|wake up)\b|\bend my life\b",
        r"van het leven (?:te )?beroven",
        r"(?:hoop|wou|wens) (?:dat )?(?:ik|k) (?:\w+ ){0,5}(?:stierf|sterf|overlijd\w*|overleed"
        r"|dood zou)\b",
        r"(?:niet|nooit) meer (?:bovenkomen|boven komen|ademen|ademhalen)\b",
        r"(?:mezelf|mijzelf|zichzelf|me) (?:\w+ ){0,2}(?:verdrinken|laten verdrinken|doodvriezen"
        r"|verhongeren|overdoseren)\b",
        r"(?:ben|voel me|voel mij) (?:\w+ ){0,2}(?:een|tot) last\b(?! (?:van|met|om)\b)",
        r"\bstrop\b(?! (?:\w+ ){0,3}(?:scouting|knopen|zeilen|kamp|boot)\b)",
        r"hoe (?:je|jij|ik|k|men) (?:\w+ ){0,3}(?:ophangt|ophangen|opknoopt|opknopen|van kant"
        r"|pijnloos|zelfmoord pleegt|dood kan gaan)",
        r"(?:er uit|eruit) (?:te )?stappen\b(?! uit\b)",
        r"(?:pillen|paracetamol|medicijnen|tabletten|dosis|hoeveelheid|mg) (?:\w+ ){0,3}(?:dodelijk"
        r"|fataal)|(?:dodelijke|fatale) (?:dosis|hoeveelheid)|dood ?(?:te )?bloeden|verbloeden"
        r"|hoogste (?:flat|brug|gebouw|toren|parkeergarage)",
        r"(?:de )?(?:plek|manier|datum|brug|flat) (?:al )?(?:uitgezocht|uitgekozen|bepaald)",
        r"(?:zien|horen|spreken) (?:jullie|je|jij|ze) (?:\w+ ){0,1}(?:me|mij) (?:\w+ ){0,1}(?:niet"
        r"|nooit) meer\b|als (?:jullie|je|iemand) dit (?:leest|lezen|ziet|zien) (?:\w+ ){0,3}"
        r"(?:weg|dood|er niet meer|niet meer)\b",
        r"zeg (?:\w+ ){0,3}dat (?:ik|k) (?:van (?:haar|hem|ze|hen|jullie) hou|het (?:spijt|sorry))"
        r"|tijd (?:om )?te gaan(?= (?:ik|k|jullie|doei|vaarwel|sorry|hou)\b|$)",
        r"hoef (?:ook |echt |gewoon )?(?:niet|nie) meer(?= (?:ik|k|echt|sorry)\b|$)",
        r"(?:nooit|niet) (?:\w+ ){0,1}(?:moeten|mogen) (?:bestaan|leven|geboren worden)"
        r"|had (?:\w+ ){0,2}(?:nooit|niet) geboren",
        r"(?:zegt|zeggen|fluistert|fluisteren|hoor) (?:\w+ ){0,4}dat (?:ik|k) (?:\w+ ){0,2}(?:dood"
        r" moet|moet sterven|mezelf moet|me moet|moet springen)|(?:ik|k) (?:\w+ ){0,1}(?:moet"
        r"|moest) (?:\w+ ){0,1}(?:dood|sterven)\b",
        _near(r"(?:wodka|drank|alcohol|bier|wijn|whisky)", _PILLS, 6),
        r"(?:vanavond|vannacht|vandaag|morgen) (?:\w+ ){0,1}(?:ga|gaan) doen\b(?= (?:ik|k|het"
        r"|alles)\b|$)",
        r"(?:word|worden) (?:\w+ ){0,2}(?:niet|nooit) meer wakker",
        r"verdwijnen (?:van|uit) (?:de|deze) (?:aardbodem|wereld|aarde)",
        # Being reunited with the dead.
        r"(?:wil|wou|ga) (?:\w+ ){0,3}(?:naar (?:de )?(?:hemel|overkant)|bij (?:mijn|mn|m) "
        r"(?:\w+ ){0,1}(?:overleden|dode) \w+ zijn)",
    ],
    "crisis.selfharm": [
        r"\bsh (?:\w+ ){0,4}(?:helpt|help|doen|gedaan|weer|drang|urge|clean|relapse|enige)\b",
        r"(?:mezelf|mijzelf|me) (?:\w+ ){0,2}(?:straffen|pijn (?:doen|te doen)|open (?:krab|kras)"
        r"\w*|kapot (?:maken|krab\w*))",
        r"(?:scheermesjes|mesjes|scheermes) (?:\w+ ){0,2}(?:gekocht|gehaald|verstopt|liggen)",
        r"(?:armen|arm|benen|been|polsen|pols|dijen|huid) (?:\w+ ){0,1}(?:kapotgemaakt"
        r"|kapot gemaakt"
        r"|opengehaald|open gehaald|opengekrast)",
        r"tot (?:het|ik) (?:\w+ )?(?:brandde|bloedde|pijn deed|blaren|bloed|blauwe plekken"
        r"|blauw)\b",
        r"(?:armen|arm|benen|been|polsen|pols|dijen|huid) (?:\w+ ){0,1}(?:opengereten|open gereten"
        r"|opengesneden)\b",
        r"(?:brandplek\w*|brandwond\w*) (?:\w+ ){0,2}(?:gemaakt|gezet)"
        r"|sigaret\w* (?:\w+ ){0,3}(?:op|in)"
        r" (?:mijn|mn) (?:arm|armen|hand|huid|been|benen|buik)\b",
        _near(
            r"(?:expres|met opzet|opzettelijk|express)",
            r"(?:gesneden|gebrand|gekrast|verbrand"
            r"|brandwond\w*|bloed\w*|pijn gedaan|geslagen)",
            4,
        ),
        r"(?:snee|sneetje|snede|sneden|wond|wondje|brandwond) (?:\w+ ){0,2}(?:op|in|aan)"
        r" (?:mijn|mn) (?:pols|polsen|arm|armen|been|benen|dij|dijen|bovenbeen|bovenbenen|buik)\b",
        r"(?:mezelf|mijzelf) (?:\w+ ){0,3}(?:uitgehongerd|uithongeren|uit te hongeren|gestraft)",
        r"(?:pols|polsen|arm|armen|benen|been|dijen|huid) (?:\w+ ){0,1}(?:bewerkt|toegetakeld)\b",
        r"(?:ik|k) (?:bloed|bloedt) (?:\w+ ){0,2}(?:erg|veel|heel|zo|niet te stoppen|overal)\b",
        r"(?:littekens|krassen|sneetjes|wonden|wondjes) (?:\w+ ){0,6}(?:weer|nieuwe) (?:\w+ )?"
        r"(?:gemaakt|erbij|bij gekomen)",
    ],
    "crisis.danger": [
        # Family member as subject, me as object, any of the hurting verbs.
        _HOME_SUBJECT + r" (?:\w+ ){0,1}(?:me|mij) (?:(?!niet |nooit |nie )\w+ ){0,2}" + _HURT,
        _HOME_SUBJECT + r" (?:\w+ ){0,3}(?:me|mij) (?:\w+ ){0,3}(?:tegen de muur|de trap af"
        r"|van de trap|op de grond|door de kamer|aan (?:mijn|mn) haren) (?:\w+ )?(?:gegooid"
        r"|geduwd|gesmeten|gesleurd|getrokken|gegooit)",
        r"(?:gooit|gooide|smijt|smeet|gegooid|gesmeten) (?:met )?(?:\w+ ){0,2}(?:dingen|spullen"
        r"|borden|bord|glazen|glas|flessen|fles|stoel|stoelen|schoen|schoenen|mes|messen|stenen"
        r"|kopjes|kopje|asbak|telefoon|afstandsbediening) (?:\w+ ){0,1}(?:naar|tegen|op) (?:me"
        r"|mij)\b",
        r"(?:trekt|trok|sleurt|sleurde|getrokken|gesleurd) (?:me"
        r"|mij) (?:\w+ ){0,2}(?:aan (?:mijn|mn)"
        r" haren|door het huis|over de grond|door de kamer|de trap)",
        _HOME_SUBJECT + r" (?:\w+ ){0,3}(?:slaat|schopt|trapt|mishandelt) (?:als|wanneer|elke"
        r"|iedere"
        r"|zodra|ons|iedereen|er op los|erop los)\b",
        r"(?:gebroken|blauwe?|bloedneus|hersenschudding|gekneusd\w*|dikke lip|blauw oog|kapotte)"
        r" (?:\w+ ){0,6}(?:door|van) (?:mijn|mn|m|haar|zijn) (?:\w+ )?" + _HOME_SUBJECT + r"\b",
        _near(
            r"(?:zonder eten|geen eten|niks te eten|niets te eten)",
            r"(?:laat (?:me|mij)|dagen"
            r"|alleen thuis|opgesloten)",
            5,
        ),
        r"(?:kijkt|gluurt|filmt|fotografeert|loert) (?:\w+ ){0,2}(?:naar )?(?:me|mij) (?:\w+ ){0,3}"
        r"(?:douche|douchen|uitkleed|omkleed|in bad|slaap|naakt|bloot)\b",
        r"(?:naakt|bloot) (?:\w+ ){0,3}(?:in|op) (?:mijn|mn) (?:kamer|bed)"
        r"|(?:in|op) (?:mijn|mn) (?:kamer|bed) (?:\w+ ){0,2}(?:naakt|bloot)",
        r"wat (?:hij|ze|zij) (?:\w+ ){0,1}met (?:me|mij) doet|(?:ons|een) geheim(?:pje)? "
        r"(?:\w+ ){0,5}met (?:me|mij)\b",
        r"tegen (?:mijn|mn) wil (?:\w+ ){0,3}(?:aangeraakt|gezoend|betast|uitgekleed|gehad|seks"
        r"|gedaan|gefilmd|gefotografeerd)|(?:aangeraakt|betast|gezoend|seks|gefilmd) (?:\w+ ){0,3}"
        r"tegen (?:mijn|mn) wil",
        _near(
            r"(?:dronken|woedend|agressief|boos|help|bang)",
            r"(?:heeft|pakt|pakte|zwaait\w*)"
            r" (?:een|het|zijn|haar|de) (?:mes|wapen|pistool|hamer|bijl|knuppel|honkbalknuppel)",
            6,
        ),
        r"kussen (?:\w+ ){0,1}op (?:mijn|mn) (?:gezicht|hoofd|mond)",
        r"(?:me|mij) (?:\w+ ){0,1}(?:bij|aan|om) (?:mijn|mn|de) (?:keel|nek|haren|haar) (?:\w+ )?"
        r"(?:gegrepen|gepakt|vastgepakt|geknepen|getrokken|gesleurd|meegesleurd)",
        r"(?:tegen|op) de grond (?:\w+ )?(?:gewerkt|gegooid|geduwd|gesmeten|geslagen|getrapt)",
        r"raakt (?:me|mij) (?:\w+ ){0,1}aan\b|(?:laat|liet) (?:me|mij) (?:\w+ ){0,2}(?:porno"
        r"|seks\w*"
        r"|naakt\w*) (?:\w+ )?(?:kijken|zien)",
        r"(?:seks|sex|aanraakt|aanraken|zoent|betast|uitkleed"
        r"|aan me zit)\w* (?:\w+ ){0,4}(?:terwijl"
        r"|hoewel|ook al) (?:ik|k) (?:dat|het) (?:niet|nie) wil",
        _HOME_SUBJECT
        + r" (?:\w+ ){0,2}(?:heeft|had|wil|doet) (?:\w+ ){0,1}(?:seks|sex) met (?:me|mij)",
        r"\b(?:gechanteerd|chanteert|chanteren|chantage|afgeperst|sextortion)\b",
        r"(?:foto|fotos|filmpje\w*|video\w*)(?: s)? (?:\w+ ){0,2}(?:van )?(?:me|mij) (?:\w+ ){0,3}"
        r"(?:douche|in bad|naakt|bloot|omkleed|uitkleed|slaap)\b",
        r"(?:moet|moest) (?:ik|k) het ontgelden|het (?:\w+ )?ontgelden\b",
        r"(?:wil|dwingt|moet|wilde|dwong) (?:\w+ ){0,3}(?:met|bij) (?:hem|haar) in (?:\w+ )?bed\b",
        r"(?:moet|moest|laat|laten|liet) (?:\w+ ){0,4}(?:in|op) (?:de|het) (?:schuur|kelder|gang"
        r"|zolder|garage|hok|tuin|balkon|stoep) (?:\w+ )?(?:slapen|slaap)\b",
        r"(?:geeft|gaf|geven|gaven) (?:me|mij|ons) (?:\w+ ){0,2}(?:geen|niks|niets) (?:te )?(?:eten"
        r"|drinken)\b",
        r"(?:krijg|kreeg|gekregen) (?:\w+ ){0,3}(?:klappen|klap|slaag|pak slaag|meppen|tikken"
        r"|trappen|schoppen)\b(?! van (?:de|een) (?:bal|deur))",
        r"(?:geeft|gaf|gegeven|geven) (?:me|mij) (?:\w+ ){0,2}(?:klap|klappen|pak slaag|mep|trap"
        r"|schop|stomp|vuistslag|oorvijg)\b|(?:me|mij) (?:\w+ ){0,2}(?:klap|klappen|pak slaag"
        r"|mep|stomp|vuistslag|oorvijg|dreun|knal) (?:\w+ )?(?:gegeven|verkocht|geven|gaf)\b",
        r"(?:geheim|niemand) (?:\w+ ){0,4}wat (?:hij|ze|zij) (?:\w+ ){0,2}(?:doet|deed|gedaan)\b"
        r"|(?:zegt|zei|wil) dat (?:ik|k) (?:het )?(?:aan )?niemand (?:\w+ )?(?:mag|mocht)"
        r" (?:vertellen|zeggen)|wil dat (?:ik|k) (?:het )?geheim hou\w*",
        r"(?:meegenomen|vastgehouden|opgesloten|gedwongen|betaald) (?:\w+ ){0,2}dingen"
        r" (?:\w+ ){0,2}(?:gedaan|laten doen|doen)\b",
        _near(
            _HOME_SUBJECT + r" (?:\w+ ){0,2}met (?:een|het|zijn|haar) (?:mes|wapen|hamer|pistool"
            r"|bijl|knuppel)",
            r"(?:schreeuw\w*|dreig\w*|dronken|woedend|agressief|boos|tier\w*)",
            6,
        ),
        r"(?:thuis|in huis) (?:niks|niets|geen eten) (?:is|te eten)\b",
        r"(?:stoel|kast|bed) (?:\w+ ){0,1}tegen (?:mijn|mn|de) deur (?:\w+ ){0,3}(?:bang|veilig)\b",
        r"(?:heeft|hebben|had) (?:me|mij) (?:\w+ ){0,6}(?<!uit bed )(?:gegooid|geduwd|getrapt"
        r"|gestompt"
        r"|geknepen|gesmeten|gebeten|gestoken|vastgebonden|vast gebonden|opgesloten)",
        r"(?:heeft|hebben|had|hij|ze|zij) (?:me|mij) (?:\w+ ){0,3}vastgebonden",
        # Threats to kill, weapons pointed at me, choking.
        _HOME_SUBJECT + r" (?:\w+ ){0,5}(?:me|mij) (?:\w+ ){0,2}(?:vermoorden|vermoordt"
        r"|doodmaken|dood maken|dood te maken|te vermoorden|doodslaan|dood slaan|afmaken"
        r"|af te maken|kapotmaken|kapot maken)",
        r"(?:mes|wapen|pistool|schaar|vuurwapen|hamer) (?:\w+ ){0,3}(?:op|tegen|naar) (?:me|mij)"
        r" (?:gericht|gehouden|gezet)|bedreigd met (?:een|het|zijn|haar) (?:mes|wapen|pistool)",
        r"(?:knijpt|kneep|geknepen|drukt|drukte|dichtgeknepen|houdt|hield) (?:\w+ ){0,2}(?:mijn|mn"
        r"|me) (?:keel|nek)|keel (?:\w+ ){0,1}dicht",
        # Violence happening now at home.
        _HOME_SUBJECT + r" (?:is|zijn) (?:\w+ ){0,1}aan het (?:slaan|schoppen|mishandelen"
        r"|trappen|vechten)",
        _HOME_SUBJECT + r" (?:\w+ ){0,1}(?:slaat|sloeg|schopt|mishandelt|trapt) (?:mijn|mn|m) "
        r"(?:moeder|ma|mama|vader|pa|broertje|zusje|broer|zus)\b",
        # Thrown out, locked in, neglected, hiding.
        r"(?:me|mij|ben|word|werd|wordt|zijn|ik) (?:\w+ ){0,4}" + _THROWN_OUT,
        r"(?:slaap|sliep|slapen) (?:nu |vannacht |al \w+ \w+ )?(?:op straat|buiten|in het park)\b"
        r"|(?:slaap|sliep|slapen) (?:\w+ ){0,3}(?:in (?:een|het|de) (?:portiek|park|fietsenstalling"
        r"|trappenhuis|bushokje)|onder (?:een|de) brug)"
        r"|geen (?:plek|plaats|dak) (?:\w+ ){0,1}(?:om|te) (?:slapen|wonen)",
        r"(?:krijg|kreeg|krijgen|kregen) (?:\w+ ){0,4}(?:geen|niks|niets) (?:te )?(?:eten|drinken)"
        r"\b(?! (?:meer )?(?:na|voor|op)\b)",
        _near(
            r"op slot",
            r"(?:niet (?:naar )?buiten|niet (?:meer )?(?:eruit|weg)|opgesloten"
            r"|(?:sluit|sluiten|sloot|doet|deed) (?:me|mij))",
            8,
        ),
        _near(
            r"verstop (?:ik )?(?:me|mij)|verstopt (?:me|mij)",
            r"(?:" + _HOME_SUBJECT + r"|thuiskomt|thuis)",
            8,
        ),
        r"door (?:mijn|mn|m|de|haar|zijn|een) (?:\w+ )?" + _HOME_SUBJECT + r" (?:\w+ ){0,2}"
        r"(?:geslagen|geschopt|mishandeld|misbruikt|verkracht|aangerand|getrapt|gestompt"
        r"|gewurgd|geduwd|bedreigd|opgesloten|aangeraakt|betast)\b",
        # Sexual abuse told without the words.
        r"(?:me|mij) (?:\w+ ){0,2}(?:aanraakt|aanraken|aanzit|aan zit|betast|zoent) (?:\w+ ){0,4}"
        r"(?:niet wil|niet wilde|wil ik niet|nee zeg|nee zei)",
        _HOME_SUBJECT + r" (?:\w+ ){0,2}(?:zit|zat|zitten|zaten) aan (?:me|mij|mijn (?:zusje"
        r"|broertje|lichaam|borsten|kont|billen))\b",
        r"(?:enge|rare|vieze|gekke|nare) dingen (?:\w+ ){0,2}(?:bij|met|aan) (?:me|mij)\b"
        r"|(?:doet|deed) (?:\w+ ){0,2}dingen (?:bij|met|aan) (?:me|mij)\b",
        _near(r"durf (?:\w+ ){0,2}(?:niet|nie) (?:te )?(?:slapen|douchen)", _HOME_SUBJECT, 5),
        r"(?:vastgehouden|vastgepakt|opgesloten|vastgebonden) (?:\w+ ){0,3}(?:kon|kan|mocht)"
        r" (?:\w+ )?(?:niet|nie) (?:weg|los)\b",
        r"(?:doet|deed|doen) (?:hij|ze|zij) (?:\w+ ){0,1}dingen\b|dingen met (?:me|mij) "
        r"(?:doet|deed|doen)",
        r"(?:gedwongen|dwingt|dwong|dwingen) (?:\w+ ){0,3}" + _SEXUAL_ACT + r"\b",
    ],
}

CONCEPT_RULES: dict[str, list[str]] = {
    "crisis.suicide": [
        _WANT + r" " + r"(?:\w+ ){0,3}" + _DYING,
        _near(_LIFE, _DESPAIR, 5),
        # Despair without a death word: "ik wil echt niet meer, het heeft geen zin".
        r"wil (?:(?:echt|gewoon|gwn|nu|serieus|zo) ){0,3}(?:niet|nie) meer"
        r"(?= (?:het|ik|k|echt|niks|alles|dit|zo)\b|$)",
        r"(?:heeft|heb|is) (?:\w+ ){0,2}geen (?:zin|nut) meer(?! (?:in|om|naar|op|met|voor)\b)"
        r"|geen reden (?:meer )?(?:om|voor)(?! (?:\w+ ){0,2}(?:klagen|zeuren|twijfelen|stressen"
        r"|schamen|piekeren|paniek|boos|bang|jaloers)\b)",
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
        r"(?:ga|wil|gaan) (?:\w+ ){0,3}springen(?! (?:op|in|met|naar|over|touwtje|rond|bij|vanaf"
        r"|van de hoge|van de duik\w*)\b)",
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
        r"afscheid (?:\w+ ){0,3}(?:geregeld|genomen|nemen|brief|geschreven)"
        r"(?! van (?!iedereen|jullie|alles|het leven|de wereld|mijn leven)\w)",
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
        r"(?:mes|wapen|pistool|schaar) (?:\w+ ){0,2}(?:gepakt|getrokken|tegen (?:me|mij))"
        r"(?! (?:om|voor) (?!(?:\w+ ){0,2}(?:me|mij|mezelf|ons)\b))",
        r"(?:me|mij) (?:\w+ ){0,2}(?:bedreigen|mishandelen|misbruiken|in elkaar slaan)\b",
        r"(?:sluit|sluiten|sloot) (?:me|mij) op\b|(?:sluit|sluiten|sloot) (?:me|mij) (?:\w+ )?"
        r"(?:in|op) (?:de|het|mijn|mn) (?:kamer|kelder|kast|zolder|badkamer)",
        _near(
            _HOME,
            r"(?:geweld|agressief|gewelddadig|dreigt|dreigen)\b(?! (?:\w+ ){0,3}te (?:verklappen"
            r"|vertellen|verklikken|verhuizen|stoppen)\b)",
            4,
        ),
        r"(?:sluit|sloot|sluiten|sloten) (?:me|mij) (?:\w+ ){0,3}op\b",
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

# --- Co-occurrence: the weak second opinion -----------------------------------------------
# Fresh crisis texts keep finding phrasings no rule above has ("k ga dood aan mezelf", "mijn
# oom betast me als niemand kijkt"). As a last resort, a harm word counts when a first-person
# word and a state word (wanting, thinking, fear, finality) stand within a few words of it,
# or, for violence, a family member and me/us. Only tried when no crisis rule matched, and
# not in a text that laughs ("haha", "lol").
COOC_WINDOW = 7
COOC_HARM: dict[str, str] = {
    "crisis.suicide": (
        r"\b(?<!ging )(?<!gingen )(?<!bijna )(?:dood|doodgaan|sterven|sterf|stierf"
        r"|zelfmoord\w*|suicid\w*"
        r"|verdwijn\w*(?! (?:in|naar|onder|achter|uit|van school)\b)"
        r"|springen(?! (?:op|in|met|naar|over|touwtje|rond|bij|vanaf)\b)|spring(?! (?:op|in|met)\b)"
        r"|ophang\w*|opknop\w*|strop|overdosis|(?:iets|wat|pijn) (?:aandoe|aandoen|aan te doen)"
        r"|verdrink\w*|verhang\w*)\b"
    ),
    "crisis.selfharm": (
        r"\b(?:snij|snijd|snijden|sned\w*|gesned\w*|kras|krassen|gekrast|verwond\w*|bonk\w*"
        r"|bloed|bloedt|bloeden|bloedde|opengehaald|opengekrast)\b"
    ),
    "crisis.danger": (
        r"\b(?:slaat|slaan|sloeg|geslagen|schopt|geschopt|mishandel\w*|misbruik\w*|betast\w*"
        r"|aangerand|verkracht\w*|gedreigd|dreigt|opgesloten|gedrogeerd|ontgelden|aanraakt"
        r"|aangeraakt)\b(?! (?:alarm|aan|op tafel|de eieren|de bal)\b)"
    ),
}
COOC_SELF = r"\b(?:ik|k|me|mij|mezelf|mijzelf|kben|kwil|kga)\b"
COOC_STATE = (
    r"\b(?:wil|wou|ga|gaan|denk|dacht|hoop|niet meer|nooit meer|geen|bang|voorgoed|voor altijd"
    r"|laatste|klaar|moe|hopeloos|zinloos|niemand|weer|te diep|om mezelf|tot het|zou|kan)\b"
)
COOC_VICTIM = r"\b(?:me|mij|mezelf|ons|ik moet het)\b"
COOC_FAMILY = r"\b" + _HOME_SUBJECT + r"\b"
COOC_JOKE = r"\b(?:ha(?:ha)+h?|hihi\w*|lol|xd|grapje|geintje)\b"

# --- Grooming classes (v10) -----------------------------------------------------------------
# Named by what the adult does, not by sentence: flattering a child's age, waving the age
# away, gift cards and credit as payment, hiding the contact from parents, the webcam, asking
# which school, and meeting proposals in chat spelling ("zn we", "kunne we").
_GIFT_CARD = (
    r"(?:kadokaart\w*|cadeaukaart\w*|kado ?bon\w*|cadeau ?bon\w*|giftcard\w*|gift card\w*"
    r"|paysafe\w*|robux|v ?bucks|vbucks|beltegoed|tegoed|steam ?kaart\w*|bol ?bon\w*)"
)
GROOMING_RULES: dict[str, list[str]] = {
    "grooming.age": [
        r"(?:mooi|knap|volwassen|rijp|sexy|lekker|slim|groot|ver) (?:\w+ ){0,1}voor (?:je|jouw)"
        r" leeftijd",
        r"leeftijd (?:is|zegt) (?:\w+ ){0,2}(?:een getal|een nummer|niks|niets)",
        r"(?:maakt|boeit) (?:\w+ ){0,2}niet uit (?:\w+ ){0,3}(?:hoe oud|je leeftijd|dat je \d+)",
        r"\bben je (?:al|nog) (?:maagd|ongesteld)\b",
    ],
    "grooming.gift": [
        r"\b(?:wil je|wil jij|krijg je|voor je|voor jou|geef je|geef ik je|stuur ik je"
        r"|ik stuur je|ik geef je|ik koop je) (?:\w+ ){0,3}" + _GIFT_CARD,
        _GIFT_CARD + r" (?:\w+ ){0,6}(?:als je|dan moet je|voor me doen|stuur|foto|afspre\w*)",
        r"\b(?:je|jou|jouw) (?:\w+ ){0,2}(?:beltegoed|tegoed|telefoon|abonnement) "
        r"(?:\w+ ){0,2}(?:opwaarderen|betalen|opladen)",
        r"(?:dan|als) (?:moet|ga) je (?:wel )?(?:iets|wat) (?:\w+ ){0,2}voor (?:me|mij) doen",
    ],
    "grooming.private": [
        r"\b(?:verwijder|wis|delete) (?:\w+ ){0,2}(?:chat|chats|berichten|gesprek|appjes|dms)\b",
        r"\b(?:zodat|dat|want) (?:je|jouw) (?:ouders|moeder|vader|mama|papa|begeleider|voogd"
        r"|mentor|pleegouders|groepsleiding) (?:\w+ ){0,2}(?:niet|nooit) (?:\w+ ){0,1}"
        r"(?:zien|ziet|weten|weet|merken|horen|lezen)",
        r"niemand (?:\w+ ){0,2}(?:hoeft|mag) (?:\w+ ){0,2}(?:te )?(?:weten|zien|horen)\b",
        r"\b(?:zn|zln|zulle|zullen|kunnen|kunne|kunnen|gaan) (?:we|wij|w) (?:\w+ ){0,4}"
        r"(?:afspreken|afspreke|afspr\w+|meeten|ontmoeten|chillen samen|samen chillen)\b",
        r"\b(?:camera|cam|webcam) (?:\w+ ){0,1}(?:aan|aanzetten|aan zetten|aandoen)\b",
        r"(?:op )?welke school (?:zit|zat|ga) (?:je|jij)\b"
        r"|naar welke school (?:ga|gaat) (?:je|jij)",
        r"\b(?:haal|kom) ik (?:je|jou) (?:\w+ ){0,3}(?:op|ophalen)\b",
    ],
}
