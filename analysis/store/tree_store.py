"""Store methods of the code tree (restructuring a codebook by dragging): put a code under another
parent at a given place among its siblings, as one audited ``move``.

A mixin of :class:`~analysis.store.Project`. Every public method needs the right to change codebooks.
"""

from __future__ import annotations

from sqlalchemy import select

from .common import StoreError
from .orm import CodeRow
from .permissions import requires


class TreeStore:
    """Mixin of ``Project``: uses its ``transaction()``, ``_require_code``, ``_refuse_cycle`` and ``_audit``."""

    @requires("codebook")
    def place_code(
        self, codebook_id: str, code_id: str, new_parent: str | None, before: str | None = None
    ) -> int:
        """Put ``code_id`` under ``new_parent`` (None: top level), just before its sibling ``before``
        (None: last). Refuses a parent that is the code itself or one of its descendants, and a
        ``before`` that is not a child of ``new_parent``. Writes one audit row ``move`` (entity
        ``code``) whose ``before`` says where the code was (parent and next sibling), so the move can be
        undone; returns that row's id (0 when nothing changed)."""
        with self.transaction() as s:  # type: ignore[attr-defined]
            rows = list(s.scalars(select(CodeRow).where(CodeRow.codebook_id == codebook_id).order_by(CodeRow.position, CodeRow.pk)))
            by_id = {r.code_id: r for r in rows}
            row = by_id.get(code_id) or self._require_code(s, codebook_id, code_id)  # type: ignore[attr-defined]
            if new_parent is not None:
                if new_parent not in by_id:
                    self._require_code(s, codebook_id, new_parent)  # type: ignore[attr-defined]
                self._refuse_cycle({c: r.parent for c, r in by_id.items()}, code_id, new_parent)  # type: ignore[attr-defined]
            if before is not None and (before == code_id or before not in by_id or by_id[before].parent != new_parent):
                raise StoreError("tree.before_not_sibling", code=code_id, before=before, parent=new_parent or "–")
            old_siblings = [r.code_id for r in rows if r.parent == row.parent]
            i = old_siblings.index(code_id)
            old_next = old_siblings[i + 1] if i + 1 < len(old_siblings) else None
            if row.parent == new_parent and old_next == before:
                return 0
            order = [r for r in rows if r.code_id != code_id]
            if before is not None:
                at = next(k for k, r in enumerate(order) if r.code_id == before)
            else:  # last among the new siblings: right after the last of them (or at the end)
                last = [k for k, r in enumerate(order) if r.parent == new_parent]
                at = last[-1] + 1 if last else len(order)
            order.insert(at, row)
            for k, r in enumerate(order):
                if r.position != k:
                    r.position = k
            old_parent = row.parent
            row.parent = new_parent
            entry = self._audit(  # type: ignore[attr-defined]
                s, "move", "code", f"{codebook_id}/{code_id}",
                before={"parent": old_parent, "before": old_next}, after={"parent": new_parent, "before": before},
            )
            s.flush()
            return int(entry.id)
