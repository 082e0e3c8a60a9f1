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
_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}\b")

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}")
_EMAIL_SPELLED = re.compile(
    r"[\w.+\-]+\s*[(\[]?\s*(?:at|apenstaartje)\s*[)\]]?\s*"
    r"(?:gmail|hotmail|outlook|live|icloud|yahoo|ziggo|kpnmail|home|planet|msn)"
    r"\s*(?:\.|dot|punt)\s*(?:com|nl|be)\b",
)

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
    + r" (?:\w+ ){0,2}(?:huisnummer|nummer|nr\.?) \d{1,4}"
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
    + r" (?:is|=|:) ?"
    + _HANDLE
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
_SHORT_APP = re.compile(r"\b(?:sc|ig|fb|wa|x) ?:")


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
    if any(w in text for w in _EMAIL_WORDS):
        spans += _email(text)
    if any(w in text for w in _APP_WORDS) or _SHORT_APP.search(text):
        spans += _social(text)
    return spans
