"""Store methods of the review capability (issue 15): the undo history read back from the audit
trail, deleting memos, moving a coding to another code, and counts per code for the codebook tree.

A mixin of :class:`~analysis.store.project.Project` (it uses ``self.transaction()``,
``self._session()`` and ``self._audit`` as ``Project`` does).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from .common import UNDOABLE, StoreError, _coding_dict
from .orm import AuditRow, CodingRow, MemoRow
from .permissions import requires


class ReviewStore:
    """Undo history, memo deletion, coding moves and per-code counts."""

    @requires("read")
    def recent_coding_changes(self, user: str, limit: int = 100) -> list[dict]:
        """``user``'s newest coding changes that are still undoable, newest first.

        An entry undone since (an ``undo`` marker on entity ``audit`` names it) and the entries
        an undo wrote itself (the marker lists them) are left out, so a reload never offers to
        undo something twice. Reads at most a few times ``limit`` rows, newest first: constant
        work on a project with a long audit trail.
        """
        with self._session() as s:  # type: ignore[attr-defined]
            undone: set[int] = set()
            produced: set[int] = set()
            markers = select(AuditRow.entity_id, AuditRow.after).where(AuditRow.entity == "audit", AuditRow.action == "undo")
            for entity_id, after in s.execute(markers):
                if entity_id is not None:
                    undone.add(int(entity_id))
                produced.update(int(i) for i in (after or {}).get("entries", []))
            stmt = (
                select(AuditRow)
                .where(AuditRow.entity == "coding", AuditRow.user == user, AuditRow.action.in_(UNDOABLE))
                .order_by(AuditRow.id.desc())
                .limit(limit + len(undone) + len(produced))
            )
            out: list[dict] = []
            for r in s.scalars(stmt):
                if r.id in undone or r.id in produced or r.entity_id is None:
                    continue
                out.append({
                    "id": r.id, "at": r.at, "user": r.user, "action": r.action, "entity": r.entity,
                    "entity_id": r.entity_id, "before": r.before, "after": r.after,
                })
                if len(out) >= limit:
                    break
            return out

    @requires("memo")
    def delete_memo(self, memo_id: int) -> None:
        """Delete a memo (the audit trail keeps its title and text)."""
        with self.transaction() as s:  # type: ignore[attr-defined]
            row = s.get(MemoRow, memo_id)
            if row is None:
                raise StoreError("store.no_memo", id=memo_id)
            before = {"target_type": row.target_type, "target_id": row.target_id, "title": row.title, "text": row.text}
            self._audit(s, "delete", "memo", memo_id, before=before)  # type: ignore[attr-defined]
            s.delete(row)

    @requires("code")
    def move_coding(self, coding_id: int, code_id: str) -> int:
        """Give a coding another code of its codebook (same passage, span, coder, status and memo).

        When the passage already carries that code from the same coder over the same span, the
        two become one (the memos joined). Returns the id of the coding that now holds the code.
        """
        with self.transaction() as s:  # type: ignore[attr-defined]
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            self._require_code(s, row.codebook_id, code_id)  # type: ignore[attr-defined]
            if row.code_id == code_id:
                return row.id
            before = _coding_dict(row)
            twin = s.scalars(
                select(CodingRow).where(
                    CodingRow.passage_id == row.passage_id, CodingRow.codebook_id == row.codebook_id,
                    CodingRow.code_id == code_id, CodingRow.coder == row.coder,
                    func.coalesce(CodingRow.start, -1) == (-1 if row.start is None else row.start),
                    func.coalesce(CodingRow.end, -1) == (-1 if row.end is None else row.end),
                )
            ).first()
            if twin is not None:
                twin_before = _coding_dict(twin)
                twin.memo = "\n\n".join(dict.fromkeys(m for m in (twin.memo, row.memo) if m))
                self._audit(s, "update", "coding", twin.id, before=twin_before, after=_coding_dict(twin))  # type: ignore[attr-defined]
                self._audit(s, "delete", "coding", row.id, before=before)  # type: ignore[attr-defined]
                s.delete(row)
                return twin.id
            row.code_id = code_id
            s.flush()
            self._audit(s, "update", "coding", row.id, before=before, after=_coding_dict(row))  # type: ignore[attr-defined]
            return row.id

    @requires("read")
    def coding_counts(self, codebook_id: str, statuses: tuple[str, ...] = ("accepted",)) -> dict[str, dict[str, Any]]:
        """Per code: the number of codings and of distinct passages with those statuses."""
        stmt = (
            select(CodingRow.code_id, func.count(CodingRow.id), func.count(func.distinct(CodingRow.passage_id)))
            .where(CodingRow.codebook_id == codebook_id, CodingRow.status.in_(statuses))
            .group_by(CodingRow.code_id)
        )
        with self._session() as s:  # type: ignore[attr-defined]
            return {code: {"codings": int(n), "passages": int(p)} for code, n, p in s.execute(stmt)}
