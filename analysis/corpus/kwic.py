"""Keyword in context: find a word or phrase across the project, with the text around it.

Matching ignores case and diacritics and survives OCR variants (``ideeën``,
``ideeén`` and ``ideeen`` all match ``ideeen``), because both the query and the
texts are folded with :func:`analysis.nlp.normalize_with_offsets`, which keeps a
map back to the original characters. Every hit carries offsets into the
*source* text: ``source.text[hit.start:hit.end] == hit.match``.

Query syntax: words separated by spaces match across any whitespace (line
breaks included); ``*`` inside or at the end of a word matches any letters
(``wachtlijst*``, ``keukentafel*gesprek``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..domain import Source, SourceKind

__all__ = ["KwicHit", "compile_query", "find_spans", "kwic", "kwic_source"]


@dataclass(frozen=True, slots=True)
class KwicHit:
    """One occurrence of the query: offsets into the source text and its context."""

    source_id: int
    source_name: str
    start: int
    end: int
    match: str
    left: str
    right: str
    passage_id: int | None = None
    speaker: str | None = None
    municipality: str | None = None
    kind: SourceKind | None = None


def _fold(text: str) -> tuple[str, Any]:
    """Lowercase folded text plus the object that maps its spans back (``to_original``)."""
    from ..nlp.normalize import normalize_with_offsets

    normalized = normalize_with_offsets(text)
    lowered = normalized.text.lower()
    if len(lowered) != len(normalized.text):
        # a few characters lowercase to two (e.g. 'İ'); keep one so offsets stay aligned
        lowered = "".join((c.lower() or c)[0] for c in normalized.text)
    return lowered, normalized


def compile_query(query: str, *, whole_word: bool = False) -> re.Pattern[str]:
    """The regular expression that finds ``query`` in folded, lowercased text.

    Raises ``ValueError`` for a query without any letter or digit.
    """
    folded, _ = _fold(query.strip())
    words = folded.split()
    if not words or not any(ch.isalnum() for ch in folded):
        raise ValueError(f"search query {query!r} has no letters or digits to look for")
    parts = [re.escape(word).replace(r"\*", r"\w*") for word in words]
    pattern = r"\s+".join(parts)
    if whole_word:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return re.compile(pattern)


def find_spans(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Spans of ``pattern`` in ``text`` (original offsets), left to right, non-empty."""
    folded, normalized = _fold(text)
    for m in pattern.finditer(folded):
        if m.end() > m.start():
            yield normalized.to_original(m.start(), m.end())


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    left = re.sub(r"\s+", " ", text[max(0, start - window) : start])
    right = re.sub(r"\s+", " ", text[end : end + window])
    return left, right


def _hits(
    source: Source,
    spans: list[tuple[int, int]],
    window: int,
    passages: list[tuple[int, int, int, str | None]],
) -> list[KwicHit]:
    starts = [p[0] for p in passages]
    hits: list[KwicHit] = []
    for start, end in spans:
        left, right = _context(source.text, start, end, window)
        passage_id = speaker = None
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and passages[i][0] <= start < passages[i][1]:
            passage_id, speaker = passages[i][2], passages[i][3]
        hits.append(
            KwicHit(
                source_id=int(source.id),  # type: ignore[arg-type]
                source_name=source.name,
                start=start,
                end=end,
                match=source.text[start:end],
                left=left,
                right=right,
                passage_id=passage_id,
                speaker=speaker,
                municipality=source.municipality,
                kind=SourceKind(source.kind),
            )
        )
    return hits


def kwic_source(
    source: Source,
    pattern: re.Pattern[str],
    *,
    window: int = 60,
    limit: int | None = None,
    passages: list[tuple[int, int, int, str | None]] | None = None,
) -> list[KwicHit]:
    """Hits of ``pattern`` in one source; ``passages`` = sorted (start, end, id, speaker) to attach."""
    if source.id is None:
        raise ValueError(f"{source.name}: source has no id (store it in a project first)")
    spans = list(islice(find_spans(source.text, pattern), limit))
    return _hits(source, spans, window, passages or [])


def kwic(
    project: Any,
    query: str,
    window: int = 60,
    limit: int = 200,
    *,
    municipality: str | None = None,
    kind: str | SourceKind | None = None,
    source_id: int | None = None,
    whole_word: bool = False,
) -> list[KwicHit]:
    """Find ``query`` across the project's sources (case- and diacritic-insensitive).

    Returns at most ``limit`` hits in source order, each with ``window`` characters
    of context on either side and the passage (and speaker) it falls in.
    """
    if window < 0:
        raise ValueError(f"window must be zero or more characters, got {window}")
    if limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}")
    pattern = compile_query(query, whole_word=whole_word)
    if source_id is not None:
        sources = [project.get_source(source_id)]
    else:
        sources = project.sources(municipality=municipality, kind=kind)
    hits: list[KwicHit] = []
    for source in sources:
        spans = list(islice(find_spans(source.text, pattern), limit - len(hits)))
        if not spans:
            continue
        passages = sorted((p.start, p.end, p.id, p.speaker) for p in project.passages(source_id=source.id))
        hits.extend(_hits(source, spans, window, passages))
        if len(hits) >= limit:
            break
    return hits
