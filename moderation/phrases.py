"""Phrase rules on the normal form: crisis, grooming, abuse and sexual language.

Patterns are written in ordinary Dutch and folded (doubled letters collapsed) at import, so
"zelfmoord", "zelfmoooord" and the misspelling "zelfmord" all meet the same pattern. ``W``
is "up to n words in between". Figures of speech are masked out first (``_MASKS``) so that
"ik ga dood van het lachen" never reaches the crisis rules.
"""

import re

from moderation.concepts import (
    CONCEPT_RULES,
    COOC_FAMILY,
    COOC_HARM,
    COOC_JOKE,
    COOC_SELF,
    COOC_STATE,
    COOC_VICTIM,
    COOC_WINDOW,
    FIRST_PERSON,
    GROOMING_RULES,
    MEDIA_FRAME,
    NOT_A_PLACE,
    NOT_A_TRIP,
    NOT_AFTER,
    PLAY_FRAME,
    V8_RULES,
)
from moderation.gate import Gate, build
from moderation.normalize import compile_folded, fold_pattern


def _w(n: int) -> str:
    """Up to ``n`` arbitrary words, each followed by a space."""
    return rf"(?:\w+ ){{0,{n}}}"


def _wn(n: int) -> str:
    """Up to ``n`` words, none of them a negation ("jij bent niet dom" is kind)."""
    return rf"(?:(?!niet |geen |nooit |nie )\w+ ){{0,{n}}}"


_I = r"\b(?:ik|k|ikke|i)\b"
_SELF = r"(?:mezelf|mijzelf|zichzelf|haarzelf|hemzelf|mzelf)"
_MY = r"(?:mijn|mn|m|me|mij)"
_LIMB = r"(?:arm|armen|been|benen|pols|polsen|huid|bovenbeen|bovenbenen|buik|dijen|dij)"
_SUICIDE_WORD = r"[sz]elf ?moo?r[dt]"
_DEAD = r"(?:dood|doodgaan|doodga|dood gaan|dood ga|sterven|sterf|dood zijn|dood was|dood ben)"
_FAMILY = (
    r"(?:vader|moeder|pa|ma|papa|mama|stiefvader|stiefmoeder|stiefpa|stiefma|pleegvader"
    r"|pleegmoeder|pleegpa|pleegma|broer|zus|oom|tante|opa|oma|vriend|vriendje|ex|neef"
    r"|groepsleider|begeleider|hij|ze|zij)"
)
_HURT_ACT = r"(?:slaat|sloeg|schopt|schopte|misbruikt|mishandelt|verkracht|bedreigt|dwingt)"
_GROUP = (
    r"(?:marokkanen|marokkaan|turken|turk|negers|neger|nikkers|joden|jood|moslims|moslim"
    r"|homos|homo s|homo|lesbos|lesbo|buitenlanders|allochtonen|zigeuners|polen|surinamers"
    r"|antillianen|transgenders|transen|vluchtelingen|asielzoekers|christenen|afghanen"
    r"|syriers|somaliers|chinezen)"
)
_INSULT_WORD = (
    r"(?:sukkel|idioot|loser|debiel|randdebiel|mongool|mongol|eikel|klootzak|lul|hoer|slet"
    r"|sloerie|kutwijf|vetzak|dombo|achterlijk\w*|dom|stom|lelijk|zielig|bitch|kankerkind"
    r"|kuthoer|kutkind|kutjoch|nepperd)"
)

_MASKS = [
    r"dood (?:gaan |ga |gegaan )?(?:van|aan) (?:het |de |die |dat )?(?:saaie \w+|lachen|les"
    r"|honger|dorst|verveling|stress|zenuwen|schaamte|kou|hitte"
    r"|warmte|lol|slaap|spanning)",
    r"(?:lach|lachte|lachen|schrok|schrik|schrikken|verveel|verveelde|werk|werkte|erger"
    r"|ergerde|schaam|zoek|zocht) (?:ik )?(?:me|mij|mezelf) (?:\w+ )?dood",
    r"dood ?(?:moe|ziek van|saai|eng|normaal|gewoon|stil|op|leuk|simpel|serieus|graag)\b",
    # One tablet for a headache: "ik neem een paracetamol en ga liggen".
    r"(?:een|1|twee|2) (?:paracetamol|ibuprofen|pil|pilletje|tablet|tabletje|aspirine)\b",
    # Dying in a game: "ik ben weer dood gegaan in dat level".
    r"(?:dood|doodgegaan|dood gegaan|dood gaan|dood ga|gestorven) (?:\w+ ){0,2}(?:in|bij|tegen)"
    r" (?:de|het|dat|die|deze|mijn|mn|een|elk|ieder) (?:level|game|spel|potje|ronde|match"
    r"|boss|baas|map|wave|missie)\b",
    # Skipping rope: "touwtje springen", "een touw om te springen bij gym".
    r"touw\w* ?springen|touw\w* (?:\w+ ){0,4}springen (?:bij|met|voor|tijdens) (?:gym|sport"
    r"|turnen|de gymles|school)",
    r"(?:me|mij|mezelf|je|ons|zich) (?:\w+ )?dood ?(?:vervelen|ergeren|schamen|lachen"
    r"|schrikken|werken|zoeken|wachten)\b",
    r"(?:was|schilderij\w*|poster\w*|jas|jassen|lamp\w*|foto\w*|slingers|kleren|gordijnen"
    r"|vlag) " + _w(2) + r"(?:ophangen|op te hangen|opgehangen)",
    r"dodelijk (?:saai|vermoeiend|eng|stil|moe|grappig)",
    r"(?:was|is) (?:echt |gewoon |wel |pure |net |bijna )?"
    + _SUICIDE_WORD
    + r"\b(?! (?:de enige|een optie|beter|de oplossing|plegen|gedachte))",
    r"als je " + _w(3) + r"(?:aan )?" + _SUICIDE_WORD + r" " + _w(2) + r"denkt",
    r"(?:telefoon|batterij|accu|plant|mobiel|gsm|laptop|vis|goudvis) (?:is |was )?dood",
    # Cutting and scratching that is not self-harm.
    r"(?:snij\w*|sned\w*|gesneden) " + _w(3) + r"(?:uien|ui|brood|vlees|groente\w*|tomaat\w*"
    r"|appel\w*|papier|taart|kaas|haar|hout|stof)\b",
    r"(?:kat|poes|hond|kitten|konijn) " + _w(2) + r"(?:kras\w*|gekrast)",
    r"(?:gesneden|gebrand|snijd\w*|sned\w*|opengehaald|open gehaald|opengereten|geschaafd) "
    + _w(3)
    + r"(?:aan een|per ongeluk|bij het koken|bij het klussen"
    r"|tijdens het koken|aan de oven)",
    r"kras\w* (?:in|op) (?:de|het|een|mijn|mn) (?:auto|deur|tafel|bank|muur|telefoon|scherm)",
    # Medication as prescribed: "2 pillen per dag".
    r"(?:\d+ )?(?:pillen|pil|tabletten|medicijnen|paracetamol|ibuprofen)\w* "
    + _w(1)
    + r"per (?:dag|keer|week|ochtend|avond)",
    # Food and things being cut: "ik snij de paprika", unless a body part follows.
    r"(?:snij|snijd|snijden|sneed|sneden) (?:de|het|een|die|dat|alle|even) (?!(?:\w+ )?"
    + _LIMB
    + r"\b)\w+",
    # Falls and sports: "van mijn fiets gevallen en mijn arm bloedt".
    r"(?:gevallen|gestruikeld|uitgegleden|gestoten|geschaafd|getackeld|ongeluk|laten vallen) "
    + _w(6)
    + r"(?:bloed\w*|schaafwond\w*|wond\w*|gesneden|snee)",
    # Fingers are cut in kitchens; burns come from irons and ovens.
    r"(?:mijn|mn|in|aan) (?:vinger|duim)\w* " + _w(2) + r"(?:gesneden|gebrand|snee|sneetje)"
    r"|(?:gesneden|gebrand|snee) " + _w(2) + r"(?:in|aan) (?:mijn|mn) (?:vinger|duim)\w*",
    r"(?:brandwond|gebrand|verbrand)\w* " + _w(3) + r"(?:aan|van|door|met) (?:de|het|een)"
    r" (?:strijkijzer|strijkbout|oven|pan|fornuis|kaars|zon|thee|waterkoker|soep|vuur|kampvuur"
    r"|friteuse|barbecue|bbq)\b(?! (?:\w+ ){0,2}(?:expres|met opzet|opzettelijk|express)\b)",
]

_RULES: dict[str, list[str]] = {
    "crisis.suicide": [
        r"\b(?:wil|wl|wou|wilde|willen|zou willen dat ik|wens)\b " + _w(3) + _DEAD + r"\b",
        r"\b(?:laat me|als ik) (?:maar )?" + _DEAD + r"\b",
        r"(?:wil|ga|kap|kappen|stop|stoppen) " + _w(2) + r"met (?:het |mijn |mn )?leven\b",
        r"\bwil "
        + _w(2)
        + r"(?:niet|nie|nt) meer (?:leven|leve|bestaan|besta|zijn|wakker)"
        + NOT_A_PLACE,
        r"(?:niet|nie|nooit) meer wakker (?:worden|word|te worden|wakker)",
        r"\bwil (?:niet|nie) meer$",
        r"\b(?:er|ik) " + _w(3) + r"niet meer (?:ben|zijn)\b" + NOT_A_PLACE,
        _SUICIDE_WORD + r" ?(?:plegen|pleeg|poging|gedachte|gedachten|neiging|neigingen)",
        r"(?:pleeg|plegen|denk|dacht|denken|overweeg|overweg)\w* " + _w(4) + _SUICIDE_WORD,
        _SUICIDE_WORD + r" " + _w(2) + r"(?:plegen|pleeg|doen)\b",
        _SUICIDE_WORD + r" " + _w(3) + r"(?:enige uitweg|oplossing|beter|optie)",
        r"(?:de enige uitweg|beter dan dit|is beter) " + _w(3) + _SUICIDE_WORD,
        r"(?:aan|denk|ik|k|plegen) zm\b|\bzm plegen",
        r"\bkms\b|\bkill myself\b|\bsuicid\w*|\bzelfdoding\b",
        r"\boverdosis\b|\bafscheidsbrief\b|\blaatste bericht\b" + NOT_A_TRIP,
        r"(?:teveel|te veel|alle|\d+|strip|doos|potje) (?:\w+ )?(?:pillen|pil|paracetamol"
        r"|slaappillen|tabletten|medicijnen)\w* " + _w(3) + r"(?:geslikt|genomen|slikken|nemen"
        r"|ingenomen|innemen)",
        r"\b(?:ga|gaan|wil)\b " + _w(3) + r"(?:pillen|slaappillen|paracetamol) "
        r"(?:slikken|nemen|innemen)",
        r"\bparacetamol " + _w(8) + r"allemaal (?:te )?(?:nemen|slikken|innemen)",
        r"(?:mezelf|mijzelf|me|zichzelf) " + _w(2) + r"(?:ophangen|op te hangen|van kant"
        r"|doodmaken|dood maken|iets aan ?doen|wat aan ?doen|iets aan te doen|wat aan te doen)",
        r"\btouw\b "
        + _w(4)
        + r"(?:ophangen|op te hangen|gekocht(?! voor (?:het|de|een|ons|onze)\b))",
        _I + r" " + _w(4) + r"(?:voor de trein|voor een trein|van (?:de|een|het) (?:brug|dak"
        r"|flat|balkon))",
        _I + r" " + _w(4) + r"op (?:het|een) dak " + _w(3) + r"spring",
        r"\ber " + _w(2) + r"(?:een )?einde? (?:aan|te maken|maken)\b",
        r"einde? (?:aan|maken aan) (?:mijn|mn|m|me|het) leven",
        r"(?:mijn|mn|m|me) leven " + _w(1) + r"beeindig",
        r"(?:geen|voor) zin (?:meer )?(?:om |in )?(?:te |het )?leven|leven heeft geen zin",
        r"\bleven " + _w(2) + r"zat\b",
        r"waarom (?:leef|ben|besta) (?:ik|k) (?:er )?nog",
        r"(?:niemand (?:zou|zal|gaat) me (?:\w+ )?missen|niemand mist me)(?! (?:op|bij) (?:het"
        r"|de|een|dat|die|mijn) )",
        r"beter af (?:is |zijn |zou zijn |zouden zijn |zijn )?zonder (?:mij|me)\b"
        r"|een last voor iedereen",
        r"verdien het niet (?:om )?te leven|nooit geboren",
        r"geen uitweg|zie het "
        + _w(1)
        + r"niet meer zitten(?! met (?:\w+ ){0,2}\w*(?:huiswerk|toets"
        r"|school|examen|project|opdracht|les|stage|werk)\w*)|trek het niet meer"
        r"|hou het niet meer vol|houd het niet meer vol",
        r"verdwijnen voor altijd|voor altijd verdwijnen|voorgoed verdwijnen",
        r"(?:zelfmoord ?poging|een poging gedaan\b(?! om)|een poging tot)",
        r"vanavond is het (?:over|voorbij)|vaarwel allemaal",
        r"(?:denk|dacht|denken) " + _w(3) + r"aan (?:doodgaan|dood gaan|de dood|sterven|dood)\b",
        r"zin (?:om |in )?(?:te )?(?:sterven|dood te gaan|doodgaan)",
        r"(?:hoop|wou|wens|zou willen) (?:dat )?(?:ik|k) "
        + _w(5)
        + r"(?:"
        + _DEAD[3:-1]
        + r"|verongeluk|overreden)",
        r"(?:wil|hoop) (?:gewoon )?dat alles " + _w(1) + r"(?:stopt|ophoudt)"
        r"|(?:stopt|ophoudt|voorbij is) (?:voor altijd|voorgoed)",
        r"(?:pillen|medicijnen|tabletten|slaappillen|paracetamol)\w* "
        + _w(2)
        + r"(?:verzameld|gespaard|opgespaard)|(?:verzamel|spaar)\w* "
        + _w(3)
        + r"(?:pillen|medicijnen|tabletten|slaappillen)",
        r"(?:voor|onder) (?:de|een) trein " + _w(2) + r"(?:springen|te springen|lopen|liggen)"
        r"|op het spoor " + _w(1) + r"(?:liggen|staan|lopen)",
        r"(?:van|vanaf|af) (?:de|een|het) (?:brug|dak|flat|balkon)\w* "
        + _w(2)
        + r"(?:springen|te springen)",
        r"waarom (?:zou|moet|zal) (?:ik|k) (?:nog )?(?:leven|blijven leven|doorgaan)",
        r"(?:niks|niets|niemand) (?:meer )?(?:om|waarvoor) (?:voor )?(?:te )?leven",
        r"polsen (?:door)?snijden|(?:mijn|mn) polsen (?:\w+ )?(?:doorsnijden|opensnijden)",
    ],
    "crisis.selfharm": [
        r"(?:snij\w*|sned\w*|gesneden|kras\w*|gekrast|brand\w*|gebrand|bonk\w*|sla|slaan"
        r"|beschadig\w*|pijn doen|pijn gedaan|pijn) " + _w(3) + _SELF,
        _SELF + r" " + _w(5) + r"(?:snij\w*|gesneden|kras\w*|gekrast|brand\w*|gebrand|sla"
        r"|slaan|beschadig\w*|pijn (?:doen|gedaan)|pijn\b)",
        r"(?:snij\w*|sned\w*|gesneden|kras\w*|gekrast) " + _w(2) + r"in " + _MY + r" " + _LIMB,
        r"in " + _MY + r" " + _LIMB + r" " + _w(1) + r"(?:gesneden|gekrast|snij\w*|kras\w*)",
        r"(?:weer|terugval|begonnen|gestopt|stoppen|clean|nog steeds|vroeger) "
        + _w(4)
        + r"(?:met )?(?:snijden|krassen|gesneden|gesnedn|gekrast|snij|kras|branden|sneed|kraste)\b",
        r"\b(?:gesneden|gekrast|snij|kras|snijden|krassen) " + _w(2) + r"(?:weer|nog steeds)",
        r"\b(?:krassen|snijden) (?:helpt|is het enige|doe ik)",
        r"zelfbeschadiging|zelfverwonding|automutilatie",
        r"\bmesjes? " + _w(4) + r"(?:matras|kussen|verstopt|voor als)",
        r"(?:armen|benen|polsen) " + _w(3) + r"(?:snijwonden|sneetjes|krassen)",
        r"hoofd tegen de muur",
        r"tot (?:het|ik) (?:bloed|bloedt|bloede)\b",
        r"(?:zin|drang|behoefte|neiging) (?:om )?(?:te |in )?(?:snijden|krassen|branden"
        r"|mezelf|me te snijden)",
    ],
    "crisis.danger": [
        _FAMILY + r" " + _w(2) + _HURT_ACT + r" " + _w(2) + r"(?:me|mij)\b" + NOT_AFTER,
        _FAMILY + r" " + _w(2) + r"(?:raakt me aan|komt " + _w(3) + r"aan (?:me|mij)\b"
        r"|zit aan (?:me|mij)\b)",
        _FAMILY + r" (?:heeft )?(?:mijn|mn) (?:moeder|ma|vader|pa|broer|zus|broertje|zusje)"
        r" " + _w(1) + r"(?:geslagen|geschopt|mishandeld|slaat|schopt)",
        r"\b(?:word|werd|ben|wordt) " + _w(3) + r"(?:geslagen|mishandeld|misbruikt|verkracht"
        r"|aangerand|geschopt|opgesloten)",
        r"\b(?:me|mij) " + _w(1) + r"(?:aangerand|verkracht|misbruikt|mishandeld|opgesloten)",
        r"dwingt (?:me|mij) tot|(?:zit|ben) " + _w(4) + r"opgesloten",
        r"niet veilig thuis|thuis niet veilig|onveilig thuis|durf "
        + _w(1)
        + r"niet "
        + _w(1)
        + r"naar huis",
        r"huiselijk geweld|blauwe plekken van|thuis " + _w(4) + r"geslagen",
        r"gedreigd " + _w(2) + r"(?:te vermoorden|vermoorden|af te maken|te slaan)",
        r"bang (?:voor|van) (?:mijn|mn) (?:vader|moeder|stiefvader|stiefmoeder|pa|ma|broer)",
        r"huis uit (?:gegooid|gezet|geschopt)|waar ik vannacht moet slapen",
        r"(?:slaan|schoppen|misbruiken|mishandelen) (?:ze|zij|hun|hij) (?:me|mij|ons)\b",
        _FAMILY + r" " + _w(2) + r"(?:slaat|schopt|mishandelt) (?:ons|mijn moeder|mn moeder"
        r"|mijn broertje|mijn zusje)",
        r"bang dat (?:hij|ze|zij|mijn \w+|mn \w+) (?:me|mij) "
        + _w(1)
        + r"(?:iets aandoet|slaat|pijn doet|vermoordt)",
        r"\b(?:word|ben|werd) " + _w(2) + r"bedreigd\b",
        r"\b(?:slaat|sloeg|schopt|schopte|mishandelt|misbruikt|wurgt|wurgde) (?:me|mij)\b"
        + NOT_AFTER,
        r"\b(?:heeft|hebben|had) (?:me|mij) " + _w(2) + r"(?:geslagen|geschopt|mishandeld"
        r"|misbruikt|verkracht|gewurgd|pijn gedaan|bedreigd)",
        r"bang (?:om |voor )?" + _w(2) + r"(?:naar huis|thuis)\b",
        _FAMILY + r" " + _w(4) + r"(?:agressief|gewelddadig)\b",
    ],
    "grooming.age": [
        r"hoe oud (?:ben|bn|b|bent|bnt|bennen|zijn) (?:je|jij|u|jullie)\b|hoe oud je bent",
        r"wat is (?:je|jouw|uw) leeftijd|hoeveel jaar ben (?:je|jij)",
        r"\bben je (?:al )?(?:1\d|2\d)\b|^leeftijd$|volwassen voor je leeftijd",
        r"(?:welk jaar|wanneer) ben je geboren",
    ],
    "grooming.photo": [
        r"(?<!ik )(?<!\bk )\bstuur (?:\w+ ){0,3}(?:fotos?|foto s|pics?|selfies?|plaatjes?"
        r"|nudes|filmpje)\b",
        r"(?:kan|kun|wil) je "
        + _w(3)
        + r"(?:foto|pic|selfie)\w* "
        + _w(2)
        + r"(?:sturen|sture|maken|laten zien)",
        r"mag ik " + _w(2) + r"(?:foto|pic|selfie)",
        r"heb je " + _w(1) + r"(?:fotos|foto s|pics|selfies) van (?:jezelf|je)\b",
        r"als je " + _w(3) + r"(?:foto|pic|selfie)\w* (?:stuurt|stuur)",
        r"laat " + _w(2) + r"zien hoe je eruit ?ziet",
        r"heb je (?:een )?(?:foto|pic|selfie)\b",
        r"wat heb je (?:nu )?aan\b",
        r"(?:wil je|zullen we|kunnen we|doe je|zet je) "
        + _w(2)
        + r"(?:videobellen|facetimen|facetime|cam|camera|webcam)\b",
    ],
    "grooming.private": [
        r"(?:we|wij) " + _w(2) + r"prive\b|\bprive (?:chatten|praten|verder|bericht\w*)",
        r"(?:zullen|zulle|kunnen|kunne) (?:we|wij) " + _w(2) + r"verder (?:op|via)",
        r"\b(?:dm|pm|pb|app|whatsapp|snap|sms|bel) (?:me|mij)\b",
        r"stuur (?:me|mij) (?:een )?(?:dm|pm|pb|prive ?bericht\w*|berichtje|appje)",
        r"heb je " + _w(1) + r"(?:snap|snapchat|insta|instagram|whatsapp|telegram|discord"
        r"|tiktok|kik|facebook|fb|wa)\b",
        r"wat is (?:je|jouw) (?:snap|insta|nummer|nr|adres|telefoonnummer|mail|whatsapp)\b",
        r"geef (?:me |mij )?(?:je|jouw) (?:nummer|nr|snap|insta|adres)\b",
        r"(?:zullen|zulle|kunnen|wil je|willen|zal ik) " + _w(4) + r"afspreken\b"
        r"|met (?:me|mij) afspr\w+",
        r"\bje ophalen\b|\bhaal je op\b",
        r"\bhaal je " + _w(2) + r"op\b|bij (?:mij|me) (?:slapen|logeren)"
        r"|kom (?:je |jij )?(?:naar|bij) (?:mij|me|mijn huis)\b",
        r"(?:zullen|kunnen) (?:we|wij) " + _w(1) + r"(?:bellen|facetimen|videobellen)\b",
        r"waar woon (?:je|jij)\b|in welke (?:stad|plaats|dorp) woon (?:je|jij)"
        r"|woon je (?:in de buurt|dichtbij|alleen)|(?:zit|ben) (?:je|jij) alleen\b",
        r"niet (?:tegen|aan) (?:je|jouw) (?:ouders|moeder|vader|begeleider|voogd|mentor"
        r"|casemanager|pleegouders|groepsleiding)\w* (?:zeggen|vertellen)",
        r"blijft tussen ons|(?:ons|onze) geheim|geheimpje|weten je ouders (?:dat|wel)",
    ],
    "grooming.gift": [
        r"\bik (?:geef|stuur|betaal|koop|geef) (?:je|jou) " + _w(2) + r"(?:geld|cadeau\w*"
        r"|beltegoed|tientje|\d+ euro|euro|iets|sneakers|kleren|telefoon|iphone|wiet|drugs)",
        r"\bik koop " + _w(3) + r"voor (?:je|jou)\b",
        r"(?:makkelijk|snel|veel) geld verdienen|helpen met geld|geld als je",
        r"je krijgt (?:\w+ )?(?:geld|beltegoed|cadeau\w*)",
        r"cadeau\w* voor (?:je|jou)\b|bijverdienen",
    ],
    "abuse.threat": [
        r"\bik (?:ga|zal|kom|wil) (?:je|jou|jullie) " + _w(3) + r"(?:vermoorden|afmaken"
        r"|neersteken|steken|slaan|kapot maken|kapotmaken|in elkaar slaan|in elkaar trappen"
        r"|doodmaken|dood maken|opwachten|pakken)",
        r"\bik (?:maak|steek|sla|schiet|trap) (?:je|jou) "
        + _w(3)
        + r"(?:af|neer|dood|kapot|in elkaar|lens)\b",
        r"\b(?:sla|maak|steek) ik (?:je|jou) " + _w(2) + r"(?:kapot|dood|in elkaar|af|neer)",
        r"weet waar je woont|je gaat eraan|je bent de sjaak|\bkys\b|kill yourself",
        r"\bje bent (?:zo )?dood\b(?! gegaan)",
        r"\bga (?:jezelf|je) " + _w(1) + r"(?:ophangen|van kant|dood|opknopen)",
        r"(?<!ik )(?<!\bk )\bga (?:toch |lekker |maar |gewoon )?dood\b",
        r"(?<!ik )(?<!\bk )\bspring (?:maar |toch )?(?:voor de trein|van (?:een|de) (?:brug|flat))",
    ],
    "abuse.hate": [
        r"\b(?:vuile|vieze|gore|kanker|tyfus|kut) ?" + _GROUP + r"\b",
        r"\b(?:alle|die) "
        + _GROUP
        + r" "
        + _w(3)
        + r"(?:moeten|horen) "
        + _w(3)
        + r"(?:dood|weg|vergast|eruit|uit|terug|afgemaakt|opgehangen)",
        r"\b"
        + _GROUP
        + r" (?:moeten|horen) "
        + _w(3)
        + r"(?:dood|vergast|het land uit|terug naar|afgemaakt)",
        r"\bnikkers?\b|\bnegers?\b|\bflikkers?\b(?! op)",
    ],
    "abuse.insult": [
        r"\b(?:je bent|jij bent|ben je|ben jij|wat ben jij|jij|je|jou|vuile|vieze|gore"
        r"|dikke|stomme|vuil|vies|vette|kanker|wat een) " + _wn(2) + _INSULT_WORD + r"\b",
        r"\b(?:vuile|vieze|gore|vuil|vies|kanker|stomme) (?:hond|aap|varken|rat)\b",
        r"\b(?:kanker|tyfus|tering|pleuris|klere)(?:lijer|hoer|mongool|kind|wijf|joch"
        r"|homo|aap|sukkel|debiel)\w*",
        r"\b(?:klootzak|kankerlijer|mongool|debiel|kutwijf|slet|hoer|vetzak)\b",
        r"krijg (?:de|het|toch de) (?:tering|tyfus|kanker|pest|klere|pleuris|kolere)",
        r"\b(?:rot|flikker|sodemieter|tief|donder|kanker|tyfus|tering|pleur) (?:toch )?op\b",
        r"niemand (?:vind|vindt|mag) (?:jou|je) (?:leuk|aardig)",
        r"\bje (?:moeder|moer|ma|mama) (?:is )?(?:een )?(?:hoer|slet|sloerie|kutwijf|teef)",
        r"hou (?:je|jij) (?:bek|kop|smoel)|\b(?:bek|kop) dicht\b",
    ],
    "sexual.explicit": [
        r"\b(?:neuk\w*|geneukt|beffen|bef je|sexten|seksten|dickpics?|dick pic\w*|nudes?"
        r"|naaktfoto\w*|porno\w*|tieten|kutje|klaarkomen|aftrekken|vingeren)\b",
        r"\b(?:pijpen|pijp (?:me|mij|je)|zuig " + _w(1) + r"(?:lul|pik|piemel))\b",
        r"(?:ben|word|wordt|maakt me) " + _w(2) + r"geil\b|\bgeil (?:op|van)\b",
        r"(?:wil je|zullen we|heb je zin in|doe je aan) " + _w(2) + r"(?:seks|sex)\b"
        r"|\b(?:seks|sex) met (?:me|mij|jou|je)\b",
        r"aan (?:je|jouw) (?:lichaam|borsten|kont|piemel|lul)\w* (?:zitten|voelen|likken)",
        r"laat (?:je|jouw) "
        + _w(1)
        + r"(?:borsten|kont|piemel|lul|lichaam|naakt) "
        + _w(1)
        + r"zien",
    ],
}

MASK = compile_folded(r"\b(?:" + "|".join(f"(?:{m})" for m in _MASKS) + ")")
# Every mask holds one of these (folded) pieces; without them masking is skipped.
MASK_HINTS = (
    "dod", "mor", "sn", "kras", "brand", "per ", "hang", "bloed", "wond", "vinger", "duim",
    "laten val", "open", "geschafd", "touw", "paracet", "ibupro", "pil", "tablet", "aspirin",
)  # fmt: skip
BRANCHES = build(
    (rule, fold_pattern(pattern))
    for rules in (_RULES, CONCEPT_RULES, V8_RULES, GROOMING_RULES)
    for rule, patterns in rules.items()
    for pattern in patterns
)
GATE = Gate(BRANCHES)


# The word "zelfmoord" in a text where the writer speaks about themselves ("ik", "me") is
# held for care even when no phrase above matches ("zelfmoord bedoel ik"); the helpline tip
# "als je aan zelfmoord denkt ..." is masked before, and third persons alone pass.
_TOPIC_SUICIDE = compile_folded(r"\b" + _SUICIDE_WORD + r"|\bzelfdoding")
_FIRST_PERSON = compile_folded(r"\b(?:ik|k|me|mij|mijn|mn|mezelf|mijzelf)\b")


_MEDIA_FRAME = compile_folded(MEDIA_FRAME)
_PLAY_FRAME = compile_folded(PLAY_FRAME)
_FIRST_PERSON_WORD = compile_folded(FIRST_PERSON)


_COOC_HARM = tuple((rule, compile_folded(p)) for rule, p in COOC_HARM.items())
_COOC_SELF = compile_folded(COOC_SELF)
_COOC_STATE = compile_folded(COOC_STATE)
_COOC_VICTIM = compile_folded(COOC_VICTIM)
_COOC_FAMILY = compile_folded(COOC_FAMILY)
_COOC_JOKE = compile_folded(COOC_JOKE)


def _window(normal: str, start: int, end: int) -> str:
    """``normal`` from COOC_WINDOW words before ``start`` to COOC_WINDOW words after ``end``."""
    left = start
    for _ in range(COOC_WINDOW + 1):
        left = normal.rfind(" ", 0, left - 1) if left > 0 else -1
        if left < 0:
            break
    right = end
    for _ in range(COOC_WINDOW):
        right = normal.find(" ", right + 1)
        if right < 0:
            right = len(normal)
            break
    return normal[left + 1 : right]


def match_cooccurrence(normal: str) -> list[tuple[str, int, int]]:
    """Harm words with a first-person and a state word (or family and victim) nearby."""
    if _COOC_JOKE.search(normal):
        return []
    found = []
    for rule, pattern in _COOC_HARM:
        for m in pattern.finditer(normal):
            near = _window(normal, m.start(), m.end())
            if rule == "crisis.danger":
                hit = _COOC_VICTIM.search(near) and _COOC_FAMILY.search(near)
            else:
                hit = _COOC_SELF.search(near) and _COOC_STATE.search(near)
            if hit:
                found.append((rule, m.start(), m.end()))
    return found


def match_phrases(normal: str) -> list[tuple[str, int, int]]:
    """``(rule, start, end)`` of every phrase match in a (masked) normal form."""
    found = GATE.run(normal)
    if ("elf" in normal or "zelfdoding" in normal) and _FIRST_PERSON.search(normal):
        found += [("crisis.suicide", m.start(), m.end()) for m in _TOPIC_SUICIDE.finditer(normal)]
    if not any(f[0].startswith("crisis.") for f in found):
        found += match_cooccurrence(normal)
    if found and _PLAY_FRAME.search(normal):
        # "mijn broertje schopt me onder tafel voor de grap", "geschopt tijdens voetbal".
        found = [f for f in found if f[0] != "crisis.danger"]
    if found and _MEDIA_FRAME.search(normal):
        # "in het boek pleegt de hoofdpersoon zelfmoord", "een spreekbeurt over
        # zelfbeschadiging": a crisis match without a first-person word is about the topic.
        found = [
            f
            for f in found
            if not f[0].startswith("crisis.") or _FIRST_PERSON_WORD.search(normal, f[1], f[2])
        ]
    return found


# Pseudonyms run words together ("xxkankerxx"), so for handles these pieces count anywhere
# inside a word. Kept short and unambiguous: "tering" would hit "catering".
HANDLE_PIECES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (rule, compile_folded(pattern))
    for rule, pattern in (
        (
            "abuse.insult",
            r"kanker|tyfus|teringlijer|pleuris|hoer|slet|kutwijf|mongool|debiel|klootzak"
            r"|bitch|fuck|kys",
        ),
        ("abuse.hate", r"nikker|flikker|nazi|hitler|kankerjood"),
        ("sexual.explicit", r"neuk|pijp|porno|geil|seks|sex|lul|kutje|tiet|nude|naakt|pedo"),
    )
)

# Past tense with recovery ("vroeger ..., nu gaat het beter") keeps the hold and the
# signposts, but without an urgent alert, unless something points at now.
PAST_FRAMING = compile_folded(
    r"\b(?:vroeger|toen ik|vorig jaar|vorige week|jaren geleden|maanden geleden|inmiddels"
    r"|clean|nu gaat het " + _w(1) + r"(?:beter|goed))\b"
)
PRESENT_MARKER = compile_folded(
    r"\b(?:nu wil|weer|nog steeds|vandaag|vanavond|vannacht|morgen|help|nu meteen)\b"
)
JOKE_MARKER = re.compile(
    r"\b(?:ha(?:ha)+h?|hihi\w*|lol|xd|grapje|geintje)\b|😂|🤣|😜|😅|😆"
    r"|als je (?:mijn |mn |m'n )?(?:chips|snoep|eten|patat|friet|pizza|koekjes|cola|drinken)",
    re.IGNORECASE,
)
