"""What a researcher does in the review queue, each stored at once.

Every function writes through the repository API (one transaction per call, so
closing the browser loses nothing) and returns a :class:`ReviewAction`: a small
record naming the audit-log entries it produced, which is all
:mod:`analysis.review.undo` needs to take it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Coding, CodingOrigin, CodingStatus, PassageRecord
from ..errors import DuidingError
from ..store import Project, StoreError

ACCEPT = "accept"
REJECT = "reject"
ADD = "add"
REMOVE = "remove"
MEMO = "memo"


@dataclass(frozen=True, slots=True)
class ReviewAction:
    """A stored review action: which codings it touched and the audit entries it wrote."""

    kind: str
    passage_id: int
    code_id: str
    coding_ids: tuple[int, ...]
    audit_ids: tuple[int, ...]


def _last_audit_id(project: Project, coding_id: int) -> int:
    entries = project.audit_log(entity="coding", entity_id=coding_id)
    if not entries:
        raise StoreError("review.no_audit_entry", coding=coding_id)
    return int(entries[-1]["id"])


def _decide(project: Project, coding_id: int, status: CodingStatus, coder: str, kind: str) -> ReviewAction:
    coding = project.set_status(coding_id, status, coder=coder)
    return ReviewAction(kind, coding.passage_id, coding.code_id, (coding_id,), (_last_audit_id(project, coding_id),))


def accept(project: Project, coding_id: int, coder: str) -> ReviewAction:
    """Accept a coding (normally a suggestion); the decision becomes ``coder``'s."""
    return _decide(project, coding_id, CodingStatus.ACCEPTED, coder, ACCEPT)


def reject(project: Project, coding_id: int, coder: str) -> ReviewAction:
    """Reject a coding; auto-coding will not suggest this code for this passage again."""
    return _decide(project, coding_id, CodingStatus.REJECTED, coder, REJECT)


def add_code(
    project: Project,
    passage_id: int,
    codebook_id: str,
    code_id: str,
    coder: str,
    *,
    span: tuple[int, int] | None = None,
    memo: str = "",
) -> ReviewAction:
    """Code a passage (or the part ``span`` of it, in source offsets) by hand.

    Coding a whole passage with a code that has an open suggestion accepts that
    suggestion instead of leaving a duplicate behind.
    """
    if span is None:
        for c in project.codings(codebook_id=codebook_id, passage_ids=[passage_id], code_id=code_id, status="suggested"):
            if c.start is None and c.id is not None:
                project.set_status(c.id, CodingStatus.ACCEPTED, coder=coder)
                audit_ids = [_last_audit_id(project, c.id)]
                if memo:
                    project.update_coding(c.id, memo=memo)
                    audit_ids.append(_last_audit_id(project, c.id))
                return ReviewAction(ADD, passage_id, code_id, (c.id,), tuple(audit_ids))
    start, end = span if span is not None else (None, None)
    coding = Coding(
        passage_id=passage_id,
        code_id=code_id,
        codebook_id=codebook_id,
        coder=coder,
        origin=CodingOrigin.MANUAL,
        status=CodingStatus.ACCEPTED,
        start=start,
        end=end,
        memo=memo,
    )
    coding_id = project.add_coding(coding)
    return ReviewAction(ADD, passage_id, code_id, (coding_id,), (_last_audit_id(project, coding_id),))


def sentence_runs(chosen: Sequence[int]) -> list[tuple[int, int]]:
    """Group chosen sentence indexes into contiguous runs: [0, 1, 3] -> [(0, 1), (3, 3)]."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(chosen)):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


class SentenceChoiceError(DuidingError, ValueError):
    """A choice of sentences to code that does not fit the passage."""

    default_key = "review.sentences_invalid"


def sentence_spans_to_source(
    passage: PassageRecord, spans: Sequence[tuple[int, int]], chosen: Sequence[int]
) -> list[tuple[int, int] | None]:
    """Source-offset spans covering the chosen sentences (one per contiguous run).

    ``spans`` are the passage's sentences in passage-local offsets. Choosing every
    sentence means the whole passage (``None``).
    """
    if not chosen:
        raise SentenceChoiceError("review.no_sentence_chosen", passage=passage.id)
    bad = [i for i in chosen if not 0 <= i < len(spans)]
    if bad:
        raise SentenceChoiceError("review.no_such_sentence", passage=passage.id, number=bad[0], n=len(spans))
    if len(set(chosen)) == len(spans):
        return [None]
    out: list[tuple[int, int] | None] = []
    for first, last in sentence_runs(chosen):
        start = passage.start + spans[first][0]
        end = passage.start + spans[last][1]
        out.append((start, end))
    return out


def code_sentences(
    project: Project,
    passage: PassageRecord,
    codebook_id: str,
    code_id: str,
    coder: str,
    spans: Sequence[tuple[int, int]],
    chosen: Sequence[int],
    *,
    memo: str = "",
) -> ReviewAction:
    """Code the chosen sentences of a passage: one coding per contiguous run of sentences."""
    coding_ids: list[int] = []
    audit_ids: list[int] = []
    for span in sentence_spans_to_source(passage, spans, chosen):
        action = add_code(project, passage.id, codebook_id, code_id, coder, span=span, memo=memo)
        coding_ids.extend(action.coding_ids)
        audit_ids.extend(action.audit_ids)
    return ReviewAction(ADD, passage.id, code_id, tuple(coding_ids), tuple(audit_ids))


def remove(project: Project, coding_id: int) -> ReviewAction:
    """Delete a coding (an accepted code the researcher takes off the passage)."""
    coding = project.get_coding(coding_id)
    project.delete_coding(coding_id)
    return ReviewAction(REMOVE, coding.passage_id, coding.code_id, (coding_id,), (_last_audit_id(project, coding_id),))


def set_memo(project: Project, coding_id: int, memo: str) -> ReviewAction:
    """Store the memo of a coding."""
    coding = project.update_coding(coding_id, memo=memo)
    return ReviewAction(MEMO, coding.passage_id, coding.code_id, (coding_id,), (_last_audit_id(project, coding_id),))
