"""Text helpers for the review page: sentence boundaries and highlight segments.

Offsets are passage-local code points unless a function says otherwise;
evidence spans and partial codings are stored in source offsets, so callers
subtract ``passage.start`` (see :func:`local_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..domain import Coding, CodingStatus, PassageRecord

# A sentence ends at . ! ? or … (optionally followed by closing quotes/brackets) before
# whitespace and an upper-case letter, digit or opening quote. Common Dutch
# abbreviations do not end a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[A-ZÀ-ÖØ-Þ0-9\"'“‘(\[])")
_ABBREVIATIONS = frozenset(
    {
        "bijv", "bv", "o.a", "d.w.z", "dhr", "mevr", "nr", "ca", "evt", "m.b.t", "t.a.v", "i.p.v", "z.g.a.n",
        "e.d", "enz", "etc", "vs", "blz", "jl", "a.s", "d.m.v", "m.n", "resp", "mr", "dr", "ir", "drs", "prof", "st",
    }
)


def simple_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` without surrounding whitespace (regex fallback)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start : m.start()].rstrip()
        last_word = head.rsplit(None, 1)[-1].lower() if head.split() else ""
        if last_word.rstrip(".") in _ABBREVIATIONS or last_word in _ABBREVIATIONS:
            continue
        end = m.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            out.append((s + lead, e - trail))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a passage: ``analysis.nlp.sentences`` when available, else a regex splitter.

    Spans are trimmed of whitespace, ordered, non-overlapping and non-empty.
    """
    try:
        from ..nlp import sentences
    except ImportError:  # pragma: no cover - nlp is part of the core install
        return simple_sentences(text)
    out: list[tuple[int, int]] = []
    for s, e in sentences(text):
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        s, e = s + lead, e - trail
        if e > s and (not out or s >= out[-1][1]):
            out.append((s, e))
    return out or simple_sentences(text)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to highlight, in passage-local offsets, with its code and why."""

    start: int
    end: int
    code_id: str
    kind: str = "evidence"  # evidence | coding
    title: str = ""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same marks (none for plain text)."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` into runs so that each run is covered by one fixed set of marks.

    Marks are clipped to the text; empty ones are dropped. Overlaps are allowed: a
    run covered by two marks carries both (the renderer decides how to show it).
    The runs' texts concatenate to ``text``.
    """
    n = len(text)
    clipped = [m for m in marks if min(m.end, n) > max(m.start, 0)]
    cuts = {0, n}
    for m in clipped:
        cuts.add(max(m.start, 0))
        cuts.add(min(m.end, n))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in pairwise(points):
        if b <= a:
            continue
        covering = tuple(m for m in clipped if m.start <= a and m.end >= b)
        if out and out[-1].marks == covering:
            prev = out.pop()
            out.append(Segment(prev.start, b, text[prev.start : b], covering))
        else:
            out.append(Segment(a, b, text[a:b], covering))
    return out


def local_spans(passage: PassageRecord, codings: Sequence[Coding], *, with_suggestions: bool = True) -> list[Mark]:
    """Highlight marks of a passage: the evidence of suggestions and accepted codings, and partial codings.

    Evidence and coding spans are source offsets; they become passage-local here
    (``e.start - passage.start``). Spans outside the passage are dropped, and so is
    everything of rejected codings (and of suggestions with ``with_suggestions=False``).
    """
    out: list[Mark] = []
    length = passage.end - passage.start
    for c in codings:
        status = CodingStatus(c.status)
        if status is CodingStatus.REJECTED or (status is CodingStatus.SUGGESTED and not with_suggestions):
            continue
        if c.evidence:
            for e in c.evidence:
                s, t = e.start - passage.start, e.end - passage.start
                if 0 <= s < t <= length:
                    out.append(Mark(s, t, c.code_id, "evidence", e.reason))
        if c.start is not None and c.end is not None:
            s, t = c.start - passage.start, c.end - passage.start
            if 0 <= s < t <= length:
                out.append(Mark(s, t, c.code_id, "coding", status.value))
    return out
