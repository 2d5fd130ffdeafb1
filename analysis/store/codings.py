"""Codings (manual and suggested) and memos.

A mixin of :class:`analysis.store.Project`: it uses the project's ``transaction()``,
``_session()`` and ``_audit()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..domain import Coding, CodingOrigin, CodingStatus, Memo
from .common import (
    DECIDED,
    IN_LIMIT,
    StoreError,
    _coding_dict,
    _insert_codings,
    _row_coding,
    _same_span,
    coding_values,
    evidence_dicts,
    in_chunks,
)
from .orm import CODING_KEY, CodingRow, MemoRow, PassageRow, utcnow
from .permissions import requires


class CodingStore:
    """Codings (manual and suggested) and memos."""

    @requires("read")
    def coding_confidences(self, codebook_id: str, status: str) -> list[tuple[int, str, float | None]]:
        """(passage id, code id, confidence) of every coding of ``codebook_id`` in ``status``: the
        three columns the active-learning order needs, without building whole codings."""
        stmt = select(CodingRow.passage_id, CodingRow.code_id, CodingRow.confidence).where(
            CodingRow.codebook_id == codebook_id, CodingRow.status == CodingStatus(status).value
        )
        with self._session() as s:
            return [(int(p), str(c), conf) for p, c, conf in s.execute(stmt)]

    @requires("read")
    def count_coded_passages(self, codebook_id: str, status: str, code_id: str | None = None) -> int:
        """Passages with a coding of ``codebook_id`` in ``status`` (of ``code_id`` when given): the
        review page's "still open" count, answered from the index ``ix_codings_open``."""
        stmt = select(func.count(func.distinct(CodingRow.passage_id))).where(
            CodingRow.codebook_id == codebook_id, CodingRow.status == CodingStatus(status).value
        )
        if code_id:
            stmt = stmt.where(CodingRow.code_id == code_id)
        with self._session() as s:
            return s.scalar(stmt) or 0

    @requires("read")
    def coding_spans(
        self, statuses: Sequence[str], codebook_ids: Sequence[str] | None = None
    ) -> Sequence[tuple[int, str, str, str, int | None, int | None]]:
        """Codings with the given statuses as ``(passage_id, codebook_id, code_id, coder, start, end)`` rows
        (tuples whose fields also answer by name)."""
        stmt = select(
            CodingRow.passage_id, CodingRow.codebook_id, CodingRow.code_id, CodingRow.coder, CodingRow.start, CodingRow.end
        ).where(CodingRow.status.in_(list(statuses)))
        if codebook_ids is not None:
            stmt = stmt.where(CodingRow.codebook_id.in_(list(codebook_ids)))
        with self._session() as s:  # Core rows: tuples that also answer .passage_id, .code_id, ...
            return s.connection().execute(stmt).all()

    @requires("code")
    def add_coding(self, coding: Coding) -> int:
        """Store a coding; a coding by the same coder for the same passage, code and span is updated instead."""
        with self.transaction() as s:
            return self._add_coding(s, coding)

    def _add_coding(self, s: Session, coding: Coding) -> int:
        passage = s.get(PassageRow, coding.passage_id)
        if passage is None:
            raise StoreError("store.no_passage", id=coding.passage_id)
        self._require_code(s, coding.codebook_id, coding.code_id)
        if (coding.start is not None or coding.end is not None) and (
            coding.start is None or coding.end is None or not (passage.start <= coding.start < coding.end <= passage.end)
        ):
            raise StoreError(
                "store.span_outside_passage", start=coding.start, end=coding.end, passage=passage.id,
                passage_start=passage.start, passage_end=passage.end,
            )
        now = utcnow()
        values = coding_values(coding, now)
        # INSERT ... ON CONFLICT DO NOTHING on the codings' unique key: of two writers storing the same
        # coding at once, one inserts and the other finds the row and updates it (never a duplicate).
        new_id = s.scalar(_insert_codings(s).values(**values).on_conflict_do_nothing(index_elements=CODING_KEY).returning(CodingRow.id))
        if new_id is not None:
            row = s.get(CodingRow, new_id)
            self._audit(s, "create", "coding", new_id, after=_coding_dict(row))
            coding.id = new_id
            return new_id
        existing = s.scalar(
            select(CodingRow)
            .where(
                CodingRow.passage_id == coding.passage_id,
                CodingRow.codebook_id == coding.codebook_id,
                CodingRow.code_id == coding.code_id,
                CodingRow.coder == coding.coder,
                _same_span(coding.start, coding.end),
            )
            .execution_options(populate_existing=True)
        )
        if existing is None:  # pragma: no cover - the conflicting row was deleted in between
            raise StoreError("store.coding_changed", passage=coding.passage_id)
        before = _coding_dict(existing)
        existing.status = CodingStatus(coding.status).value
        existing.origin = CodingOrigin(coding.origin).value if existing.origin == "manual" else existing.origin
        existing.memo = coding.memo or existing.memo
        existing.citeerbaar = bool(existing.citeerbaar or coding.citeerbaar)
        if coding.confidence is not None:
            existing.confidence = coding.confidence
        existing.updated_at = now
        self._audit(s, "update", "coding", existing.id, before=before, after=_coding_dict(existing))
        coding.id = existing.id
        return existing.id

    @requires("code")
    def add_codings(self, codings: Iterable[Coding]) -> list[int]:
        with self.transaction() as s:
            return [self._add_coding(s, c) for c in codings]

    @requires("code")
    def insert_new_codings(self, codings: Sequence[Coding]) -> int:
        """Store codings that nothing stored can merge with (e.g. on passages added in the same
        :meth:`unit_of_work`) as one bulk insert with one audit entry; returns how many were stored.

        Unlike :meth:`add_coding` nothing is merged or checked beyond the database's keys: one row
        per coding (a coding that clashes with a stored one on the unique key is skipped)."""
        if not codings:
            return 0
        now = utcnow()
        with self.transaction() as s:
            stmt = _insert_codings(s).on_conflict_do_nothing(index_elements=CODING_KEY)
            result = s.connection().execute(stmt, [coding_values(c, now) for c in codings])
            inserted = result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(codings)
            self._audit(s, "import", "coding", None, after={"inserted": inserted})
            return inserted

    @requires("read")
    def codings(
        self,
        *,
        codebook_id: str | None = None,
        passage_ids: Iterable[int] | None = None,
        status: str | CodingStatus | Sequence[str] | None = None,
        origin: str | None = None,
        code_id: str | Sequence[str] | None = None,
        coder: str | None = None,
        source_id: int | None = None,
    ) -> list[Coding]:
        """Codings in the order they were stored; ``passage_ids=`` may be as long as you like."""
        if passage_ids is not None:
            passage_ids = list(dict.fromkeys(passage_ids))
            if len(passage_ids) > IN_LIMIT:
                filters = {"codebook_id": codebook_id, "status": status, "origin": origin, "code_id": code_id,
                           "coder": coder, "source_id": source_id}
                found = [c for chunk in in_chunks(passage_ids) for c in self.codings(passage_ids=chunk, **filters)]
                return sorted(found, key=lambda c: c.id or 0)
        stmt = select(CodingRow).order_by(CodingRow.id)
        if codebook_id:
            stmt = stmt.where(CodingRow.codebook_id == codebook_id)
        if passage_ids is not None:
            stmt = stmt.where(CodingRow.passage_id.in_(list(passage_ids)))
        if status:
            values = [status] if isinstance(status, (str, CodingStatus)) else list(status)
            stmt = stmt.where(CodingRow.status.in_([CodingStatus(v).value for v in values]))
        if origin:
            stmt = stmt.where(CodingRow.origin == CodingOrigin(origin).value)
        if code_id:
            values = [code_id] if isinstance(code_id, str) else list(code_id)
            stmt = stmt.where(CodingRow.code_id.in_(values))
        if coder:
            stmt = stmt.where(CodingRow.coder == coder)
        if source_id is not None:
            stmt = stmt.where(CodingRow.passage_id.in_(select(PassageRow.id).where(PassageRow.source_id == source_id)))
        with self._session() as s:
            return [_row_coding(r) for r in s.scalars(stmt)]

    @requires("read")
    def get_coding(self, coding_id: int) -> Coding:
        with self._session() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            return _row_coding(row)

    @requires("code")
    def set_status(self, coding_id: int, status: str | CodingStatus, coder: str | None = None) -> Coding:
        """Accept or reject (or re-open) a coding; the decision is the researcher's from then on."""
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            before = _coding_dict(row)
            row.status = CodingStatus(status).value
            if coder and coder != row.coder:
                # The decision becomes ``coder``'s; a coding ``coder`` already holds on the same passage,
                # code and span would duplicate it (unique key), so it is folded into this one.
                twin = s.scalar(
                    select(CodingRow).where(
                        CodingRow.passage_id == row.passage_id,
                        CodingRow.codebook_id == row.codebook_id,
                        CodingRow.code_id == row.code_id,
                        CodingRow.coder == coder,
                        _same_span(row.start, row.end),
                    )
                )
                if twin is not None:
                    row.memo = "\n\n".join(dict.fromkeys(m for m in (row.memo, twin.memo) if m))
                    self._audit(s, "delete", "coding", twin.id, before=_coding_dict(twin))
                    s.delete(twin)
                    s.flush()
                row.coder = coder
            row.updated_at = utcnow()
            self._audit(s, "status", "coding", coding_id, before=before, after=_coding_dict(row))
            return _row_coding(row)

    @requires("code")
    def update_coding(self, coding_id: int, *, memo: str | None = None, start: int | None = None, end: int | None = None) -> Coding:
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            before = _coding_dict(row)
            if memo is not None:
                row.memo = memo
            if start is not None or end is not None:
                passage = s.get(PassageRow, row.passage_id)
                if start is None or end is None or not (passage.start <= start < end <= passage.end):
                    raise StoreError("store.span_outside_passage_short", start=start, end=end, passage=passage.id)
                row.start, row.end = start, end
            row.updated_at = utcnow()
            self._audit(s, "update", "coding", coding_id, before=before, after=_coding_dict(row))
            return _row_coding(row)

    @requires("code")
    def delete_coding(self, coding_id: int) -> None:
        with self.transaction() as s:
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            self._audit(s, "delete", "coding", coding_id, before=_coding_dict(row))
            s.delete(row)

    @requires("code")
    def restore_coding(self, snapshot: dict) -> int:
        """Put back a coding from an audit snapshot (undo of a delete or change)."""
        with self.transaction() as s:
            row = s.get(CodingRow, snapshot.get("id")) if snapshot.get("id") else None
            if row is None:
                row = CodingRow(id=snapshot.get("id"))
                s.add(row)
            for key in ("passage_id", "codebook_id", "code_id", "coder", "origin", "status", "confidence", "start", "end", "evidence", "memo"):
                setattr(row, key, snapshot.get(key))
            row.citeerbaar = bool(snapshot.get("citeerbaar", False))
            row.updated_at = utcnow()
            s.flush()
            self._audit(s, "restore", "coding", row.id, after=_coding_dict(row))
            return row.id

    @requires("code")
    def upsert_suggestions(self, codings: Sequence[Coding]) -> tuple[int, int]:
        """Store auto-coding suggestions; returns (inserted, updated).

        Never touches a (passage, code) on which a researcher has decided (any accepted
        or rejected coding of that code on that passage), and never duplicates a
        suggestion: an existing suggestion by the same coder is updated in place.
        """
        if not codings:
            return 0, 0
        inserted = updated = 0
        by_codebook: dict[str, list[Coding]] = {}
        for c in codings:
            by_codebook.setdefault(c.codebook_id, []).append(c)
        with self.transaction() as s:
            for codebook_id, items in by_codebook.items():
                passage_ids = sorted({c.passage_id for c in items})
                decided: set[tuple[int, str]] = set()
                existing: dict[tuple[int, str, str], CodingRow] = {}
                for chunk in in_chunks(passage_ids):
                    for row in s.scalars(
                        select(CodingRow).where(CodingRow.codebook_id == codebook_id, CodingRow.passage_id.in_(chunk))
                    ):
                        if row.status in DECIDED:
                            decided.add((row.passage_id, row.code_id))
                        elif row.start is None:
                            existing[(row.passage_id, row.code_id, row.coder)] = row
                now = utcnow()
                new_rows = []
                for c in items:
                    key = (c.passage_id, c.code_id)
                    if key in decided:
                        continue
                    row = existing.get((c.passage_id, c.code_id, c.coder))
                    if row is not None:
                        evidence = evidence_dicts(c.evidence)
                        if row.confidence != c.confidence or row.evidence != evidence or row.origin != CodingOrigin(c.origin).value:
                            row.confidence = c.confidence
                            row.evidence = evidence
                            row.origin = CodingOrigin(c.origin).value
                            row.updated_at = now
                            updated += 1
                        continue
                    suggestion = replace(c, status=CodingStatus.SUGGESTED, start=None, end=None, memo="")
                    new_rows.append(coding_values(suggestion, now))
                    existing[(c.passage_id, c.code_id, c.coder)] = None  # type: ignore[assignment]
                if new_rows:
                    # A concurrent run may have stored the same suggestion since we looked: skip it.
                    stmt = _insert_codings(s).on_conflict_do_nothing(index_elements=CODING_KEY)
                    result = s.connection().execute(stmt, new_rows)
                    inserted += result.rowcount if result.rowcount is not None and result.rowcount >= 0 else len(new_rows)
            if inserted or updated:
                self._audit(s, "suggest", "coding", None, after={"inserted": inserted, "updated": updated})
        return inserted, updated

    @requires("code")
    def remove_stale_suggestions(self, codebook_id: str, coder: str, keep: set[tuple[int, str]], passage_ids: Iterable[int]) -> int:
        """Drop open suggestions by ``coder`` on ``passage_ids`` that are not in ``keep``."""
        removed = 0
        with self.transaction() as s:
            for chunk in in_chunks(sorted(set(passage_ids))):
                # Keys only (no row objects, no evidence JSON): on a rerun nearly every suggestion is kept.
                rows = s.execute(
                    select(CodingRow.id, CodingRow.passage_id, CodingRow.code_id).where(
                        CodingRow.codebook_id == codebook_id,
                        CodingRow.coder == coder,
                        CodingRow.status == "suggested",
                        CodingRow.passage_id.in_(chunk),
                    )
                ).all()
                stale = [rid for rid, pid, code_id in rows if (pid, code_id) not in keep]
                for ids in in_chunks(stale):
                    s.execute(delete(CodingRow).where(CodingRow.id.in_(ids)))
                removed += len(stale)
        return removed

    @requires("memo")
    def add_memo(self, memo: Memo) -> int:
        with self.transaction() as s:
            row = MemoRow(
                target_type=memo.target_type, target_id=memo.target_id, title=memo.title, text=memo.text, author=memo.author or self.user
            )
            s.add(row)
            s.flush()
            self._audit(s, "create", "memo", row.id, after={"title": memo.title})
            memo.id = row.id
            return row.id

    @requires("memo")
    def update_memo(self, memo_id: int, *, text: str | None = None, title: str | None = None) -> None:
        """Change a memo's text or title (pseudonymisation of memos uses it)."""
        with self.transaction() as s:
            row = s.get(MemoRow, memo_id)
            if row is None:
                raise StoreError("store.no_memo", id=memo_id)
            before = {"title": row.title, "text": row.text}
            row.text = row.text if text is None else text
            row.title = row.title if title is None else title
            row.updated_at = utcnow()
            self._audit(s, "update", "memo", memo_id, before=before, after={"title": row.title, "text": row.text})

    @requires("read")
    def memos(self, target_type: str | None = None, target_id: str | None = None) -> list[Memo]:
        stmt = select(MemoRow).order_by(MemoRow.id)
        if target_type:
            stmt = stmt.where(MemoRow.target_type == target_type)
        if target_id is not None:
            stmt = stmt.where(MemoRow.target_id == str(target_id))
        with self._session() as s:
            return [
                Memo(r.text, r.author, r.target_type, r.target_id, r.title, r.created_at, r.updated_at, r.id) for r in s.scalars(stmt)
            ]
