"""deduce (offline Dutch de-identification) as a detector, loaded once per process.

The first ``deduce.Deduce()`` of an installation builds lookup structures (~90 s), later
ones load them (~10 s), so one instance is created lazily and shared. When deduce cannot
be imported, :func:`get_deduce` returns None and the caller falls back to rules and lists.

deduce's tags are mapped onto ours; its dates are only used after a birth cue (handled
by the rules), its ages, institutions, URLs and other numbers are not used. Its person
detections get sanity filters, because in (OCR'd) reports it takes capitalised words for
surnames ("Groen", "Scholing", "Nota" at the start of a sentence or heading):

* a title ("mevrouw Visser") or initials ("J. de Vries") make a person, unless the
  "surname" after initials is a function word ("W. In", an OCR'd list item);
* a letter without a full stop before a word ("N Huishoudens") is an OCR'd bullet: the
  rest counts only when it starts with a known first name;
* one capitalised word that is a Dutch word (``analysis.nlp.is_known_word``) and not a
  known first name is dropped at the start of a sentence, line or list item, after a
  capitalised article ("De Kern") or before another capitalised Dutch word ("Nota
  Ontwikkeling Wijkteams");
* several words that are all Dutch words count only as first name + surname ("Mark
  Snijder", not "Burger Centraal" or "Verbindend Kader"); a tussenvoegsel inside
  ("Roos de Wit") always makes a name.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from .rules import POSTBUS, POSTCODE, STREET, STREET_PREFIXED, TITLES, TUSSENVOEGSELS, Hit

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}
_DISABLED_GROUPS = {"institutions", "ages", "identifiers", "urls", "dates"}
_STREET_WORD = re.compile(
    r"(?:straat|laan|weg|plein|gracht|dijk|kade|singel|steeg|hof|pad|dreef|park|markt|plantsoen|allee|baan|"
    r"boulevard|erf|haven|ring|wal|dam|brink|akker|kamp|tuin|veld|hoek|wetering|vaart)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|\d+")
_BULLET = re.compile(r"\s*(?:\d{1,2}[.)]?|[-•*–]|[A-Za-z][.)]?)")


def deduce_available() -> bool:
    try:
        import deduce  # noqa: F401
    except Exception:  # noqa: BLE001 - ImportError, or a broken install
        return False
    return True


def get_deduce() -> Any | None:
    """The process-wide ``deduce.Deduce`` instance (created on first use), or None."""
    if "instance" in _STATE:
        return _STATE["instance"]
    with _LOCK:
        if "instance" not in _STATE:
            try:
                import deduce

                _STATE["instance"] = deduce.Deduce()
            except Exception as exc:  # noqa: BLE001 - ImportError or failing lookup structures
                _STATE["instance"] = None
                _STATE["error"] = f"{type(exc).__name__}: {exc}"
    return _STATE["instance"]


def deduce_error() -> str | None:
    """Why deduce could not be loaded (after :func:`get_deduce` returned None)."""
    return _STATE.get("error")


def _is_first_name(model: Any, word: str) -> bool:
    return _in_lookup(model, "first_name", word)


def _known_word(word: str) -> bool:
    try:
        from ..nlp import is_known_word
    except Exception:  # noqa: BLE001 - nlp capability absent
        return False
    return is_known_word(word)


def strip_title(text: str, start: int, end: int) -> tuple[int, bool]:
    """Move ``start`` past leading titles ('mevrouw', 'dhr.', 'de heer'); True when one was there."""
    had = False
    while True:
        m = re.match(r"\s*([A-Za-zÀ-ÿ]+)\.?\s+", text[start:end])
        if m is None:
            break
        word = m.group(1).lower()
        if word == "de" and re.match(r"\s*de\s+heer\b", text[start:end], re.IGNORECASE):
            start += re.match(r"\s*de\s+heer\.?\s+", text[start:end], re.IGNORECASE).end()
            had = True
            continue
        if word in TITLES:
            start += m.end()
            had = True
            continue
        break
    return start, had


def _in_lookup(model: Any, name: str, word: str) -> bool:
    try:
        return [word] in model.lookup_structs[name]
    except Exception:  # noqa: BLE001 - other deduce versions
        return False


def _stop_word(word: str) -> bool:
    try:
        from ..nlp import is_stop
    except Exception:  # noqa: BLE001 - nlp capability absent
        return False
    return is_stop(word.lower())


def _plausible_person(model: Any, text: str, start: int, end: int, titled: bool, bullet: bool = False) -> bool:
    span = text[start:end]
    tokens = _TOKEN.findall(span)
    words = [t for t in tokens if t.lower() not in TUSSENVOEGSELS]
    if not words:
        return False
    if re.fullmatch(r"[A-Z]\s.*", span) and not titled:
        # 'N Huishoudens': a letter without a full stop is an OCR'd bullet, not an initial
        return _plausible_person(model, text, start + 2, end, titled, bullet=True)
    initials = [w for w in words if re.fullmatch(r"(?:[A-Z]\.)+", w)]
    rest = [w for w in words if w not in initials]
    if titled:
        return True
    if initials:
        # 'J. de Vries' is a person; 'W. In', 'A. Doen' (OCR'd list items) are not
        return bool(rest) and not (len(rest) == 1 and (len(rest[0]) <= 2 or _stop_word(rest[0])))
    if len(words) == 1:
        word = words[0]
        if _is_first_name(model, word):
            return True
        if bullet:
            return False  # 'N Frontlijnsturing': the first word of a list item
        if not _known_word(word):
            return True
        line_before = text[max(0, start - 60) : start].rsplit("\n", 1)[-1].rstrip()
        at_start = bullet or not line_before or line_before[-1] in '.!?:;•*#–—"“(' or _BULLET.fullmatch(line_before)
        if at_start or re.search(r"\b(?:De|Het)$", line_before):
            return False
        following = re.match(r"\s+([A-Z][\w-]*)", text[end : end + 40])
        # 'Nota Ontwikkeling Wijkteams': a capitalised title, not a surname
        return not (
            following and _known_word(following.group(1)) and not _in_lookup(model, "surname", following.group(1))
        )
    if any(t in TUSSENVOEGSELS for t in tokens[1:-1]):
        return True  # 'Roos de Wit', 'Jessica van den Toorn'
    if bullet:
        return _is_first_name(model, words[0])
    if not all(_known_word(w) for w in words):
        return True
    # every word is a Dutch word: only a first name followed by a surname is a person ('Mark Snijder')
    return _is_first_name(model, words[0]) and _in_lookup(model, "surname", words[-1])


def deduce_hits(text: str, model: Any | None = None) -> list[Hit]:
    """Persons, addresses, postcodes, places, phone numbers, e-mail and BSNs found by deduce."""
    from .rules import bsn_valid

    model = model or get_deduce()
    if model is None:
        return []
    doc = model.deidentify(text, disabled=_DISABLED_GROUPS)
    hits: list[Hit] = []
    for a in doc.annotations:
        tag = str(a.tag).lower()
        s, e = a.start_char, a.end_char
        if "persoon" in tag or "patient" in tag:
            s2, titled = strip_title(text, s, e)
            if s2 >= e or not _plausible_person(model, text, s2, e, titled):
                continue
            hits.append(Hit(s2, e, "PERSOON", text[s2:e], "deduce"))
        elif "locatie" in tag or "straat" in tag:
            span = text[s:e]
            if POSTCODE.fullmatch(span):
                kind = "POSTCODE"
            elif (
                _STREET_WORD.search(span) or POSTBUS.search(span) or STREET.search(span) or STREET_PREFIXED.search(span)
            ):
                kind = "ADRES"
            else:
                kind = "PLAATS"
            hits.append(Hit(s, e, kind, span, "deduce"))
        elif "telefoon" in tag:
            hits.append(Hit(s, e, "TELEFOON", text[s:e], "deduce"))
        elif "email" in tag:
            hits.append(Hit(s, e, "EMAIL", text[s:e], "deduce"))
        elif "bsn" in tag and bsn_valid(re.sub(r"\D", "", text[s:e])):
            hits.append(Hit(s, e, "BSN", text[s:e], "deduce"))
    return hits
