"""Keyword in context: find a word or phrase across the project, with the text around it.

Matching ignores case and diacritics and survives OCR variants (``ideeën``,
``ideeén`` and ``ideeen`` all match ``ideeen``), because both the query and the
texts are folded character by character with :func:`analysis.nlp.fold`
(:class:`FoldedText` keeps a map back to the original characters). Every hit carries offsets into the
*source* text: ``source.text[hit.start:hit.end] == hit.match``.

Query syntax: words separated by spaces match across any whitespace (line
breaks included); ``*`` inside or at the end of a word matches any letters
(``wachtlijst*``, ``keukentafel*gesprek``).
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any

from ..domain import Source, SourceKind
from ..errors import DuidingError

__all__ = ["FoldedText", "KwicHit", "PatternTooComplex", "compile_query", "find_spans", "kwic", "kwic_source"]


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
    role: str | None = None  # who speaks in the passage (interviewer, respondent, other; none on a header line)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=1)
def _ascii_folds() -> dict[str, str]:
    """ASCII characters that fold to something else than their lowercase (e.g. a backtick)."""
    from ..nlp import fold

    return {c: fold(c) for c in map(chr, range(128)) if fold(c) != c.lower()}


class FoldedText:
    """``text`` lowercased and folded character by character, with a map back to ``text``.

    Each character is folded with :func:`analysis.nlp.fold` (the project's one
    definition of OCR/diacritic variants). Plain ASCII is only lowercased (in C);
    the other characters are replaced in one regex pass. Most characters fold to
    exactly one character; the few that fold to none (soft hyphens, combining
    accents) or several (ligatures) are recorded as breakpoints, so mapping a span
    back costs one binary search.
    """

    __slots__ = ("_f_starts", "_fixed", "_o_starts", "original", "text")

    def __init__(self, text: str) -> None:
        from ..nlp import fold

        self.original = text
        self._f_starts: list[int] | None = None
        self._o_starts: list[int] = []
        self._fixed: list[bool] = []
        low = text.lower()
        if len(low) != len(text):  # a character lowercases to two (e.g. 'İ'): keep such characters as they are
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        special = {c: r for c, r in _ascii_folds().items() if c in low}
        if not low.isascii():
            for c in set(_NON_ASCII.findall(low)):
                folded = fold(c)
                if folded != c:
                    special[c] = folded
        if not special:
            self.text = low
            return
        pattern = re.compile("[" + "".join(re.escape(c) for c in special) + "]")
        self.text = pattern.sub(lambda m: special[m.group()], low)
        changers = [c for c, r in special.items() if len(r) != 1]
        if not changers:
            return
        f_starts, o_starts, fixed = [0], [0], [False]
        shift = 0  # folded offset minus original offset
        for m in re.finditer("[" + "".join(re.escape(c) for c in changers) + "]", low):
            o = m.start()
            width = len(special[m.group()])
            if width:
                # the folded characters of one original character all map back to it
                f_starts.append(o + shift)
                o_starts.append(o)
                fixed.append(True)
            shift += width - 1
            f_starts.append(o + 1 + shift)
            o_starts.append(o + 1)
            fixed.append(False)
        self._f_starts, self._o_starts, self._fixed = f_starts, o_starts, fixed

    def _orig(self, pos: int) -> int:
        if self._f_starts is None:
            return pos
        i = bisect.bisect_right(self._f_starts, pos) - 1
        return self._o_starts[i] if self._fixed[i] else self._o_starts[i] + (pos - self._f_starts[i])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a non-empty ``[start, end)`` span of the folded text back to the original text."""
        if self._f_starts is None:
            return start, end
        o_start = self._orig(start)
        o_last = self._orig(end - 1)
        o_next = self._orig(end) if end < len(self.text) else len(self.original)
        return o_start, max(o_last + 1, o_next)


# A ``*`` stands for at most this many letters (Dutch compounds stay far below it) ...
WILDCARD_SPAN = 80
# ... and a query holds at most this many of them.
MAX_WILDCARDS = 12


class SearchQueryError(DuidingError, ValueError):
    """A search query that cannot be searched for (the message says why)."""

    default_key = "query.search_invalid"


class PatternTooComplex(DuidingError, ValueError):
    """A search query with more wildcards than :data:`MAX_WILDCARDS`."""


def _word_pattern(word: str) -> str:
    r"""One query word as a regex that runs in linear time, whatever its wildcards.

    ``wacht*lijst`` becomes ``wacht(?>\w{0,80}?lijst)``: each wildcard is bounded and, with the literal
    after it, an atomic group that commits to the *first* place the literal fits. Committing to the first
    place never loses a match (it leaves the most room for what follows), and no group is ever re-tried,
    so ``e*e*e*e*e*e*e*e*e*e*x`` costs a bounded number of steps per position instead of exponentially
    many. A trailing ``*`` takes the rest of the word (up to the bound).
    """
    pieces = word.split("*")
    out = re.escape(pieces[0])
    for piece in pieces[1:-1]:
        out += rf"(?>\w{{0,{WILDCARD_SPAN}}}?{re.escape(piece)})"
    if len(pieces) > 1:
        last = pieces[-1]
        out += rf"(?>\w{{0,{WILDCARD_SPAN}}}?{re.escape(last)})" if last else rf"(?>\w{{0,{WILDCARD_SPAN}}})"
    return out


def compile_query(query: str, *, whole_word: bool = False) -> re.Pattern[str]:
    """The regular expression that finds ``query`` in folded, lowercased text.

    Raises ``ValueError`` for a query without any letter or digit.
    """
    folded = FoldedText(query.strip()).text
    words = folded.split()
    if not words or not any(ch.isalnum() for ch in folded):
        raise SearchQueryError("query.search_no_letters", query=query)
    stars = folded.count("*")
    if stars > MAX_WILDCARDS:
        raise PatternTooComplex("harden.pattern_too_complex", pattern=query.strip()[:80], limit=MAX_WILDCARDS)
    parts = [_word_pattern(word) for word in words]
    pattern = r"\s+".join(parts)
    if whole_word:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    return re.compile(pattern)


class KwicHits(list):
    """The hits of :func:`kwic`; ``complete`` is False when the search stopped early (time limit or a
    cancel request), so the list holds only what was found until then."""

    complete: bool = True


def find_spans(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Spans of ``pattern`` in ``text`` (original offsets), left to right, non-empty."""
    folded = FoldedText(text)
    for m in pattern.finditer(folded.text):
        if m.end() > m.start():
            yield folded.to_original(m.start(), m.end())


def _context(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    left = re.sub(r"\s+", " ", text[max(0, start - window) : start])
    right = re.sub(r"\s+", " ", text[end : end + window])
    return left, right


def _hits(
    source: Source,
    spans: list[tuple[int, int]],
    window: int,
    passages: list[tuple[int, int, int, str | None, str | None]],
) -> list[KwicHit]:
    starts = [p[0] for p in passages]
    hits: list[KwicHit] = []
    for start, end in spans:
        left, right = _context(source.text, start, end, window)
        passage_id = speaker = role = None
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and passages[i][0] <= start < passages[i][1]:
            passage_id, speaker, role = passages[i][2], passages[i][3], passages[i][4]
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
                role=role,
            )
        )
    return hits


def kwic_source(
    source: Source,
    pattern: re.Pattern[str],
    *,
    window: int = 60,
    limit: int | None = None,
    passages: list[tuple[int, int, int, str | None, str | None]] | None = None,
) -> list[KwicHit]:
    """Hits of ``pattern`` in one source; ``passages`` = sorted (start, end, id, speaker, role) to attach."""
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
    with_passages: bool = True,
    time_limit: float | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> KwicHits:
    """Find ``query`` across the project's sources (case- and diacritic-insensitive).

    Returns at most ``limit`` hits in source order, each with ``window`` characters
    of context on either side and (with ``with_passages``, one query per source
    with hits) the passage and speaker it falls in.

    The search can be cut short: after ``time_limit`` seconds, or as soon as ``should_stop()`` says so
    (checked before every source and after every hit). It then returns what it found with
    ``complete = False``. Each wildcard is bounded, so one source is scanned in linear time.
    """
    deadline = time.monotonic() + time_limit if time_limit is not None else None

    def stop() -> bool:
        return (deadline is not None and time.monotonic() > deadline) or (should_stop is not None and should_stop())

    if window < 0:
        raise ValueError(f"window must be zero or more characters, got {window}")
    if limit <= 0:
        raise ValueError(f"limit must be positive, got {limit}")
    pattern = compile_query(query, whole_word=whole_word)
    if source_id is not None:
        sources = [project.get_source(source_id)]
    else:
        sources = project.sources(municipality=municipality, kind=kind)
    hits = KwicHits()
    for source in sources:
        if stop():
            hits.complete = False
            break
        spans: list[tuple[int, int]] = []
        for span in find_spans(source.text, pattern):
            spans.append(span)
            if len(spans) >= limit - len(hits):
                break
            if stop():
                hits.complete = False
                break
        if not spans:
            if not hits.complete:
                break
            continue
        passages = (
            sorted((p.start, p.end, p.id, p.speaker, p.role) for p in project.passages(source_id=source.id))
            if with_passages
            else []
        )
        hits.extend(_hits(source, spans, window, passages))
        if len(hits) >= limit or not hits.complete:
            break
    return hits
