"""Our own detectors: regular expressions for identifiers with a fixed shape.

* BSN: 9 digits (``123456782``, ``1234.56.782``, ``123 456 782`` next to the word BSN)
  that pass the 11-proef;
* Dutch phone numbers: ``06-12345678``, ``020 123 45 67``, ``(030) 1234567``, ``+31 6 1234 5678``;
* e-mail addresses;
* postcodes (``3811 AB``, optionally followed by a house number) and street + house number
  (``Kerkstraat 12a``, ``Burgemeester de Withstraat 3``, ``Laan van Meerdervoort 12``);
* dates of birth: a date after ``geboren (op)``, ``geb.``, ``geboortedatum``;
* names after a title or an introduction (``mevrouw Jansen``, ``dhr. De Vries``,
  ``mijn naam is Fatima``) and initials + surname (``J.H. de Boer``).

Names in running text without such a cue are left to deduce (see :mod:`.detect`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("PERSOON", "ADRES", "POSTCODE", "PLAATS", "TELEFOON", "EMAIL", "BSN", "GEBOORTEDATUM")
# when two detections of the same length compete, the earlier kind wins
PRIORITY = {
    k: i for i, k in enumerate(("EMAIL", "BSN", "TELEFOON", "GEBOORTEDATUM", "ADRES", "POSTCODE", "PERSOON", "PLAATS"))
}


@dataclass(frozen=True, slots=True)
class Hit:
    """A detected identifier: ``text[start:end]`` is what gets replaced."""

    start: int
    end: int
    kind: str
    text: str
    origin: str = "regel"  # regel | lijst | deduce | spreker


TUSSENVOEGSELS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "'t",
        "in",
        "op",
        "aan",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "das",
        "von",
        "vom",
        "zu",
        "bin",
        "ibn",
        "el",
        "al",
    ]
)
TITLES = frozenset(
    [
        "mevrouw",
        "mevr",
        "mw",
        "mvr",
        "meneer",
        "mnr",
        "dhr",
        "heer",
        "mr",
        "dr",
        "drs",
        "ir",
        "ing",
        "prof",
        "familie",
        "fam",
        "dokter",
        "juffrouw",
        "juf",
        "meester",
        "zuster",
        "broeder",
        "pastoor",
        "dominee",
        "ds",
        "oom",
        "tante",
        "opa",
        "oma",
        "buurman",
        "buurvrouw",
    ]
)

_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = (
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}"
    rf"|\d{{1,2}}(?:e|ste|de)?\s+(?:{_MONTHS})\.?(?:\s+(?:19|20)\d{{2}}|\s+'\d{{2}})?"
    rf"|(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}})"
)
_WEEKDAY = r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)\s+)?"
BIRTH_DATE = re.compile(
    rf"\b(?:geboren|geb\.|geboortedatum|geboorte-datum|geb\.\s?datum|geboortedag)"
    rf"(?:\s*(?:op|:|in|is|was|de|den|\(|-|–)\s*){{0,3}}\s*{_WEEKDAY}(?P<date>{_DATE})(?![\d])",
    re.IGNORECASE,
)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
_SEP = r"(?:\s?-\s?|[ .]|\)\s?)?"
PHONE = re.compile(rf"(?<![\w+(])(?:(?:\+|00)31\s?(?:\(0\)\s?)?(?:{_SEP}\d){{9}}|\(?0(?:{_SEP}\d){{9}})(?![\d])")
BSN = re.compile(r"(?<![\w.,€$-])(?:\d{9}|\d{4}[ .]\d{2}[ .]\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{8})(?![\w]|[.,]\d)")
BSN_CONTEXT = re.compile(
    r"\b(?:bsn|burgerservicenummer|burger\s?service\s?nummer|sofi-?nummer|sofinummer)\b", re.IGNORECASE
)
POSTCODE = re.compile(
    r"(?<![\w])(?P<pc>[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2}))(?![\w])"
    r"(?P<nr>(?:\s|-|,\s?)(?:huisnummer\s)?\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?![\d]))?"
)
_FUNCTION_WORDS = frozenset(
    [
        "in",
        "op",
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "met",
        "als",
        "aan",
        "bij",
        "om",
        "te",
        "uit",
        "naar",
        "over",
        "door",
        "tot",
        "dat",
        "die",
        "dit",
        "deze",
        "doen",
        "zijn",
        "heeft",
        "hebben",
        "wordt",
        "worden",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "zal",
        "zullen",
        "niet",
        "geen",
        "ook",
        "nog",
        "wel",
        "dan",
    ]
)
_COMMON_PAIRS = frozenset(
    [
        "EN",
        "DE",
        "IN",
        "OP",
        "TE",
        "OF",
        "IS",
        "AL",
        "ER",
        "ZO",
        "NA",
        "JE",
        "ZE",
        "WE",
        "HE",
        "ME",
        "MY",
        "TO",
        "AT",
        "AN",
        "BY",
    ]
)
_STREET_SUFFIX = (
    r"(?:straat|laan|weg|plein|gracht|dijk|kade|singel|steeg|hof|pad|dreef|park|markt|plantsoen|allee|"
    r"baan|boulevard|erf|haven|ring|wal|dam|brink|akker|kamp|tuin|veld|hoek|straatweg|hage|wetering|vaart)"
)
_HOUSE_NR = r"\d{1,4}(?:\s?[a-zA-Z](?![\w])|\s?-\s?\d{1,3}(?![\d])|\s(?:hs|bis)(?![\w]))?"
STREET = re.compile(rf"(?<![\w-])[A-Z][a-zà-ÿ'’-]*{_STREET_SUFFIX}\s(?:nr\.?\s)?{_HOUSE_NR}(?![\d])")
STREET_PREFIXED = re.compile(
    rf"(?<![\w-])(?:Laan|Plein|Kade|Singel|Dijk|Weg|Hof|Park|Burgwal|Oudegracht|Gracht)\s"
    rf"(?:(?:van|de|der|den|het|ter|ten|op|in)\s){{0,2}}[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s{_HOUSE_NR}(?![\d])"
)
POSTBUS = re.compile(r"\bPostbus\s\d{1,6}\b")
_NAME_PART = r"[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?"
_TUSSEN = r"(?:(?:van|de|der|den|het|ter|ten|te|'t|van der|van den|van de|in 't|op de|De|Van|Ter|Ten|Den)\s)"
TITLED_NAME = re.compile(
    r"\b(?:[Mm]evrouw|[Mm]evr\.|[Mm]w\.|[Mm]vr\.|[Mm]eneer|[Mm]nr\.|[Dd]hr\.|[Dd]e heer|[Ff]amilie|[Ff]am\.|[Dd]okter|[Jj]uffrouw|"
    r"[Zz]uster|[Bb]uurman|[Bb]uurvrouw|[Oo]om|[Tt]ante|[Oo]pa|[Oo]ma|[Dd]r\.|[Mm]r\.|[Dd]rs\.|[Ii]r\.)\s+"
    rf"(?P<name>(?:[A-Z]\.\s?){{0,4}}{_TUSSEN}*{_NAME_PART}(?:\s{_TUSSEN}*{_NAME_PART}){{0,2}})"
)
INTRODUCED_NAME = re.compile(
    rf"\b(?:[Mm]ijn naam is|[Ii]k heet|[Hh]eet|[Hh]eette|[Gg]enaamd|[Zz]e heet|[Hh]ij heet)\s+"
    rf"(?P<name>{_NAME_PART}(?:\s{_TUSSEN}*{_NAME_PART}){{0,2}})"
)
INITIALS_NAME = re.compile(rf"(?<![\w.])(?P<name>(?:[A-Z]\.){{1,4}}\s?{_TUSSEN}*{_NAME_PART})")
PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")-\d+\]")


def bsn_valid(digits: str) -> bool:
    """The 11-proef: ``9*d1 + 8*d2 + ... + 2*d8 - 1*d9`` is divisible by 11 (and not all zeros)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _phone_ok(match: str) -> bool:
    if match.count("(") != match.count(")"):
        return False
    digits = re.sub(r"\D", "", match)
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and match.lstrip().startswith("+"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):  # the "(0)" after +31
        digits = digits[1:]
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def find_rule_hits(text: str) -> list[Hit]:
    """Every identifier our regular expressions find in ``text`` (may overlap; merged later)."""
    hits: list[Hit] = []
    for m in EMAIL.finditer(text):
        hits.append(Hit(m.start(), m.end(), "EMAIL", m.group()))
    for m in PHONE.finditer(text):
        if _phone_ok(m.group()):
            hits.append(Hit(m.start(), m.end(), "TELEFOON", m.group()))
    for m in BSN.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        context = BSN_CONTEXT.search(text, max(0, m.start() - 40), m.start()) is not None
        if not bsn_valid(digits):
            continue
        if (len(digits) == 8 or "." in raw or raw.count(" ") == 2) and not context:
            continue  # 8 digits, 1.234.567-style or spaced groups: only next to the word BSN
        if (
            text[m.end() : m.end() + 6].lower().lstrip().startswith("euro")
            or "€" in text[max(0, m.start() - 3) : m.start()]
        ):
            continue  # an amount
        hits.append(Hit(m.start(), m.end(), "BSN", raw))
    for m in BIRTH_DATE.finditer(text):
        hits.append(Hit(m.start("date"), m.end("date"), "GEBOORTEDATUM", m.group("date")))
    for m in POSTCODE.finditer(text):
        pc = m.group("pc")
        letters = pc[-2:]
        if letters.upper() in ("SA", "SD", "SS"):
            continue
        if letters in _COMMON_PAIRS and 1900 <= int(pc[:4]) <= 2099:
            continue  # "IN 2019 EN 2020": a year and a word in a heading
        end = m.end() if m.group("nr") else m.end("pc")
        hits.append(Hit(m.start(), end, "POSTCODE", text[m.start() : end]))
    for pattern in (STREET, STREET_PREFIXED, POSTBUS):
        for m in pattern.finditer(text):
            start = _extend_street_left(text, m.start())
            hits.append(Hit(start, m.end(), "ADRES", text[start : m.end()]))
    for pattern in (TITLED_NAME, INTRODUCED_NAME, INITIALS_NAME):
        for m in pattern.finditer(text):
            s, e = m.span("name")
            last = text[s:e].split()[-1].split(".")[-1]
            if pattern is INITIALS_NAME and (len(last) <= 2 or last.lower() in _FUNCTION_WORDS):
                continue  # 'W. In', 'A. Doen': OCR'd list items, not initials and a surname
            hits.append(Hit(s, e, "PERSOON", text[s:e]))
    return hits


_LEFT_WORD = re.compile(r"([A-Z][\w'’-]*|van|de|der|den|het|ter|ten|te|'t)\s$")
STREET_PREFIX_WORDS = frozenset(
    [
        "burgemeester",
        "dokter",
        "doctor",
        "pastoor",
        "pater",
        "professor",
        "prof",
        "generaal",
        "koningin",
        "koning",
        "prins",
        "prinses",
        "graaf",
        "gravin",
        "sint",
        "st",
        "oude",
        "nieuwe",
        "korte",
        "lange",
        "grote",
        "kleine",
        "hoge",
        "lage",
        "noorder",
        "zuider",
        "ooster",
        "wester",
        "binnen",
        "buiten",
    ]
)


def _extend_street_left(text: str, start: int) -> int:
    """Take in the words of a multi-word street name: 'Burgemeester de Withstraat 3'.

    A capitalised word at the start of a sentence only belongs to the street when it is a
    typical first word of a street name or a tussenvoegsel follows it ('Burgemeester de ...').
    """
    best = start
    pos = start
    after_is_particle = False
    for _ in range(3):
        window = text[max(0, pos - 40) : pos]
        m = _LEFT_WORD.search(window)
        if m is None or "\n" in window[m.start() :]:
            break
        pos = pos - (len(window) - m.start())
        word = m.group(1)
        if word[0].isupper():
            prev = text[max(0, pos - 2) : pos]
            sentence_start = pos == 0 or prev.endswith((". ", "\n", "! ", "? ", ": ")) or prev == "\n"
            if sentence_start and not (after_is_particle or word.lower().rstrip(".") in STREET_PREFIX_WORDS):
                break
            best = pos
            if sentence_start:
                break
        after_is_particle = not word[0].isupper()
    return best
