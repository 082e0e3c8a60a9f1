"""Personal data in the original text: phone, e-mail, BSN, IBAN, address, social accounts.

These work on the original text (digits must not pass through leetspeak folding) and give
spans in original offsets directly.
"""

import re

from moderation.types import Span

_SEP = r"[ \-.]"
# +31 6..., 0031 6..., 06..., with an optional "(0)" after the country code.
_PREFIX = r"(?:\+31" + _SEP + r"?(?:\(0\)" + _SEP + r"?)?|0031" + _SEP + r"?|\(?0 ?)"
_MOBILE_REST = (
    r"6\)?" + _SEP + r"?-?" + _SEP + r"?"
    r"(?:\d{8}|\d{4}" + _SEP + r"\d{4}|\d{2}(?:" + _SEP + r"\d{2}){3}"
    r"|\d{3}" + _SEP + r"\d{3}" + _SEP + r"\d{2}|\d{2}" + _SEP + r"\d{3}" + _SEP + r"\d{3}"
    r"|(?: ?\d){8})"
)
# Landlines: 0 + 2-digit area + 7 digits (020-1234567) or 0 + 3-digit area + 6 digits.
_LANDLINE_REST = (
    r"(?:[1-57-9]\d\)?" + _SEP + r"?(?:\d{7}|\d{3}" + _SEP + r"?\d{4}|\d{3} \d{2} \d{2})"
    r"|[1-57-9]\d{2}\)?" + _SEP + r"?(?:\d{6}|\d{2}" + _SEP + r"\d{2}" + _SEP + r"\d{2}))"
)
# Foreign mobiles written with a country code (+32 470 12 34 56): 8-11 further digits.
_FOREIGN = r"\+(?!31)\d{2}(?:" + _SEP + r"?\d){8,11}"
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    + _PREFIX
    + r"(?:"
    + _MOBILE_REST
    + r"|"
    + _LANDLINE_REST
    + r")|"
    + _FOREIGN
    + r")(?![\d])"
)
# Spelled-out numbers ("nul zes twaalf vierendertig 56 78"): digit words and digit groups in a
# row, joined; a run that reads as a Dutch phone number counts.
_UNITS_WORDS = {
    "nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
    "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}  # fmt: skip
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}  # fmt: skip
_NUMBER_WORD = re.compile(
    r"(?:(?:"
    + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
    + r")[eë]?n(?:"
    + "|".join(_TENS)
    + r")|"
    + "|".join(sorted([*_TEENS, *_TENS, *_UNITS_WORDS], key=len, reverse=True))
    + r")"
)
_NUMBER_TOKEN = re.compile(r"\d+|[a-zéë]+")
_NUMBER_SEP = re.compile(r"[ \-.,/]*")
_SPELLED_HINT = re.compile(r"\b(?:nul|zes|0 ?6)\b")
_PHONE_DIGITS = re.compile(r"(?:06\d{8}|0[1-57-9]\d{8}|316\d{8}|00316\d{8})")


def _word_value(word: str) -> str | None:
    """Digits of one number word ("zes" -> "6", "vierendertig" -> "34"), or None."""
    if word.isdigit():
        return word
    if word in _UNITS_WORDS:
        return str(_UNITS_WORDS[word])
    if word in _TEENS:
        return str(_TEENS[word])
    if word in _TENS:
        return str(_TENS[word])
    if _NUMBER_WORD.fullmatch(word):
        for tens, value in _TENS.items():
            if word.endswith(tens):
                unit = word[: -len(tens)].rstrip("n").rstrip("eë")
                unit = {"e": "een", "é": "één"}.get(unit, unit)
                if unit in _UNITS_WORDS:
                    return str(value + _UNITS_WORDS[unit])
    return None


def _spelled_phone(text: str) -> list[Span]:
    """Phone numbers written (partly) in words: "nul zes 12 34 56 78"."""
    spans = []
    run: list[tuple[int, int, str, bool]] = []  # start, end, digits, was a word

    def close() -> None:
        digits = "".join(d for _, _, d, _ in run)
        if any(word for *_, word in run) and _PHONE_DIGITS.search(digits):
            spans.append(Span(run[0][0], run[-1][1], "pii.phone"))
        run.clear()

    for tok in _NUMBER_TOKEN.finditer(text):
        value = _word_value(tok.group())
        if value is None:
            close()
            continue
        if run and not _NUMBER_SEP.fullmatch(text[run[-1][1] : tok.start()]):
            close()
        run.append((tok.start(), tok.end(), value, not tok.group().isdigit()))
    close()
    return spans


_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}\b")

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}")
_EMAIL_SPELLED = re.compile(
    r"[\w.+\-]+\s*[(\[]?\s*(?:at|apenstaartje)\s*[)\]]?\s*"
    r"(?:gmail|hotmail|outlook|live|icloud|yahoo|ziggo|kpnmail|home|planet|msn)"
    r"\s*(?:\.|dot|punt)\s*(?:com|nl|be)\b",
)

# "kevin2008 @ live.nl": spaces around the @, only with a mail domain's ending, so that
# "volg me op insta @noor.bakker" stays a handle.
_EMAIL_SPACED = re.compile(r"[\w.+\-]+ ?@ ?[\w\-]+(?:\.[\w\-]+)*\.(?:nl|com|be|net|org|eu|de)\b")

_NINE_DIGITS = re.compile(r"(?<![\d.,])\d{3}[ .]?\d{3}[ .]?\d{3}(?![\d,]|\.\d)")
_IBAN = re.compile(r"\b[a-z]{2}\d{2} ?[a-z0-9]{4}(?: ?[a-z0-9]{2,4}){2,7}\b")
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "ES": 24, "GB": 22, "LU": 20}

_POSTCODE = r"[1-9]\d{3} ?(?!sa|sd|ss|SA|SD|SS)[a-zA-Z]{2}"
_HOUSE = r"\d{1,4}(?: ?[a-zA-Z](?![a-zA-Z]))?"
_STREET = (
    r"[a-zA-Z][a-zA-Z\-']{1,}(?:straat|laan|weg|plein|gracht|singel|kade|dijk|hof|pad|steeg"
    r"|dreef|erf|park|plantsoen|markt|ring|wal|burg|veld|baan|hout|akker|donk|hoeve)"
)
_ADDRESS = re.compile(
    r"\b(?:"
    + _POSTCODE
    + r",? (?:huisnummer |nummer |nr\.? )?"
    + _HOUSE
    + r"|"
    + _STREET
    + r" "
    + _HOUSE
    + r"(?:,? "
    + _POSTCODE
    + r")?"
    + r"|(?:postcode )?"  # postcode, then within two words a house number
    + _POSTCODE
    + r" (?:\w+ ){0,5}(?:huisnummer|nummer|nr\.?) \d{1,4}"
    + r"|(?:postcode )?"
    + _POSTCODE
    + r" (?:huisnummer|nummer|nr\.?) \d{1,4})(?![\w])",
)
_UNITS = {"ml", "cl", "kg", "km", "cm", "mm", "gr", "mb", "gb", "kb", "uu", "eu", "pk", "kw"}
_SHORT_WORDS = frozenset(
    {"om", "en", "in", "op", "ik", "je", "of", "de", "te", "is", "al", "nu", "ze", "we", "na"}
    | {"er", "ga", "zo", "ja", "uw", "as", "ex"}
)
_POSTCODE_IN = re.compile(r"\d{4} ?([a-zA-Z]{2})")

_APPS = (
    r"(?:snap(?:chat)?|sc|insta(?:gram)?|ig|tiktok|tik tok|discord|telegram|twitter|x|kik"
    r"|facebook|fb|twitch|bereal|whatsapp|wa)"
)
_HANDLE = r"@?[a-z0-9_][a-z0-9_.\-]{2,30}(?:#\d{4})?"
_SOCIAL = re.compile(
    r"\b(?:(?:add|voeg|volg|zoek)(?: me| mij)?(?: toe)?(?: op| on)? "
    + _APPS
    + r"[:,]?(?: (?:ik heet daar|mn naam is|mijn naam is|is))? "
    + _HANDLE
    + r"|(?:mijn|mn|m'n|me) "
    + _APPS
    + r" (?:(?:naam|name|account|acc|gebruikersnaam|username|handle) )?(?:is|=|:) ?"
    + _HANDLE
    # "ik ben te vinden op ig als fleur_03", "zoek me op tiktok onder janneke.xo"
    + r"|(?:te vinden|vind me|vind je me|zoek me|sta ik|zit ik|ben ik|heet ik) (?:\w+ ){0,1}op "
    + _APPS
    + r" (?:als|onder) @?[a-z0-9_][a-z0-9_.\-]{2,30}"
    + r"|\b"
    + _APPS
    + r" ?(?:me)?: ?"
    + _HANDLE
    + r"|\b"
    + _APPS
    + r" @[a-z0-9_.]{3,30}"
    # "insta is rick.dvr": only with a dot, underscore or digit, so "insta is leuk" passes.
    + r"|\b"
    + _APPS
    + r" (?:is|=) @?[a-z0-9_]*[._0-9][a-z0-9_.]*[a-z0-9_]"
    + r")",
)
_AT_HANDLE = re.compile(r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{2,29}(?![\w@])")


def bsn_valid(number: str) -> bool:
    """The 11-proef of a Dutch burgerservicenummer (9 digits)."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) != 9 or (digits[0] == 0 and digits[1] == 0):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check; known countries must also have their fixed length."""
    compact = iban.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


_HAS_DIGITS = re.compile(r"\d")
_EMAIL_WORDS = ("@", " at ", "(at)", "[at]", "apenstaartje")
_POSTCODE_HINT = re.compile(r"\d{4} ?[a-zA-Z]{2}\b")
_NUMBERED_WORD = re.compile(r"([a-zA-Z]{4,}) \d")
_STREET_SUFFIXES = (
    "straat", "laan", "weg", "plein", "gracht", "singel", "kade", "dijk", "hof", "pad",
    "steeg", "dreef", "erf", "park", "plantsoen", "markt", "ring", "wal", "burg", "veld",
    "baan", "hout", "akker", "donk", "hoeve",
)  # fmt: skip
_APP_WORDS = (
    "@", "snap", "insta", "tiktok", "tik tok", "discord", "telegram", "twitter", "kik",
    "facebook", "twitch", "bereal", "whatsapp",
)  # fmt: skip
_SHORT_APP = re.compile(r"\b(?:sc|ig|fb|wa|x) ?(?::|als |onder )")


def _address_hint(text: str) -> bool:
    if _POSTCODE_HINT.search(text):
        return True
    return any(m.group(1).lower().endswith(_STREET_SUFFIXES) for m in _NUMBERED_WORD.finditer(text))


def _phone(text: str) -> list[Span]:
    spans = []
    for m in _PHONE.finditer(text):
        if _DATE.search(m.group()):
            continue
        spans.append(Span(m.start(), m.end(), "pii.phone"))
    return spans


def _email(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), "pii.email") for m in _EMAIL.finditer(text)]
    spans += [Span(m.start(), m.end(), "pii.email") for m in _EMAIL_SPELLED.finditer(text)]
    spans += [Span(m.start(), m.end(), "pii.email") for m in _EMAIL_SPACED.finditer(text)]
    return spans


def _bsn(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), "pii.bsn")
        for m in _NINE_DIGITS.finditer(text)
        if bsn_valid(m.group())
    ]


def _iban(text: str) -> list[Span]:
    spans = []
    for m in _IBAN.finditer(text):
        candidate = m.group().rstrip()
        # The regex may swallow a following short word; retry shorter prefixes.
        while candidate and not iban_valid(candidate):
            cut = candidate.rfind(" ")
            candidate = candidate[:cut] if cut > 0 else ""
        if candidate:
            spans.append(Span(m.start(), m.start() + len(candidate), "pii.iban"))
    return spans


def _address(text: str) -> list[Span]:
    spans = []
    for m in _ADDRESS.finditer(text):
        postcode = _POSTCODE_IN.search(m.group())
        letters = postcode.group(1) if postcode else ""
        if letters.lower() in _UNITS or (letters.islower() and letters in _SHORT_WORDS):
            # "2000 ml", "2026 om 14:00": a unit or a Dutch word, not a postcode.
            continue
        spans.append(Span(m.start(), m.end(), "pii.address"))
    return spans


def _social(text: str) -> list[Span]:
    # "@gmail.com" inside an e-mail address is not a social handle.
    emails = [e.span() for e in _EMAIL.finditer(text)] if "@" in text else []
    matches = list(_SOCIAL.finditer(text))
    if "@" in text:
        matches += _AT_HANDLE.finditer(text)
    return [
        Span(m.start(), m.end(), "pii.social")
        for m in matches
        if not any(a <= m.start() < b for a, b in emails)
    ]


def _lower(text: str) -> str:
    """Lowercase with the same length, so offsets stay valid ("İ" would grow)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def find_pii(text: str) -> list[Span]:
    """All personal-data spans in ``text`` (original offsets)."""
    spans: list[Span] = []
    # The text patterns are lowercase without IGNORECASE, which is three times faster.
    original = text
    text = _lower(text)
    # Cheap hints first: most posts have no "@", no postcode and no app name.
    if _HAS_DIGITS.search(text):
        spans += _phone(text) + _bsn(text) + _iban(text)
        # Addresses look at the original case: "2026 om 14" is a time, "2026 OM 14" is not.
        if _address_hint(original):
            spans += _address(original)
    if _SPELLED_HINT.search(text):
        spans += _spelled_phone(text)
    if any(w in text for w in _EMAIL_WORDS):
        spans += _email(text)
    if any(w in text for w in _APP_WORDS) or _SHORT_APP.search(text):
        spans += _social(text)
    return spans
