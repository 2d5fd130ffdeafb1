"""Split a source's text into passages (the units that get coded).

* Transcripts: one passage per speaker turn, without the label; ``speaker``
  holds the normalised label. Turns longer than ``soft_max`` characters are
  split at paragraph (or line) boundaries, paragraphs longer than ``hard_max``
  at sentence boundaries.
* Documents: one passage per paragraph (blank-line separated block); short
  fragments such as headings are merged with what follows when the result stays
  within ``hard_max``; paragraphs longer than ``hard_max`` are split at line,
  then sentence boundaries.

Offsets index the given text: ``text[p.start:p.end] == p.text`` always.
"""

from __future__ import annotations

import re

from analysis.corpus.sentences import sentence_spans
from analysis.corpus.speakers import find_turns
from analysis.domain import Passage, SourceKind

SOFT_MAX = 1200
HARD_MAX = 1500
_INTERVIEW_KINDS = frozenset({SourceKind.INTERVIEW, SourceKind.GROUP_INTERVIEW, SourceKind.STREET_INTERVIEW})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*|\f\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_ALNUM = re.compile(r"[^\W_]")
# Fragments shorter than this are never a passage of their own when something follows.
_TINY = 25
# Headings (single line, no closing '.', ',', ';' or '!') up to this length are merged forward.
_HEADING_MAX = 150
_PREFIX_MAX = 300
_PREFIX_PARTS = 4

Span = tuple[int, int]


def segment(
    text: str,
    *,
    kind: SourceKind | str | None = None,
    soft_max: int = SOFT_MAX,
    hard_max: int = HARD_MAX,
) -> list[Passage]:
    """Split ``text`` into passages with ordinals ``0..n-1``.

    ``kind`` decides how speaker turns are looked for: documents (report,
    policy document) are never split by speaker; interviews accept any
    recurring speaker labels; stories and ``None`` (unknown) need labels to be
    frequent as well (see :func:`analysis.corpus.speakers.find_turns`).
    """
    if soft_max <= 0 or hard_max < soft_max:
        raise ValueError(f"need 0 < soft_max <= hard_max, got soft_max={soft_max}, hard_max={hard_max}")
    parsed = SourceKind.parse(kind) if kind is not None else None
    labels = []
    if parsed is None or not parsed.is_document:
        labels = find_turns(text, relaxed=parsed in _INTERVIEW_KINDS)
    pieces: list[tuple[int, int, str | None]] = []
    if labels:
        for s, e in _document(text, 0, labels[0].line_start, soft_max, hard_max):
            pieces.append((s, e, None))
        bounds = [lab.line_start for lab in labels[1:]] + [len(text)]
        for label, stop in zip(labels, bounds):
            s, e = _strip(text, label.end, stop)
            if s >= e:
                continue
            for a, b in _split(text, s, e, soft_max, hard_max):
                pieces.append((a, b, label.speaker))
    else:
        pieces = [(s, e, None) for s, e in _document(text, 0, len(text), soft_max, hard_max)]
    passages: list[Passage] = []
    for s, e, speaker in pieces:
        if _ALNUM.search(text, s, e) is None:
            continue  # only whitespace or punctuation
        passages.append(Passage(start=s, end=e, text=text[s:e], ordinal=len(passages), speaker=speaker))
    return passages


def _document(text: str, start: int, end: int, soft_max: int, hard_max: int) -> list[Span]:
    units: list[Span] = []
    for s, e in _parts(text, start, end, _PARAGRAPH_BREAK):
        if e - s <= hard_max:
            units.append((s, e))
        else:
            units.extend(_split(text, s, e, soft_max, hard_max))
    return _merge_fragments(text, units, hard_max)


def _merge_fragments(text: str, units: list[Span], hard_max: int) -> list[Span]:
    out: list[Span] = []
    prefix: list[Span] = []
    for s, e in units:
        if _is_fragment(text, s, e):
            if prefix and (len(prefix) >= _PREFIX_PARTS or e - prefix[0][0] > _PREFIX_MAX):
                out.append((prefix[0][0], prefix[-1][1]))
                prefix = []
            prefix.append((s, e))
            continue
        if prefix:
            if e - prefix[0][0] <= hard_max:
                out.append((prefix[0][0], e))
                prefix = []
                continue
            out.append((prefix[0][0], prefix[-1][1]))
            prefix = []
        out.append((s, e))
    if prefix:
        out.append((prefix[0][0], prefix[-1][1]))
    return out


def _is_fragment(text: str, s: int, e: int) -> bool:
    if e - s < _TINY:
        return True
    if e - s > _HEADING_MAX or text.find("\n", s, e) != -1:
        return False
    return text[e - 1] not in ".,;!"


def split_span(text: str, start: int, end: int, soft_max: int = SOFT_MAX, hard_max: int = HARD_MAX) -> list[Span]:
    """``text[start:end]`` as one span, or split at paragraph, line, then sentence boundaries when long."""
    return _split(text, start, end, soft_max, hard_max)


def _split(text: str, start: int, end: int, soft_max: int, hard_max: int) -> list[Span]:
    """Split a long span at paragraph, then line, then sentence boundaries."""
    if end - start <= soft_max:
        return [(start, end)]
    parts = _parts(text, start, end, _PARAGRAPH_BREAK)
    if len(parts) == 1:
        parts = _parts(text, start, end, _LINE_BREAK)
    pieces: list[Span] = []
    for s, e in parts:
        if e - s <= hard_max:
            pieces.append((s, e))
        else:
            pieces.extend(sentence_spans(text, s, e))
    return _pack(pieces, soft_max, hard_max)


def _pack(pieces: list[Span], soft_max: int, hard_max: int) -> list[Span]:
    """Greedily group consecutive pieces into spans of at most ``soft_max``."""
    chunks: list[Span] = []
    for s, e in pieces:
        if chunks and e - chunks[-1][0] <= soft_max:
            chunks[-1] = (chunks[-1][0], e)
        else:
            chunks.append((s, e))
    if len(chunks) >= 2:
        last_s, last_e = chunks[-1]
        if last_e - last_s < soft_max // 4 and last_e - chunks[-2][0] <= hard_max:
            chunks[-2:] = [(chunks[-2][0], last_e)]
    return chunks


def _parts(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[Span]:
    parts: list[Span] = []
    previous = start
    for m in separator.finditer(text, start, end):
        s, e = _strip(text, previous, m.start())
        if s < e:
            parts.append((s, e))
        previous = m.end()
    s, e = _strip(text, previous, end)
    if s < e:
        parts.append((s, e))
    return parts


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
