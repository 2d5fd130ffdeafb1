"""The review queue: which passages to look at, in which order, one page at a time.

A queue is a *snapshot* of passage ids, computed once for a set of filters and an
order. Reviewing a passage does not reshuffle the queue under the researcher's
hands (accepting the last open suggestion of a passage does not make it vanish);
the snapshot is rebuilt when the filters change or on request. Ids are cheap to
hold (100k passages are well under a megabyte); passages themselves are only
loaded a page at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..corpus.speakers import NOT_DATA_ROLES
from ..domain import Coding, CodingStatus, PassageRecord
from ..store import Project, StoreError

STATUS_ALL = "all"
STATUS_SUGGESTED = CodingStatus.SUGGESTED.value
STATUS_ACCEPTED = CodingStatus.ACCEPTED.value
STATUS_REJECTED = CodingStatus.REJECTED.value
STATUS_UNCODED = "uncoded"
STATUSES = (STATUS_ALL, STATUS_SUGGESTED, STATUS_ACCEPTED, STATUS_REJECTED, STATUS_UNCODED)
_CODING_STATUSES = (STATUS_SUGGESTED, STATUS_ACCEPTED, STATUS_REJECTED)

ORDER_DOCUMENT = "document"
ORDER_ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class ReviewFilters:
    """What the researcher wants to see. ``None``/empty means "no restriction".

    ``status`` is one of :data:`STATUSES`: passages with an open suggestion, an
    accepted or a rejected coding (of ``code_id`` when given, else of any code of
    the codebook), ``uncoded`` passages (no coding of that kind at all), or ``all``.
    ``search`` is a case-insensitive substring of the passage text.
    Interviewer turns and header lines (roles in ``NOT_DATA_ROLES``) are left out
    unless ``all_speakers``: they are questions and titles, not data.
    """

    municipality: str | None = None
    source_id: int | None = None
    respondent_group: str | None = None
    kind: str | None = None
    code_id: str | None = None
    status: str = STATUS_ALL
    search: str | None = None
    all_speakers: bool = False
    passage_set: str | None = None  # only the passages of this saved set (see analysis.query)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown review status {self.status!r}; expected one of: {', '.join(STATUSES)}")

    def passage_filters(self) -> dict[str, Any]:
        """The filters on passages and their sources, as ``Project.passages`` takes them."""
        out: dict[str, Any] = {}
        if self.municipality:
            out["municipality"] = self.municipality
        if self.source_id is not None:
            out["source_id"] = self.source_id
        if self.respondent_group:
            out["respondent_group"] = self.respondent_group
        if self.kind:
            out["kind"] = self.kind
        search = (self.search or "").strip()
        if search:
            out["search"] = search
        if not self.all_speakers:
            out["exclude_roles"] = sorted(NOT_DATA_ROLES)
        return out

    def with_(self, **changes: Any) -> ReviewFilters:
        return replace(self, **changes)


@dataclass(slots=True)
class ReviewQueue:
    """A snapshot of passage ids to review, in review order."""

    codebook_id: str
    filters: ReviewFilters
    ids: list[int]
    order: str = ORDER_DOCUMENT
    _positions: dict[int, int] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, passage_id: int) -> int | None:
        """Index of ``passage_id`` in the queue, or None when it is not in it."""
        if self._positions is None:
            self._positions = {pid: i for i, pid in enumerate(self.ids)}
        return self._positions.get(passage_id)

    def clamp(self, index: int) -> int:
        if not self.ids:
            return 0
        return max(0, min(index, len(self.ids) - 1))

    def page_ids(self, page: int, page_size: int) -> list[int]:
        if page_size <= 0:
            raise ValueError(f"page_size must be positive, got {page_size}")
        start = max(0, page) * page_size
        return self.ids[start : start + page_size]

    def n_pages(self, page_size: int) -> int:
        return max(1, -(-len(self.ids) // page_size))


def filtered_ids(project: Project, codebook_id: str, filters: ReviewFilters) -> list[int]:
    """Passage ids matching ``filters``, in document order (source, then turn)."""
    ids = _filtered_ids(project, codebook_id, filters)
    if filters.passage_set:
        members = set(project.get_passage_set(filters.passage_set)["passage_ids"])
        ids = [pid for pid in ids if pid in members]
    return ids


def _filtered_ids(project: Project, codebook_id: str, filters: ReviewFilters) -> list[int]:
    base = filters.passage_filters()
    status = filters.status
    code = filters.code_id or None
    if status in _CODING_STATUSES:
        return project.passage_ids(codebook_id=codebook_id, code_id=code, status=status, **base)
    if status == STATUS_ALL and code:
        # any coding of this code, whatever its status
        return project.passage_ids(codebook_id=codebook_id, code_id=code, **base)
    every = project.passage_ids(**base)
    if status == STATUS_UNCODED:
        coded: set[int] = set()
        if code:
            coded.update(project.passage_ids(codebook_id=codebook_id, code_id=code, **base))
        else:
            for st in _CODING_STATUSES:
                coded.update(project.passage_ids(codebook_id=codebook_id, status=st, **base))
        return [pid for pid in every if pid not in coded]
    return every


def apply_order(ids: Sequence[int], order: Sequence[int] | None) -> list[int]:
    """Put ``ids`` in the order of ``order``; ids it does not rank follow in their own order."""
    if not order:
        return list(ids)
    rank: dict[int, int] = {}
    for i, pid in enumerate(order):
        rank.setdefault(int(pid), i)
    ranked = sorted((pid for pid in ids if pid in rank), key=rank.__getitem__)
    rest = [pid for pid in ids if pid not in rank]
    return ranked + rest


def build_queue(
    project: Project,
    codebook_id: str,
    filters: ReviewFilters | None = None,
    *,
    order: Sequence[int] | None = None,
) -> ReviewQueue:
    """Snapshot the passages to review.

    ``order`` is a ranking of passage ids (e.g. the active-learning order of the
    auto-coder); without it the queue follows the documents.
    """
    filters = filters or ReviewFilters()
    ids = filtered_ids(project, codebook_id, filters)
    return ReviewQueue(
        codebook_id=codebook_id,
        filters=filters,
        ids=apply_order(ids, order),
        order=ORDER_ACTIVE if order else ORDER_DOCUMENT,
    )


def load_passages(project: Project, ids: Sequence[int]) -> list[PassageRecord]:
    """The passages with ``ids``, in that order (ids that no longer exist are left out)."""
    if not ids:
        return []
    found = {p.id: p for p in project.passages(ids=list(ids))}
    return [found[i] for i in ids if i in found]


_STATUS_RANK = {STATUS_SUGGESTED: 0, STATUS_ACCEPTED: 1, STATUS_REJECTED: 2}


def sort_codings(codings: Iterable[Coding]) -> list[Coding]:
    """Open suggestions first (most confident first), then accepted, then rejected."""
    return sorted(
        codings,
        key=lambda c: (
            _STATUS_RANK.get(CodingStatus(c.status).value, 3),
            -(c.confidence if c.confidence is not None else 1.0),
            c.start if c.start is not None else -1,
            c.id or 0,
        ),
    )


@dataclass(slots=True)
class ReviewItem:
    """One passage as the review page shows it: context turns and its codings."""

    passage: PassageRecord
    before: list[PassageRecord]
    after: list[PassageRecord]
    codings: list[Coding]

    @property
    def suggestions(self) -> list[Coding]:
        return [c for c in self.codings if CodingStatus(c.status) is CodingStatus.SUGGESTED]

    @property
    def accepted(self) -> list[Coding]:
        return [c for c in self.codings if CodingStatus(c.status) is CodingStatus.ACCEPTED]

    @property
    def rejected(self) -> list[Coding]:
        return [c for c in self.codings if CodingStatus(c.status) is CodingStatus.REJECTED]


def load_item(project: Project, passage_id: int, codebook_id: str, *, context: int = 1) -> ReviewItem:
    """The passage ``passage_id`` with ``context`` turns before and after it and its codings."""
    turns = project.neighbours(passage_id, before=context, after=context)
    passage = next((p for p in turns if p.id == passage_id), None)
    if passage is None:
        raise StoreError("store.no_passage", id=passage_id)
    codings = project.codings(codebook_id=codebook_id, passage_ids=[passage_id])
    return ReviewItem(
        passage=passage,
        before=[p for p in turns if p.ordinal < passage.ordinal],
        after=[p for p in turns if p.ordinal > passage.ordinal],
        codings=sort_codings(codings),
    )


def codings_for(project: Project, codebook_id: str, passage_ids: Sequence[int]) -> dict[int, list[Coding]]:
    """Codings of a page of passages, grouped by passage (one query)."""
    out: dict[int, list[Coding]] = {pid: [] for pid in passage_ids}
    if not passage_ids:
        return out
    for c in project.codings(codebook_id=codebook_id, passage_ids=list(passage_ids)):
        out.setdefault(c.passage_id, []).append(c)
    return {pid: sort_codings(cs) for pid, cs in out.items()}
