"""Store methods of the report draft (issue 19 point 3): the citeerbaar flag and the audit summary.

A mixin of :class:`~analysis.store.Project`. ``set_citeerbaar`` needs the right to code,
``audit_summary`` the right to read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ..domain import Coding
from .common import StoreError, _coding_dict, _row_coding
from .orm import AuditRow, CodingRow, utcnow
from .permissions import requires


class DraftStore:
    """Mixin of ``Project``: uses its ``transaction()``, ``_session()`` and ``_audit``."""

    @requires("code")
    def set_citeerbaar(self, coding_id: int, citeerbaar: bool = True) -> Coding:
        """Mark (or unmark) a coding as fit to quote in the report; audited like every coding change."""
        with self.transaction() as s:  # type: ignore[attr-defined]
            row = s.get(CodingRow, coding_id)
            if row is None:
                raise StoreError("store.no_coding", id=coding_id)
            if bool(row.citeerbaar) != bool(citeerbaar):
                before = _coding_dict(row)
                row.citeerbaar = bool(citeerbaar)
                row.updated_at = utcnow()
                self._audit(s, "update", "coding", coding_id, before=before, after=_coding_dict(row))  # type: ignore[attr-defined]
            return _row_coding(row)

    @requires("read")
    def audit_summary(self) -> list[dict[str, Any]]:
        """Who did what how often: ``{"user", "action", "entity", "count", "first", "last"}`` per
        (user, action, entity), most frequent first (one grouped query, not the whole log)."""
        stmt = (
            select(AuditRow.user, AuditRow.action, AuditRow.entity, func.count(), func.min(AuditRow.at), func.max(AuditRow.at))
            .group_by(AuditRow.user, AuditRow.action, AuditRow.entity)
            .order_by(func.count().desc(), AuditRow.user, AuditRow.action, AuditRow.entity)
        )
        with self._session() as s:  # type: ignore[attr-defined]
            return [
                {"user": u, "action": a, "entity": e, "count": int(n), "first": first, "last": last}
                for u, a, e, n, first, last in s.execute(stmt)
            ]
