"""Fold OCR and diacritic variants while keeping offsets into the original text.

PDF-extracted Dutch reports confuse diacritics (``efficiénte`` for ``efficiënte``,
``ideeén`` for ``ideeën``), lose them (``casuistiek``), and carry ligatures, curly
quotes and soft hyphens. Matching folds all of these to one form.

Most folds are one character for one character (``é`` → ``e``), so offsets stay
valid. The few that change length (ligatures, soft hyphens, zero-width marks)
are handled by :func:`normalize_with_offsets`, which returns a map from every
folded character back to its original position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..fold import strip_diacritics

__all__ = [
    "NormalizedText",
    "fold",
    "normalize_variants",
    "normalize_with_offsets",
]

# Characters that fold to a different *number* of characters.
_EXPANSIONS: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u00df": "ss",
    "\u00c6": "AE",
    "\u00e6": "ae",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0132": "IJ",  # Dutch ij ligature
    "\u0133": "ij",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\u2060": "",  # word joiner
    "\ufeff": "",  # byte-order mark
}

# One-for-one replacements that are not plain "strip the accent".
_SINGLE: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u0131": "i",  # dotless i
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0142": "l",
    "\u0141": "L",
    "\u0111": "d",
    "\u0110": "D",
}


def _build_single_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _SINGLE.items()}
    # Latin-1 supplement and Latin Extended-A/B: strip combining marks when the
    # base is a single ASCII letter (é è ë ê → e, ï í → i, ö ó → o, ü → u, ç → c ...).
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        if ch in _EXPANSIONS or code in table:
            continue
        base = strip_diacritics(ch)
        if len(base) == 1 and base.isascii() and base != ch:
            table[code] = base
    return table


_SINGLE_TABLE: dict[int, str] = _build_single_table()
_FULL_TABLE: dict[int, str] = {**_SINGLE_TABLE, **{ord(k): v for k, v in _EXPANSIONS.items()}}
_EXPANDING = frozenset(_EXPANSIONS)
_COMBINING_RANGE = (0x0300, 0x036F)


# One search instead of a loop over the characters: an expanding character or a combining mark.
_LENGTH_CHANGE = re.compile(
    "[" + "".join(re.escape(ch) for ch in sorted(_EXPANDING)) + f"{chr(_COMBINING_RANGE[0])}-{chr(_COMBINING_RANGE[1])}]"
)


def _has_length_change(text: str) -> bool:
    return _LENGTH_CHANGE.search(text) is not None


def normalize_variants(text: str) -> str:
    """Fold diacritics, ligatures, curly quotes and soft hyphens.

    ``'Efficiénte ideeën, ‘casuïstiek’'`` → ``"Efficiente ideeen, 'casuistiek'"``.
    Case is kept. When the text holds no length-changing character (the common
    case) the result has exactly the same length, so offsets stay valid; use
    :func:`normalize_with_offsets` when they must always map back.
    """
    if text.isascii():
        return text
    if not _has_length_change(text):
        return text.translate(_SINGLE_TABLE)
    return normalize_with_offsets(text).text


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase and fold one word or short string (cached): ``'Ideeén'`` → ``'ideeen'``."""
    return normalize_variants(word).lower()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Folded text plus, for each folded character, the original offset it came from.

    ``offsets`` has ``len(text) + 1`` entries; the last is ``len(original)``.
    ``offsets`` is ``None`` when folding kept every character in place.
    """

    text: str
    original: str
    offsets: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the folded text back to the original text."""
        if self.offsets is None:
            return start, end
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span [{start}, {end}) lies outside the normalized text of length {len(self.text)}")
        o_start = self.offsets[start]
        if end == start:
            return o_start, o_start
        # The end maps to just after the original character of the last folded char.
        last = self.offsets[end - 1]
        o_end = self.offsets[end] if self.offsets[end] > last else last + 1
        return o_start, o_end


def normalize_with_offsets(text: str) -> NormalizedText:
    """Fold ``text`` like :func:`normalize_variants` and keep a map back to its offsets.

    Combining marks (decomposed accents, as some PDF extractors emit them) are
    dropped; ligatures expand; soft hyphens and zero-width marks disappear.
    """
    if text.isascii():
        return NormalizedText(text, text, None)
    if not _has_length_change(text):
        return NormalizedText(text.translate(_SINGLE_TABLE), text, None)
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        code = ord(ch)
        if _COMBINING_RANGE[0] <= code <= _COMBINING_RANGE[1]:
            continue
        rep = _FULL_TABLE.get(code, ch)
        for piece in rep:
            out.append(piece)
            offsets.append(i)
    offsets.append(len(text))
    return NormalizedText("".join(out), text, tuple(offsets))
