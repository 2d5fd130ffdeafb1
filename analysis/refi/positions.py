"""Character positions in REFI-QDA selections, and how each tool counts them.

A ``PlainTextSelection`` carries ``startPosition``/``endPosition`` into the
source's plain text, but QDA tools count differently:

============  =====================================  ======================
tool          unit                                   a CRLF line break
============  =====================================  ======================
NVivo         UTF-16 code units (BOM excluded)       two units
ATLAS.ti      UTF-16 code units                      one unit
MAXQDA        UTF-16 code units (assumed)            two units
QualCoder     code points (Python ``str`` indices)   two units
Duiding       code points                            (we write LF text)
============  =====================================  ======================

Duiding stores text NFC-normalised with LF line endings and counts Python code
points. :func:`prepare_text` turns a tool's text into ours and returns an
:class:`OffsetMap` from the tool's positions to ours (and back). A position
that falls inside something we collapse (the middle of a surrogate pair, between
CR and LF, inside a combining sequence that NFC composes) snaps outwards: a
selection start moves to the beginning, a selection end to the end, so a
selection never loses text.

Exports write the stored text (LF, NFC, UTF-8 without BOM) and count code
points, unless ``positions="utf16"`` is asked for (for tools that read UTF-16
positions).
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..errors import KeyedText

__all__ = [
    "SCHEMES",
    "TOOL_SCHEMES",
    "OffsetMap",
    "PositionScheme",
    "decode_text_bytes",
    "prepare_text",
    "resolve_scheme",
]


@dataclass(frozen=True, slots=True)
class PositionScheme:
    """How a tool counts positions: ``unit`` is ``"codepoint"`` or ``"utf16"``;
    ``crlf`` is how many units a CRLF pair counts (2, or 1 when the tool collapses it)."""

    name: str
    unit: str
    crlf: int

    def __post_init__(self) -> None:
        if self.unit not in ("codepoint", "utf16"):
            raise ValueError(f"position unit {self.unit!r}: expected 'codepoint' or 'utf16'")
        if self.crlf not in (1, 2):
            raise ValueError(f"a CRLF counts 1 or 2 units, not {self.crlf!r}")


SCHEMES: dict[str, PositionScheme] = {
    "codepoint": PositionScheme("codepoint", "codepoint", 2),
    "codepoint-lf": PositionScheme("codepoint-lf", "codepoint", 1),
    "utf16": PositionScheme("utf16", "utf16", 2),
    "utf16-lf": PositionScheme("utf16-lf", "utf16", 1),
}

# writing tool -> scheme name
TOOL_SCHEMES: dict[str, str] = {
    "nvivo": "utf16",
    "atlas.ti": "utf16-lf",
    "maxqda": "utf16",
    "qualcoder": "codepoint",
    "duiding": "codepoint",
}

_TOOL_ALIASES = {"atlasti": "atlas.ti", "atlas": "atlas.ti", "atlas-ti": "atlas.ti"}


def resolve_scheme(value: str | PositionScheme) -> PositionScheme:
    """A :class:`PositionScheme` from a scheme name (``utf16``, ``codepoint-lf``, ...)
    or a tool name (``nvivo``, ``atlas.ti``, ``maxqda``, ``qualcoder``, ``duiding``)."""
    if isinstance(value, PositionScheme):
        return value
    key = str(value).strip().lower()
    key = _TOOL_ALIASES.get(key, key)
    if key in SCHEMES:
        return SCHEMES[key]
    if key in TOOL_SCHEMES:
        return SCHEMES[TOOL_SCHEMES[key]]
    known = ", ".join([*SCHEMES, *TOOL_SCHEMES])
    raise ValueError(f"unknown position scheme {value!r}; expected one of: {known}")


# --------------------------------------------------------------------------- decoding


def decode_text_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode a source's bytes: (text without BOM, encoding, warnings).

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; other
    bytes that are not valid UTF-8 are read as Windows-1252 (with a warning).
    """
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", _replacement_warning(data[3:], "utf-8")
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                       (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            text = body.decode(codec, errors="replace")
            if "\ufffd" in text:
                warnings.append(KeyedText(f"the {codec} text has undecodable bytes; they became U+FFFD", "refi.warn_bom_undecodable", codec=codec))
            return text, codec, warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    warnings.append(KeyedText(f"the text is not UTF-8; read it as {encoding}", "refi.warn_not_utf8", encoding=encoding))
    return text, encoding, warnings


def _replacement_warning(data: bytes, codec: str) -> list[str]:
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        return [KeyedText(f"the text is not valid {codec} (at byte {exc.start}); undecodable bytes became U+FFFD", "refi.warn_invalid_codec", codec=codec, byte=exc.start)]
    return []


# --------------------------------------------------------------------------- the offset map


class OffsetMap:
    """Maps positions in a tool's counting to code points of the stored text and back.

    Internally a sorted list of *opaque tokens*: stretches where the two
    countings do not advance one-to-one (a CRLF counted as two units but
    stored as one LF, a character outside the BMP counted as two UTF-16 units,
    a combining sequence that NFC composes). Between tokens both sides advance
    in lock-step, so memory stays proportional to the number of such tokens.
    """

    __slots__ = ("_s", "_sl", "_u", "_ul", "length", "units")

    def __init__(self, units: int, length: int) -> None:
        self.units = units  # positions counted by the tool: 0..units
        self.length = length  # code points of the stored text: 0..length
        self._u = array("q")
        self._ul = array("q")
        self._s = array("q")
        self._sl = array("q")

    def _add(self, u: int, ulen: int, s: int, slen: int) -> None:
        self._u.append(u)
        self._ul.append(ulen)
        self._s.append(s)
        self._sl.append(slen)

    @property
    def identity(self) -> bool:
        return not self._u and self.units == self.length

    def to_stored(self, pos: int, *, side: str = "start") -> int:
        """Stored code-point offset of the tool's position ``pos`` (0 <= pos <= units).

        ``side="start"`` snaps a position inside an opaque token to its start,
        ``side="end"`` to its end.
        """
        if not 0 <= pos <= self.units:
            raise IndexError(f"position {pos} lies outside the text (0-{self.units})")
        i = bisect_right(self._u, pos) - 1
        if i < 0:
            return pos
        u, ul, s, sl = self._u[i], self._ul[i], self._s[i], self._sl[i]
        if pos == u:
            return s
        if pos < u + ul:
            return s if side == "start" else s + sl
        return s + sl + (pos - u - ul)

    def from_stored(self, pos: int, *, side: str = "start") -> int:
        """The tool's position for stored code-point offset ``pos`` (0 <= pos <= length)."""
        if not 0 <= pos <= self.length:
            raise IndexError(f"offset {pos} lies outside the text (0-{self.length})")
        i = bisect_right(self._s, pos) - 1
        if i < 0:
            return pos
        u, ul, s, sl = self._u[i], self._ul[i], self._s[i], self._sl[i]
        if pos == s:
            return u
        if pos < s + sl:
            return u if side == "start" else u + ul
        return u + ul + (pos - s - sl)


_ASTRAL = "\U00010000-\U0010ffff"
_FAST_TOKENS = re.compile(f"\r\n|\r|[{_ASTRAL}]")


def prepare_text(raw: str, scheme: PositionScheme | str = "codepoint") -> tuple[str, OffsetMap, list[str]]:
    """Turn a tool's source text (BOM already removed) into stored text.

    Returns ``(stored_text, offset_map, warnings)``: the stored text has LF line
    endings and is NFC-normalised; the map converts the tool's positions (in
    ``scheme``) to code points of the stored text.
    """
    scheme = resolve_scheme(scheme)
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    if unicodedata.is_normalized("NFC", lf):
        return lf, _fast_map(raw, scheme, len(lf)), []
    stored, omap = _nfc_map(raw, scheme)
    if stored != unicodedata.normalize("NFC", lf):  # pragma: no cover - guards our chunking assumption
        return lf, _fast_map(raw, scheme, len(lf)), [
            "the text could not be NFC-normalised position by position; it is stored unnormalised"
        ]
    return stored, omap, []


def _width(ch: str, scheme: PositionScheme) -> int:
    return 2 if scheme.unit == "utf16" and ord(ch) > 0xFFFF else 1


def _fast_map(raw: str, scheme: PositionScheme, length: int) -> OffsetMap:
    """Map for text that needs no NFC changes: only CRLF and astral characters matter."""
    utf16 = scheme.unit == "utf16"
    tokens: list[tuple[int, int, int, int]] = []
    pos = u = s = 0
    for m in _FAST_TOKENS.finditer(raw):
        gap = m.start() - pos
        u += gap
        s += gap
        tok = m.group()
        if tok == "\r\n":
            ulen = scheme.crlf
        elif tok == "\r":
            ulen = 1
        else:
            ulen = 2 if utf16 else 1
        if ulen != 1:
            tokens.append((u, ulen, s, 1))
        u += ulen
        s += 1
        pos = m.end()
    u += len(raw) - pos
    s += len(raw) - pos
    omap = OffsetMap(u, s)
    for t in tokens:
        omap._add(*t)
    assert s == length
    return omap


@lru_cache(maxsize=1)
def _cluster_regex() -> re.Pattern[str]:
    """Runs that NFC may change: a character followed by characters that can
    combine with what precedes them (non-zero combining class, second halves of
    canonical compositions, Hangul vowel/trailing jamo, and characters whose
    decomposition starts with such a character)."""
    seconds: set[int] = set()
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2:
                seconds.add(int(parts[1], 16))
    seconds.update(range(0x1161, 0x1176))
    seconds.update(range(0x11A8, 0x11C3))

    def unsafe(cp: int) -> bool:
        ch = chr(cp)
        if unicodedata.combining(ch) or cp in seconds:
            return True
        first = unicodedata.normalize("NFD", ch)[0]
        return bool(unicodedata.combining(first)) or ord(first) in seconds

    ranges: list[tuple[int, int]] = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF or not unsafe(cp):
            continue
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    cls = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"(?s:.)[{cls}]+|\r\n|\r|[{cls}]+|[{_ASTRAL}]")


def _nfc_map(raw: str, scheme: PositionScheme) -> tuple[str, OffsetMap]:
    pieces: list[str] = []
    tokens: list[tuple[int, int, int, int]] = []
    pos = u = s = 0
    for m in _cluster_regex().finditer(raw):
        gap = raw[pos : m.start()]
        pieces.append(gap)
        u += len(gap)
        s += len(gap)
        tok = m.group()
        if tok == "\r\n":
            ulen, stored = scheme.crlf, "\n"
        elif tok == "\r":
            ulen, stored = 1, "\n"
        elif len(tok) == 1 and ord(tok) > 0xFFFF:
            ulen, stored = _width(tok, scheme), tok
        else:
            ulen = sum(_width(ch, scheme) for ch in tok)
            stored = unicodedata.normalize("NFC", tok.replace("\r", "\n"))
        pieces.append(stored)
        if ulen != len(stored) or (len(tok) > 1 and stored != tok and tok != "\r\n"):
            tokens.append((u, ulen, s, len(stored)))
        u += ulen
        s += len(stored)
        pos = m.end()
    tail = raw[pos:]
    pieces.append(tail)
    u += len(tail)
    s += len(tail)
    omap = OffsetMap(u, s)
    for t in tokens:
        omap._add(*t)
    return "".join(pieces), omap


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units of ``text``."""
    return len(text.encode("utf-16-le")) // 2
