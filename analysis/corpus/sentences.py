"""A small regex sentence splitter for Dutch, aware of common abbreviations.

Used only to split paragraphs that are too long to be one passage, so it
favours never cutting inside a sentence over finding every boundary.
"""

from __future__ import annotations

import re

from analysis.corpus.speakers import wordset

ABBREVIATIONS = wordset(
    """
    bijv bv b.v o.a d.w.z nr nrs dhr mevr mw mr dr drs ir ing prof st e.d enz etc i.p.v m.b.t
    t.a.v t.o.v i.v.m z.g.a.n ca jl resp incl excl evt blz p pp art vs e.a a.s m.u.v n.a.v o.b.v
    i.c.m i.o.m m.n t.z.t z.s.m v.w.b c.q d.d e.v n.v.t t/m o.m w.o a.d.h.v m.i.v v.a i.h.k.v
    i.s.m t.b.v i.o.v m.b.v z.o.z vgl zgn zg afb fig hfst par min max gem mln mld mrd jan feb
    mrt apr jun jul aug sep sept okt nov dec ma di wo do vr za zo tel fam
    """
)
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-ZÀ-Þ0-9•])|\n+")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_MULTI_DOT = re.compile(r"(?:[^\W\d_]\.){2,}[^\W\d_]?\.?")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` inside ``text[start:end]``, stripped of whitespace.

    Line breaks always end a sentence; ``.``/``!``/``?`` end one when followed by
    whitespace and a capital, digit or opening quote, unless the word before is
    an abbreviation (``bijv.``, ``o.a.``, ``d.w.z.``, ``dhr.``), an initial
    (``M. Veldman``) or an enumeration number at the start of a line (``1.``).
    """
    if end is None:
        end = len(text)
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(text, start, end):
        if text[m.start()] == "\n":
            cuts.append(m.start())
            continue
        if text[m.start()] == "." and _is_abbreviation(text, start, m.start()):
            continue
        cuts.append(m.end())
    spans: list[tuple[int, int]] = []
    previous = start
    for cut in cuts + [end]:
        s, e = _strip(text, previous, cut)
        if s < e:
            spans.append((s, e))
        previous = cut
    return spans


def _is_abbreviation(text: str, floor: int, dot: int) -> bool:
    line_start = max(floor, text.rfind("\n", floor, dot) + 1)
    window_start = max(line_start, dot - 30)
    m = _TOKEN_BEFORE.search(text, window_start, dot)
    if m is None:
        return False
    token = m.group(1).lstrip("(\"'“‘[")
    if not token:
        return False
    lower = token.lower()
    if lower in ABBREVIATIONS or lower.rstrip(".") in ABBREVIATIONS:
        return True
    if len(token) == 1 and token.isalpha():
        return True  # an initial: M. Veldman
    if _MULTI_DOT.fullmatch(token + "."):
        return True  # d.w.z., o.a. written without the final dot before it
    if token.isdigit() and len(token) <= 2:
        before = text[line_start : m.start()].rstrip()
        if not before or before[-1] in ".!?:;":
            return True  # enumerations: "1. De gemeente ...", "... maatwerk. 2. Tweede ..."
    return False


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
