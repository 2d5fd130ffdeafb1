"""Code many at once: keyword-in-context hits or search results, in one action.

Each hit becomes an accepted coding of the researcher, spanning what the researcher chose:

* ``"sentence"``: the sentence(s) of the passage the hit lies in (a hit across a sentence end takes
  both); when those are the whole passage, the coding is the whole passage;
* ``"passage"``: the whole passage the hit lies in.

Offsets are code points into the source text, so ``source.text[start:end]`` is the coded text. Hits
in the same span of the same passage give one coding; a coding the researcher already has is left as
it is. Everything is stored in one transaction (all or nothing) and is one step of the undo history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..domain import Coding, CodingOrigin, CodingStatus
from ..errors import DuidingError
from ..store import Project
from .actions import ADD, ReviewAction
from .text import sentence_spans

SENTENCE = "sentence"
PASSAGE = "passage"
UNITS = (SENTENCE, PASSAGE)


class BulkCodingError(DuidingError):
    """A bulk coding that cannot be done (the message says why)."""

    default_key = "review.bulk_unit"


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a hit lies: its passage and (for keyword hits) its source offsets."""

    passage_id: int
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class BulkResult:
    coded: int  # codings stored now
    already: int  # spans the coder had coded with this code before
    skipped: int  # hits outside any passage
    action: ReviewAction | None  # for the undo stack (None when nothing was stored)


def hit_span(passage_text: str, passage_start: int, hit: Hit, unit: str) -> tuple[int, int] | None:
    """The source span a hit is coded over, or ``None`` for the whole passage."""
    if unit not in UNITS:
        raise BulkCodingError("review.bulk_unit", unit=unit, units=", ".join(UNITS))
    if unit == PASSAGE or hit.start is None or hit.end is None:
        return None
    a, b = hit.start - passage_start, max(hit.end, hit.start + 1) - passage_start
    spans = sentence_spans(passage_text) or [(0, len(passage_text))]
    touched = [(s, e) for s, e in spans if s < b and e > a] or [min(spans, key=lambda se: abs(se[0] - a))]
    start, end = touched[0][0], touched[-1][1]
    if start <= 0 and end >= len(passage_text.rstrip()):
        return None
    return passage_start + start, passage_start + end


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    """Id lists small enough for one SQL ``IN`` (SQLite limits the parameters of a statement)."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def code_hits(
    project: Project,
    hits: Iterable[Hit],
    codebook_id: str,
    code_id: str,
    coder: str,
    *,
    unit: str = SENTENCE,
) -> BulkResult:
    """Code every hit with ``code_id`` (accepted, by ``coder``) over its sentence or passage."""
    project.get_codebook(codebook_id).code(code_id)  # unknown codebook or code: an error before any write
    hits = list(hits)
    placed = [h for h in hits if h.passage_id is not None]
    wanted_ids = sorted({h.passage_id for h in placed})
    passages = {p.id: p for chunk in _chunks(wanted_ids) for p in project.passages(ids=chunk)}
    wanted: dict[tuple[int, int | None, int | None], None] = {}
    skipped = len(hits) - len(placed)
    for h in placed:
        p = passages.get(h.passage_id)
        if p is None:
            skipped += 1
            continue
        span = hit_span(p.text, p.start, h, unit)
        wanted[(p.id, *(span or (None, None)))] = None
    have = {
        (c.passage_id, c.start, c.end)
        for chunk in _chunks(sorted({k[0] for k in wanted}))
        for c in project.codings(codebook_id=codebook_id, code_id=code_id, coder=coder, passage_ids=chunk,
                                 status=CodingStatus.ACCEPTED)
    }
    todo = [k for k in wanted if k not in have]
    new = [
        Coding(passage_id=pid, code_id=code_id, codebook_id=codebook_id, coder=coder, origin=CodingOrigin.MANUAL,
               status=CodingStatus.ACCEPTED, start=start, end=end)
        for pid, start, end in todo
    ]
    ids = project.add_codings(new) if new else []
    action = None
    if ids:
        audit = project.recent_coding_changes(project.user, limit=len(ids))
        audit_ids = tuple(sorted(int(e["id"]) for e in audit if int(e["entity_id"]) in set(ids)))
        action = ReviewAction(ADD, todo[0][0], code_id, tuple(ids), audit_ids)
    return BulkResult(len(ids), len(wanted) - len(todo), skipped, action)


def hits_from_kwic(rows: Sequence[dict]) -> list[Hit]:
    """Hits from keyword-in-context rows (``KwicHit`` as dicts: passage id and source offsets)."""
    return [Hit(r.get("passage_id"), r.get("start"), r.get("end")) for r in rows]  # type: ignore[arg-type]
