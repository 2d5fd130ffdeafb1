"""Character-level normalisation shared by every format.

Everything here is safe for transcripts too: it never moves words around, it
only canonicalises characters (NFC, line endings, invisible characters).
"""

from __future__ import annotations

import re
import unicodedata

# Characters that carry no text: zero-width space, word joiner, BOM used as
# ZWNBSP, left-to-right/right-to-left marks (common in subtitle files).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
# Spaces that should behave like ordinary spaces in passages.
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u205f\u3000"}
# C0/C1 control characters except tab, newline and form feed (page break).
_CONTROL = {c: None for c in list(range(0x20)) + list(range(0x7F, 0xA0)) if c not in (0x09, 0x0A, 0x0C)}
_TABLE = {**_CONTROL, **_INVISIBLE, **_SPACES}
_NEEDS_TABLE = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_SOFT_HYPHEN_BREAK = re.compile("\u00ad[ \t]*\n[ \t]*")


def normalize_text(text: str, *, keep_page_breaks: bool = True) -> str:
    """Canonicalise characters without changing the wording.

    - strips a leading byte order mark (and stray U+FEFF elsewhere),
    - CRLF / CR / U+2028 line endings become LF, U+2029 a blank line,
    - NFC composition (``e`` + combining diaeresis becomes ``ë``),
    - typographic ligatures from PDFs (``ﬁ``) become plain letters,
    - a soft hyphen at a line end joins the word halves; other soft hyphens go,
    - no-break and other special spaces become ordinary spaces,
    - control characters other than tab, newline and form feed are removed.

    Form feeds mark page breaks (the PDF reader puts one between pages); with
    ``keep_page_breaks=False`` they become newlines.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x85", "\n")
    if not keep_page_breaks:
        text = text.replace("\f", "\n")
    text = unicodedata.normalize("NFC", text)
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_BREAK.sub("", text).replace("\u00ad", "")
    if _LIGATURES.search(text):
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if _NEEDS_TABLE.search(text) is None:
        return text
    return text.translate(_TABLE)
